#include "live/runner_program.hpp"

#include <fmt/format.h>

#include "live/program_templates.hpp"
#include "settings/settings_json.hpp"
#include "store/runner_records.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

std::optional<Json> resolved_program(SqliteConnection& db, const Json& value) {
  if (value.is_null()) return std::nullopt;
  std::string name;
  Json own = Json::object();
  if (value.is_string()) {
    name = value.get<std::string>();
  } else if (value.is_object() && value.contains("template") && value["template"].is_string()) {
    name = value["template"].get<std::string>();
    for (const auto& [key, v] : value.items()) {
      if (key == "settings") {
        own = v;
      } else if (key != "template" && key != "description" && key != "after_session") {
        // What a GET answered may be sent back whole.
        throw RunnerFieldError("program", fmt::format("unknown program field \"{}\" (there are: "
                                                      "template, settings)",
                                                      key));
      }
    }
  } else {
    throw RunnerFieldError("program",
                           "program must be a template's name, {\"template\": NAME, "
                           "\"settings\": {…}}, or null");
  }
  const auto found = find_program(&db, name);
  if (!found) {
    throw RunnerFieldError(
        "program", fmt::format("no program \"{}\" (there are: {})", name, program_names(&db)));
  }
  Json settings = found->settings;
  if (!own.is_object())
    throw RunnerFieldError("program", "program.settings must be an object of dotted keys");
  for (const auto& [key, v] : own.items())
    settings[key] = v;
  try {
    settings = checked_program_settings(settings);
  } catch (const SettingsError& e) {
    throw RunnerFieldError("program", e.what());
  }
  return Json{{"template", found->name},
              {"description", found->description},
              {"settings", std::move(settings)},
              {"after_session", last_session_id(db)}};
}

}  // namespace

void apply_runner_changes(SqliteConnection& db, RunnerProfile& profile, const Json& fields) {
  RunnerProfile next = profile;
  if (fields.is_object() && fields.contains("program")) {
    const Json& value = fields["program"];
    // A GET's record sent back whole keeps the copy (and its place) as it is.
    if (!(next.program && value == *next.program)) next.program = resolved_program(db, value);
  }
  apply_runner_fields(next, fields);
  profile = std::move(next);
}

Json runner_program_settings(const RunnerProfile& profile) {
  if (!profile.program || !profile.program->is_object()) return Json::object();
  const Json settings = profile.program->value("settings", Json::object());
  return settings.is_object() ? settings : Json::object();
}

std::int64_t runner_program_after_session(const RunnerProfile& profile) {
  if (!profile.program || !profile.program->is_object()) return 0;
  const Json& after = profile.program->value("after_session", Json(0));
  return after.is_number_integer() ? after.get<std::int64_t>() : 0;
}

}  // namespace stridecue
