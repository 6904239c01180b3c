#include "live/runner_settings.hpp"

#include "settings/settings_json.hpp"
#include "store/runner_records.hpp"

namespace stridecue {

using Json = nlohmann::json;

RunnerStart read_runner_start(SessionStore& store, const std::string& runner_id,
                              double program_session_min_s) {
  RunnerStart start;
  start.runner_id = runner_id;
  start.profile = read_runner(store.connection(), runner_id);
  start.counted_sessions = counted_sessions(store.connection(), runner_id, program_session_min_s);
  return start;
}

Json runner_settings_patch(const RunnerStart& start, const DaemonConfig& file_config) {
  const RunnerInfo& file = file_config.engine.runner;
  const RunnerProfile none;
  const RunnerProfile& p = start.profile ? *start.profile : none;
  const auto number = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  // The file's name belongs to the file's runner; another runner without one is shown by id.
  std::string name = p.name.value_or(start.runner_id == file_config.runner_id ? file.name : "");
  return {{"runner.name", std::move(name)},
          {"runner.body_mass_kg", number(p.body_mass_kg ? p.body_mass_kg : file.body_mass_kg)},
          {"runner.foot_length_m", number(p.foot_length_m ? p.foot_length_m : file.foot_length_m)},
          {"cue.session_number", start.counted_sessions + 1}};
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
