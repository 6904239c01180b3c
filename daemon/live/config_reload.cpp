#include "live/config_reload.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "events/api_events.hpp"
#include "live/dispatcher.hpp"
#include "live/settings_versions.hpp"
#include "settings/daemon_config_file.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"

namespace stridecue {
namespace {

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: SIGHUP: {}\n", line);
}

ReloadOutcome refused(const std::string& error, Dispatcher& dispatcher, std::mutex& state_mutex) {
  log(fmt::format("keeping the running config: {}", error));
  std::lock_guard lock(state_mutex);
  dispatcher.record_event(dispatcher.totals().session_s, std::string(api_event::reload_failed),
                          {{"error", error}});
  return {false, error, nlohmann::json::array()};
}

}  // namespace

ReloadOutcome reload_config(const std::string& config_path, SettingsVersions& versions,
                            Dispatcher& dispatcher, std::mutex& state_mutex) {
  if (config_path.empty()) {
    log("no config file to reload");
    return {false, "no config file to reload (the daemon runs on its defaults)", {}};
  }
  DaemonConfigFile loaded;
  try {
    loaded = load_daemon_config_file(config_path);
  } catch (const std::exception& e) {
    return refused(e.what(), dispatcher, state_mutex);
  }
  // Taken as it stands, an empty file is every default: body mass, foot length and belt speed
  // unset mid-session. It is far more often a file being rewritten than a wish.
  if (loaded.keys.empty()) {
    return refused(fmt::format("{}: config file is empty (it sets no key)", config_path),
                   dispatcher, state_mutex);
  }
  // Only what the file sets and can change live is taken; the rest waits for a restart, and
  // says so. A key the file does not set keeps its running value: a file cut short while being
  // written, or a value that came from elsewhere (the simulator's runner, a coach's PATCH), is
  // not put back to a default in the middle of a session.
  const SettingsChange diff = diff_settings(versions.current(), loaded.config);
  nlohmann::json patch = nlohmann::json::object();
  for (const auto& c : diff.changed) {
    const Setting* s = find_setting(c.key);
    if (std::find(loaded.keys.begin(), loaded.keys.end(), c.key) == loaded.keys.end()) {
      if (s && s->live())
        log(fmt::format("{} is not in the file; it keeps its running value {}", c.key,
                        c.old_value.dump()));
    } else if (s && s->live()) {
      patch[c.key] = c.new_value;
    } else {
      log(fmt::format("{} changed in the file; it takes effect at restart", c.key));
    }
  }
  if (patch.empty()) {
    log("no live setting changed");
    return {true, {}, nlohmann::json::array()};
  }
  const SettingsVersions::Outcome outcome = versions.change(patch);
  if (!outcome.version) {
    return refused(fmt::format("{}: {}", config_path,
                               outcome.refusal.body.value("error", std::string("refused"))),
                   dispatcher, state_mutex);
  }
  log(fmt::format("reloaded {} ({} change(s), version {})", config_path, outcome.changes.size(),
                  *outcome.version));
  std::lock_guard lock(state_mutex);
  dispatcher.record_settings(dispatcher.totals().session_s, "reload", outcome.changes);
  return {true, {}, outcome.changes};
}

}  // namespace stridecue
