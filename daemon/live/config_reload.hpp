// SIGHUP: the config file read again. A file that does not parse or check, or an empty one
// (SIGHUP in the moment an editor or `cat >` has truncated it), is refused whole — logged with
// the file and why, a `reload_failed` event, `last_reload` in the status — and the running
// settings stay. Of a good one, the live settings it sets are applied like a PATCH (recorded
// with source `reload`); a key it does not set keeps its running value (a file cut short, the
// simulator's runner, a coach's PATCH are not reset to defaults mid-session), and changed fixed
// ones are logged as waiting for a restart. A live key a coach changed since the file was last
// read keeps the coach's value unless the file changed that key too; both cases are logged, in
// the `config_reloaded` event and in `last_reload`. docs/daemon.md.
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace stridecue {

class Dispatcher;
class SettingsVersions;

struct ReloadOutcome {
  bool ok = false;
  std::string error;                                 // why it was refused
  nlohmann::json changes = nlohmann::json::array();  // what it changed (live settings)
  // The live keys a coach had changed (PATCH) that the file sets otherwise:
  // [{"key", "coach", "file"}]. Reverted: the file changed that key since it was last read,
  // and its value now runs. Kept: it did not, and the coach's value still runs.
  nlohmann::json reverted = nlohmann::json::array();
  nlohmann::json kept = nlohmann::json::array();
};

// Main thread. `state_mutex` guards the dispatcher against the status reader.
ReloadOutcome reload_config(const std::string& config_path, SettingsVersions& versions,
                            Dispatcher& dispatcher, std::mutex& state_mutex);

}  // namespace stridecue
