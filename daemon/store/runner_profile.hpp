// What the clinic knows of a runner, beside the id their sessions are kept under: who they are
// (a name is optional: the id may be a pseudonym), what the data do not say (body mass, foot
// length), and what the clinician notes (shoe, affected side, notes). A session starts with its
// runner's mass and foot length (docs/store.md "Runners"), never the previous runner's.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace stridecue {

inline constexpr std::size_t kRunnerTextMaxLength = 200;    // name, shoe
inline constexpr std::size_t kRunnerNotesMaxLength = 4000;  // notes

struct RunnerProfile {
  std::string id;
  std::optional<std::string> name;
  std::optional<double> body_mass_kg;
  std::optional<double> foot_length_m;
  std::optional<std::string> shoe;
  std::optional<std::string> affected_side;  // "left" | "right" | "both" | "none"
  std::optional<std::string> notes;
  // Their retraining program: the template as it was assigned (live/program_templates.hpp):
  // {"template", "description", "settings", "after_session"}. Set through the program field
  // (live/runner_program.hpp), which needs the settings to check it.
  std::optional<nlohmann::json> program;
  std::string created_utc, updated_utc;  // set by the store
};

// {"id", "name", "body_mass_kg", …, "created_utc", "updated_utc"}; unset fields are null.
nlohmann::json runner_profile_json(const RunnerProfile& profile);

// Applies an object of fields ({"name": "…", "body_mass_kg": 61.5, …}; null clears one) to
// `profile`, all or nothing. Throws RunnerFieldError naming the field for an unknown field, a
// wrong JSON type, an affected side that is not one of the four, or text that is too long or
// holds control characters. The "program" field is not applied here (live/runner_program.hpp
// resolves and checks it, then calls this without it). Ranges of mass and foot length are the
// settings' (the daemon checks them against its settings table: live/runner_settings.hpp).
class RunnerFieldError : public std::invalid_argument {
 public:
  RunnerFieldError(std::string field, const std::string& message)
      : std::invalid_argument(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};
void apply_runner_fields(RunnerProfile& profile, const nlohmann::json& fields);

}  // namespace stridecue
