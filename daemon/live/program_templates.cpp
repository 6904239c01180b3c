#include "live/program_templates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "settings/daemon_config.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_table.hpp"
#include "store/program_records.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kScheduleKeys[] = {
    "program.first_session_min", "program.last_session_min", "program.warmup_s",
    "program.retention_s",       "cue.fading.sessions",      "cue.fading.full_sessions",
    "cue.fading.block_s"};

// Set by the program itself when a session of it starts (live/runner_settings.cpp).
constexpr std::string_view kProgramOwnKeys[] = {"program.enabled", "cue.fading.enabled",
                                                "cue.session_number"};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void check_key(const std::string& key) {
  const Setting* setting = find_setting(key);
  if (!setting) {
    throw SettingsError("settings." + key,
                        fmt::format("a program's settings: unknown setting \"{}\"", key));
  }
  if (std::find(std::begin(kProgramOwnKeys), std::end(kProgramOwnKeys), key) !=
      std::end(kProgramOwnKeys)) {
    throw SettingsError(
        "settings." + key,
        fmt::format("a program's settings: \"{}\" is set by the program itself", key));
  }
  if (!setting->live() || !(starts_with(key, "program.") || starts_with(key, "cue."))) {
    throw SettingsError("settings." + key,
                        fmt::format("a program's settings hold live program.* and cue.* "
                                    "settings only, not \"{}\"",
                                    key));
  }
}

ProgramTemplate builtin(std::string name, std::string description, Json settings) {
  ProgramTemplate t;
  t.name = std::move(name);
  t.description = std::move(description);
  t.settings = checked_program_settings(settings);
  t.builtin = true;
  return t;
}

}  // namespace

std::vector<std::string_view> program_schedule_keys() {
  return {std::begin(kScheduleKeys), std::end(kScheduleKeys)};
}

std::vector<ProgramTemplate> builtin_programs() {
  return {builtin(std::string(kEvidenceProgram),
                  "8 sessions over 2 weeks, running time rising from 15 to 30 min, full feedback "
                  "in sessions 1-4 and faded over 5-8, each opening with a 2-minute warm-up "
                  "without cues (Crowell & Davis 2011; Bowser et al. 2018)",
                  {{"program.first_session_min", 15.0},
                   {"program.last_session_min", 30.0},
                   {"program.warmup_s", 120.0},
                   {"program.retention_s", 0.0},
                   {"cue.fading.sessions", 8},
                   {"cue.fading.full_sessions", 4}})};
}

std::optional<std::string> program_name_problem(std::string_view name) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  };
  if (name.empty() || name.size() > 40 || !std::all_of(name.begin(), name.end(), allowed) ||
      name.front() == '-' || name.front() == '_') {
    return fmt::format(
        "a program's name is 1 to 40 of a-z, 0-9, '-' and '_', starting with a "
        "letter or digit (got \"{}\")",
        name.substr(0, 60));
  }
  return std::nullopt;
}

Json checked_program_settings(const Json& settings) {
  if (!settings.is_object()) {
    throw SettingsError("settings",
                        "a program's settings are an object of dotted keys, e.g. "
                        "{\"program.first_session_min\": 15}");
  }
  Json filled = Json::object();
  for (const auto& [key, value] : settings.items()) {
    check_key(key);
    filled[key] = value;
  }
  const DaemonConfig defaults;
  for (const std::string_view key : kScheduleKeys) {
    if (!filled.contains(std::string(key)))
      filled[std::string(key)] = find_setting(key)->get(defaults);
  }
  // Every value and every rule between settings, as a session of the program will run them.
  DaemonConfig scratch;
  Json patch = filled;
  patch["program.enabled"] = true;
  patch["cue.fading.enabled"] = true;
  try {
    apply_settings_patch(scratch, patch, PatchScope::live_only);
  } catch (const SettingsError& e) {
    throw SettingsError(e.field().empty() ? "settings" : "settings." + e.field(),
                        std::string("a program's settings: ") + e.what());
  }
  return filled;
}

ProgramTemplate program_template_from_json(const Json& body) {
  if (!body.is_object())
    throw SettingsError("", "a program is an object: {\"name\", \"description\", \"settings\"}");
  for (const auto& [key, value] : body.items()) {
    if (key != "name" && key != "description" && key != "settings" && key != "builtin") {
      throw SettingsError(key, fmt::format("unknown program field \"{}\" (there are: name, "
                                           "description, settings)",
                                           key));
    }
  }
  ProgramTemplate t;
  if (!body.contains("name") || !body["name"].is_string())
    throw SettingsError("name", "a program needs a \"name\" (text)");
  t.name = body["name"].get<std::string>();
  if (auto problem = program_name_problem(t.name)) throw SettingsError("name", *problem);
  if (body.contains("description")) {
    if (!body["description"].is_string())
      throw SettingsError("description", "description must be text");
    t.description = body["description"].get<std::string>();
    if (t.description.size() > kProgramDescriptionMaxLength) {
      throw SettingsError("description",
                          fmt::format("description is {} bytes long; at most {} "
                                      "are kept",
                                      t.description.size(), kProgramDescriptionMaxLength));
    }
    for (const char c : t.description) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
        throw SettingsError("description", "description holds a control character");
    }
  }
  t.settings = checked_program_settings(body.value("settings", Json::object()));
  return t;
}

Json program_template_json(const ProgramTemplate& t) {
  return {{"name", t.name},
          {"description", t.description},
          {"settings", t.settings},
          {"builtin", t.builtin}};
}

std::vector<ProgramTemplate> all_programs(SqliteConnection* db) {
  std::vector<ProgramTemplate> all = builtin_programs();
  if (!db) return all;
  for (StoredProgram& p : list_programs(*db)) {
    ProgramTemplate t;
    t.name = std::move(p.name);
    t.description = std::move(p.description);
    t.settings = std::move(p.settings);
    all.push_back(std::move(t));
  }
  return all;
}

std::optional<ProgramTemplate> find_program(SqliteConnection* db, const std::string& name) {
  for (ProgramTemplate& t : all_programs(db)) {
    if (t.name == name) return std::move(t);
  }
  return std::nullopt;
}

std::string program_names(SqliteConnection* db) {
  std::string names;
  for (const ProgramTemplate& t : all_programs(db))
    names += (names.empty() ? "" : ", ") + t.name;
  return names;
}

Json settings_from_pairs(const std::vector<std::string>& pairs, std::string_view flag) {
  Json out = Json::object();
  for (const std::string& pair : pairs) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0)
      throw SettingsError("settings", fmt::format("{} takes KEY=VALUE, got \"{}\"", flag, pair));
    const std::string text = pair.substr(eq + 1);
    Json value = Json::parse(text, nullptr, false);
    out[pair.substr(0, eq)] = value.is_discarded() ? Json(text) : value;
  }
  return out;
}

void save_program_template(SqliteConnection& db, const ProgramTemplate& t) {
  for (const ProgramTemplate& b : builtin_programs()) {
    if (b.name == t.name) {
      throw SettingsError("name", fmt::format("\"{}\" is a built-in program; give yours "
                                              "another name",
                                              t.name));
    }
  }
  StoredProgram p;
  p.name = t.name;
  p.description = t.description;
  p.settings = t.settings;
  save_program(db, p);
}

}  // namespace stridecue
