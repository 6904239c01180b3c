#include "live/config_reload.hpp"

#include <fmt/format.h>

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

}  // namespace

void reload_config(const std::string& config_path, SettingsVersions& versions,
                   Dispatcher& dispatcher, std::mutex& state_mutex) {
  if (config_path.empty()) {
    log("no config file to reload");
    return;
  }
  DaemonConfig loaded;
  try {
    loaded = load_daemon_config(config_path);
  } catch (const std::exception& e) {
    log(fmt::format("keeping the running config: {}", e.what()));
    std::lock_guard lock(state_mutex);
    dispatcher.record_event(dispatcher.totals().session_s, "reload_failed", {{"error", e.what()}});
    return;
  }
  // Only what can change live is taken; the rest waits for a restart, and says so.
  const SettingsChange diff = diff_settings(versions.current(), loaded);
  nlohmann::json patch = nlohmann::json::object();
  for (const auto& c : diff.changed) {
    const Setting* s = find_setting(c.key);
    if (s && s->live()) {
      patch[c.key] = c.new_value;
    } else {
      log(fmt::format("{} changed in the file; it takes effect at restart", c.key));
    }
  }
  if (patch.empty()) {
    log("no live setting changed");
    return;
  }
  const SettingsVersions::Outcome outcome = versions.change(patch);
  if (!outcome.version) {
    log(fmt::format("keeping the running config: {}",
                    outcome.refusal.body.value("error", std::string("refused"))));
    return;
  }
  log(fmt::format("reloaded {} ({} change(s), version {})", config_path, outcome.changes.size(),
                  *outcome.version));
  std::lock_guard lock(state_mutex);
  dispatcher.record_settings(dispatcher.totals().session_s, "reload", outcome.changes);
}

}  // namespace stridecue
