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

// ", 1 coach's change reverted, 2 kept" (each is on a line of its own above).
std::string coach_summary(const nlohmann::json& reverted, const nlohmann::json& kept) {
  std::string out;
  if (!reverted.empty()) out += fmt::format(", {} coach's change(s) reverted", reverted.size());
  if (!kept.empty()) out += fmt::format(", {} coach's change(s) kept", kept.size());
  return out;
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
  //
  // A live key a coach changed (PATCH) since the file was last read keeps the coach's value
  // while the file's value for it is what it was then: the file was not edited there, and a
  // reload for another key must not undo the coach. A file that changed that very key wins: it
  // is the newer word. Either way the reload names the key, the coach's value and the file's.
  const SettingsVersions::ReloadBasis basis = versions.reload_basis();
  const SettingsChange diff = diff_settings(basis.running, loaded.config);
  nlohmann::json patch = nlohmann::json::object();
  nlohmann::json reverted = nlohmann::json::array(), kept = nlohmann::json::array();
  std::vector<std::string> settled;  // coach's keys the file now decides
  std::vector<std::string> said;     // logged once the change is taken (it may be refused)
  for (const auto& c : diff.changed) {
    const Setting* s = find_setting(c.key);
    const bool in_file =
        std::find(loaded.keys.begin(), loaded.keys.end(), c.key) != loaded.keys.end();
    if (!in_file) {
      if (s && s->live())
        log(fmt::format("{} is not in the file; it keeps its running value {}", c.key,
                        c.old_value.dump()));
    } else if (s && s->live() && basis.coach_keys.count(c.key) != 0) {
      const nlohmann::json account = {
          {"key", c.key}, {"coach", c.old_value}, {"file", c.new_value}};
      if (s->get(loaded.config) != s->get(basis.last_file)) {
        patch[c.key] = c.new_value;
        reverted.push_back(account);
        settled.push_back(c.key);
        said.push_back(
            fmt::format("{}: the coach's {} is reverted to the file's {} (the file changed it)",
                        c.key, c.old_value.dump(), c.new_value.dump()));
      } else {
        kept.push_back(account);
        said.push_back(fmt::format(
            "{}: keeps the coach's {}; the file's {} is unchanged since it was last read", c.key,
            c.old_value.dump(), c.new_value.dump()));
      }
    } else if (s && s->live()) {
      patch[c.key] = c.new_value;
    } else {
      log(fmt::format("{} changed in the file; it takes effect at restart", c.key));
    }
  }
  // The coach's keys the file now sets to the very value running are the file's again.
  for (const std::string& key : basis.coach_keys) {
    const Setting* s = find_setting(key);
    if (s && std::find(loaded.keys.begin(), loaded.keys.end(), key) != loaded.keys.end() &&
        s->get(loaded.config) == s->get(basis.running))
      settled.push_back(key);
  }
  ReloadOutcome out{true, {}, nlohmann::json::array(), reverted, kept};
  if (!patch.empty()) {
    const SettingsVersions::Outcome outcome =
        versions.change(patch, SettingsVersions::Source::file);
    if (!outcome.version) {
      return refused(fmt::format("{}: {}", config_path,
                                 outcome.refusal.body.value("error", std::string("refused"))),
                     dispatcher, state_mutex);
    }
    out.changes = outcome.changes;
    for (const std::string& line : said)
      log(line);
    log(fmt::format("reloaded {} ({} change(s), version {}{})", config_path, outcome.changes.size(),
                    *outcome.version, coach_summary(reverted, kept)));
  } else {
    for (const std::string& line : said)
      log(line);
    log(fmt::format("reloaded {}: no live setting changed{}", config_path,
                    coach_summary(reverted, kept)));
  }
  versions.file_taken(loaded.config, settled);
  std::lock_guard lock(state_mutex);
  const double at_s = dispatcher.totals().session_s;
  if (!out.changes.empty()) dispatcher.record_settings(at_s, "reload", out.changes);
  dispatcher.record_event(
      at_s, std::string(api_event::config_reloaded),
      {{"file", config_path}, {"changes", out.changes}, {"reverted", reverted}, {"kept", kept}});
  return out;
}

}  // namespace stridecue
