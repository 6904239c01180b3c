// SIGHUP: the config file read again. A file that does not parse or check is refused whole
// (logged, and a `reload_failed` event); of a good one, the live settings are applied like a
// PATCH (recorded with source `reload`) and the fixed ones are logged as waiting for a restart.
#pragma once

#include <mutex>
#include <string>

namespace stridecue {

class Dispatcher;
class SettingsVersions;

// Main thread. `state_mutex` guards the dispatcher against the status reader.
void reload_config(const std::string& config_path, SettingsVersions& versions,
                   Dispatcher& dispatcher, std::mutex& state_mutex);

}  // namespace stridecue
