// `stridecue runners`: the runners' records in the store (store/runner_profile.hpp) — list,
// show, add, edit. Writes while the daemon records (WAL; the daemon's recorder waits for the
// moment the write takes): a session started after an edit starts with the new values.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "live/program_templates.hpp"
#include "live/runner_program.hpp"
#include "live/runner_settings.hpp"
#include "settings/runner_id.hpp"
#include "settings/settings_json.hpp"
#include "store/runner_records.hpp"
#include "store/session_store.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

struct RunnersOptions {
  std::string db = StoreOptions{}.path;
  bool json = false;
  std::string id;
  // Fields as given on the command line; unset: not given.
  std::optional<std::string> name, shoe, affected_side, notes;
  std::optional<double> body_mass_kg, foot_length_m;
  std::optional<std::string> program;    // a template's name
  std::vector<std::string> program_set;  // KEY=VALUE: the runner's own changes to it
  std::vector<std::string> clear;        // fields to empty
};

int fail(const std::string& message, int code = kExitBadInput) {
  fmt::print(stderr, "stridecue runners: {}\n", message);
  return code;
}

// The fields the command line gave, as the API's JSON (null for --clear).
Json given_fields(const RunnersOptions& o) {
  Json fields = Json::object();
  const auto put = [&](const char* key, const auto& v) {
    if (v) fields[key] = *v;
  };
  put("name", o.name);
  put("body_mass_kg", o.body_mass_kg);
  put("foot_length_m", o.foot_length_m);
  put("shoe", o.shoe);
  put("affected_side", o.affected_side);
  put("notes", o.notes);
  if (o.program) {
    Json own;
    try {
      own = settings_from_pairs(o.program_set, "--program-set");
    } catch (const SettingsError& e) {
      throw RunnerFieldError("program", e.what());
    }
    fields["program"] = {{"template", *o.program}, {"settings", std::move(own)}};
  } else if (!o.program_set.empty()) {
    throw RunnerFieldError("program", "--program-set needs --program NAME");
  }
  for (const std::string& field : o.clear) {
    if (fields.contains(field)) throw RunnerFieldError(field, field + " is both given and cleared");
    fields[field] = nullptr;
  }
  return fields;
}

std::string text_or_dash(const std::optional<std::string>& v) {
  return v ? *v : "-";
}

std::string number_or_dash(const std::optional<double>& v, const char* unit) {
  return v ? fmt::format("{:g} {}", *v, unit) : "-";
}

int list_runners(const RunnersOptions& o) {
  if (!std::filesystem::exists(o.db))
    return fail(fmt::format("no session store at {} (--db names another)", o.db));
  std::vector<RunnerListing> runners;
  try {
    SessionReader reader(o.db);
    runners = list_runners(reader.connection());
  } catch (const std::runtime_error& e) {
    return fail(e.what());
  }
  if (o.json) {
    Json all = Json::array();
    for (const RunnerListing& r : runners) {
      Json j = runner_profile_json(r.profile);
      j["sessions"] = r.sessions;
      j["last_session_utc"] = r.last_utc ? Json(*r.last_utc) : Json(nullptr);
      all.push_back(std::move(j));
    }
    fmt::print("{}\n", all.dump(2));
    return kExitOk;
  }
  if (runners.empty()) {
    fmt::print("no runners in {}\n", o.db);
    return kExitOk;
  }
  fmt::print("{:<20} {:<24} {:>9} {:>11} {:>8}  {}\n", "runner", "name", "mass", "foot length",
             "sessions", "last session (UTC)");
  for (const RunnerListing& r : runners) {
    fmt::print("{:<20} {:<24} {:>9} {:>11} {:>8}  {}\n", printable_runner_id(r.profile.id),
               text_or_dash(r.profile.name), number_or_dash(r.profile.body_mass_kg, "kg"),
               number_or_dash(r.profile.foot_length_m, "m"), r.sessions, text_or_dash(r.last_utc));
  }
  return kExitOk;
}

int show_runner(const RunnersOptions& o) {
  if (!std::filesystem::exists(o.db))
    return fail(fmt::format("no session store at {} (--db names another)", o.db));
  try {
    SessionReader reader(o.db);
    const auto profile = read_runner(reader.connection(), o.id);
    if (!profile) return fail(fmt::format("no runner '{}' in {}", printable_runner_id(o.id), o.db));
    fmt::print("{}\n", runner_profile_json(*profile).dump(2));
  } catch (const std::runtime_error& e) {
    return fail(e.what());
  }
  return kExitOk;
}

// add (`must_exist` false: the runner must be new) or edit (true).
int save(const RunnersOptions& o, bool must_exist) {
  if (auto problem = runner_id_problem(o.id)) return fail(*problem);
  try {
    StoreOptions options;
    options.path = o.db;
    SessionStore store(options);
    std::optional<RunnerProfile> profile = read_runner(store.connection(), o.id);
    if (must_exist && !profile) {
      return fail(fmt::format("no runner '{}' in {} (stridecue runners add creates one)",
                              printable_runner_id(o.id), o.db));
    }
    if (!must_exist && profile) {
      return fail(fmt::format("runner '{}' is already in {} (stridecue runners edit changes them)",
                              printable_runner_id(o.id), o.db));
    }
    RunnerProfile next;
    if (profile) next = *profile;
    next.id = o.id;
    apply_runner_changes(store.connection(), next, given_fields(o));
    check_runner_ranges(next);
    save_runner(store.connection(), next);
    fmt::print("{}\n", runner_profile_json(*read_runner(store.connection(), o.id)).dump(2));
  } catch (const RunnerFieldError& e) {
    return fail(e.what());
  } catch (const std::runtime_error& e) {
    return fail(e.what(), kExitFailure);
  }
  return kExitOk;
}

void add_field_options(CLI::App* cmd, RunnersOptions& o) {
  cmd->add_option("--name", o.name, "the runner's name (optional: the id may be a pseudonym)");
  cmd->add_option("--body-mass-kg", o.body_mass_kg, "body mass: forces in body weights");
  cmd->add_option("--foot-length-m", o.foot_length_m, "foot length: the strike index");
  cmd->add_option("--shoe", o.shoe, "the shoe they run in");
  cmd->add_option("--affected-side", o.affected_side, "left, right, both or none");
  cmd->add_option("--notes", o.notes, "the clinician's notes");
  cmd->add_option("--program", o.program,
                  "give them this retraining program (stridecue programs list): its sessions "
                  "from the next one on");
  cmd->add_option("--program-set", o.program_set,
                  "KEY=VALUE: this runner's own change to the program's settings (repeat it)");
}

}  // namespace

void add_runners_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunnersOptions>();
  CLI::App* cmd = app.add_subcommand(
      "runners", "the runners' records in the store (name, mass, foot length, shoe, notes)");
  cmd->add_option("--db", o->db, "session store (SQLite file)")->capture_default_str();
  cmd->require_subcommand(0, 1);

  CLI::App* list = cmd->add_subcommand("list", "every runner, with their sessions (the default)");
  list->add_flag("--json", o->json, "one JSON array instead of a table");
  CLI::App* show = cmd->add_subcommand("show", "one runner's record as JSON");
  show->add_option("id", o->id, "runner id")->required();
  CLI::App* add = cmd->add_subcommand("add", "a new runner");
  add->add_option("id", o->id, "runner id (a pseudonym: " + std::string(kRunnerIdRule) + ")")
      ->required();
  add_field_options(add, *o);
  CLI::App* edit = cmd->add_subcommand("edit", "change a runner's record");
  edit->add_option("id", o->id, "runner id")->required();
  add_field_options(edit, *o);
  edit->add_option("--clear", o->clear, "empty these fields (e.g. --clear shoe notes)")
      ->check(CLI::IsMember(
          {"name", "body_mass_kg", "foot_length_m", "shoe", "affected_side", "notes", "program"}));

  for (CLI::App* sub : {list, show, add, edit})
    sub->fallthrough();  // --db after the subcommand too
  cmd->callback([o, cmd, list, show, add, edit, &exit_code] {
    if (show->parsed()) {
      exit_code = show_runner(*o);
    } else if (add->parsed()) {
      exit_code = save(*o, false);
    } else if (edit->parsed()) {
      exit_code = save(*o, true);
    } else if (list->parsed() || cmd->get_subcommands().empty()) {
      exit_code = list_runners(*o);
    }  // else another subcommand of `runners` (export, erase: runner_data_command.cpp) ran
  });
}

}  // namespace stridecue
