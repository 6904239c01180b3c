#include "live/runner_settings.hpp"

#include "live/runner_program.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"
#include "store/runner_records.hpp"

namespace stridecue {

using Json = nlohmann::json;

RunnerStart read_runner_start(SessionStore& store, const std::string& runner_id,
                              double program_session_min_s) {
  RunnerStart start;
  start.runner_id = runner_id;
  start.profile = read_runner(store.connection(), runner_id);
  const std::int64_t after = start.profile ? runner_program_after_session(*start.profile) : 0;
  start.counted_sessions =
      counted_sessions(store.connection(), runner_id, program_session_min_s, 0, after);
  return start;
}

std::vector<std::string> program_keys(const RunnerStart& start) {
  std::vector<std::string> keys;
  if (!start.profile || !start.profile->program) return keys;
  const Json settings = runner_program_settings(*start.profile);
  for (const auto& [key, value] : settings.items())
    keys.push_back(key);
  keys.emplace_back("program.enabled");
  keys.emplace_back("cue.fading.enabled");
  return keys;
}

Json runner_settings_patch(const RunnerStart& start, const DaemonConfig& file_config,
                           const std::vector<std::string>& previous_program_keys) {
  const RunnerInfo& file = file_config.engine.runner;
  const RunnerProfile none;
  const RunnerProfile& p = start.profile ? *start.profile : none;
  const auto number = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  // The file's name belongs to the file's runner; another runner without one is shown by id.
  std::string name = p.name.value_or(start.runner_id == file_config.runner_id ? file.name : "");
  Json patch = Json::object();
  for (const std::string& key : previous_program_keys) {
    if (const Setting* setting = find_setting(key)) patch[key] = setting->get(file_config);
  }
  const Json program_settings = runner_program_settings(p);
  for (const auto& [key, value] : program_settings.items())
    patch[key] = value;
  if (p.program) {
    patch["program.enabled"] = true;
    patch["cue.fading.enabled"] = true;
  }
  patch["runner.name"] = std::move(name);
  patch["runner.body_mass_kg"] = number(p.body_mass_kg ? p.body_mass_kg : file.body_mass_kg);
  patch["runner.foot_length_m"] = number(p.foot_length_m ? p.foot_length_m : file.foot_length_m);
  patch["cue.session_number"] = start.counted_sessions + 1;
  return patch;
}

void apply_runner_start(DaemonConfig& config, const RunnerStart& start,
                        const DaemonConfig& file_config) {
  apply_settings_patch(config, runner_settings_patch(start, file_config), PatchScope::live_only);
}

void check_runner_ranges(const RunnerProfile& profile) {
  DaemonConfig scratch;
  const auto check = [&](const char* field, const char* key, const std::optional<double>& v) {
    if (!v) return;
    try {
      apply_settings_patch(scratch, Json{{key, *v}}, PatchScope::live_only);
    } catch (const SettingsError& e) {
      throw RunnerFieldError(field, e.what());
    }
  };
  check("body_mass_kg", "runner.body_mass_kg", profile.body_mass_kg);
  check("foot_length_m", "runner.foot_length_m", profile.foot_length_m);
}

}  // namespace stridecue
