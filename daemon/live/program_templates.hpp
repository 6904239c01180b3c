// Retraining program templates: a name, a description, and the settings every session of the
// program runs with (flat dotted keys: the schedule's `program.*` and `cue.fading.*`, and any
// other live `cue.*` setting, e.g. which cues speak). One is built in, the evidence-based one
// (Crowell & Davis 2011, Bowser et al. 2018: 8 sessions over 2 weeks, 15 → 30 min of running,
// full feedback in sessions 1-4, faded over 5-8); a clinic adds its own to the store
// (store/program_records.hpp). A runner is given a copy (live/runner_program.hpp), so a
// template edited later never changes a program under way. docs/cues.md "Programs".
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace stridecue {

struct ProgramTemplate {
  std::string name;
  std::string description;
  nlohmann::json settings = nlohmann::json::object();  // every schedule key explicit
  bool builtin = false;
};

inline constexpr std::string_view kEvidenceProgram = "crowell-davis-8";
inline constexpr std::size_t kProgramDescriptionMaxLength = 1000;

// The schedule's keys, which every template holds (the defaults where it was made without).
std::vector<std::string_view> program_schedule_keys();

std::vector<ProgramTemplate> builtin_programs();

// Why `name` cannot name a template (none: it can): 1-40 of a-z, 0-9, '-', '_', starting with a
// letter or digit.
std::optional<std::string> program_name_problem(std::string_view name);

// `settings` checked as a template's (live `program.*` and `cue.*` keys, not the ones a program
// sets itself: program.enabled, cue.fading.enabled, cue.session_number; every value and rule as
// the settings table says) and with the schedule's keys it leaves out filled from the defaults.
// Throws SettingsError naming the key.
nlohmann::json checked_program_settings(const nlohmann::json& settings);

// A template as an API body or `stridecue programs add` gives it: {"name", "description",
// "settings"}. Throws SettingsError naming the field ("name", "description", "settings.<key>").
ProgramTemplate program_template_from_json(const nlohmann::json& body);
// {"name", "description", "settings", "builtin"}.
nlohmann::json program_template_json(const ProgramTemplate& t);

// The built-in ones, then the store's (none when `db` is null), by name.
std::vector<ProgramTemplate> all_programs(SqliteConnection* db);
std::optional<ProgramTemplate> find_program(SqliteConnection* db, const std::string& name);
// "crowell-davis-8, softer-6": their names, for a message naming what there is.
std::string program_names(SqliteConnection* db);

// Command-line settings ("cue.fading.sessions=6", as `flag` takes them) as a flat object: the
// value as JSON when it reads as JSON (numbers, true, false, null, lists), else as text.
// Throws SettingsError("settings") for a pair without "KEY=".
nlohmann::json settings_from_pairs(const std::vector<std::string>& pairs, std::string_view flag);

// Stores a clinic's template. Throws SettingsError("name") when a built-in one has the name.
void save_program_template(SqliteConnection& db, const ProgramTemplate& t);

}  // namespace stridecue
