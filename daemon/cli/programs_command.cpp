// `stridecue programs`: the retraining program templates — the built-in evidence-based one and
// the clinic's own, kept in the store (live/program_templates.hpp) — list, show, add, remove.
// A runner is given one with `stridecue runners edit ID --program NAME`.
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "live/program_templates.hpp"
#include "settings/settings_json.hpp"
#include "store/program_records.hpp"
#include "store/session_store.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

struct ProgramsOptions {
  std::string db = StoreOptions{}.path;
  bool json = false;
  std::string name;
  std::string description;
  std::vector<std::string> settings;  // KEY=VALUE
};

int fail(const std::string& message, int code = kExitBadInput) {
  fmt::print(stderr, "stridecue programs: {}\n", message);
  return code;
}

// The templates: built-in ones, and the store's when there is one.
std::vector<ProgramTemplate> read_all(const std::string& db) {
  if (!std::filesystem::exists(db)) return all_programs(nullptr);
  SessionReader reader(db);
  return all_programs(&reader.connection());
}

std::string schedule_line(const Json& s) {
  return fmt::format(
      "{} sessions, {:g} → {:g} min, full feedback in {}, warm-up {:g} s, "
      "retention {:g} s",
      s.value("cue.fading.sessions", Json(0)).dump(), s.value("program.first_session_min", 0.0),
      s.value("program.last_session_min", 0.0), s.value("cue.fading.full_sessions", Json(0)).dump(),
      s.value("program.warmup_s", 0.0), s.value("program.retention_s", 0.0));
}

int list(const ProgramsOptions& o) {
  std::vector<ProgramTemplate> all;
  try {
    all = read_all(o.db);
  } catch (const std::runtime_error& e) {
    return fail(e.what(), kExitFailure);
  }
  if (o.json) {
    Json out = Json::array();
    for (const ProgramTemplate& t : all)
      out.push_back(program_template_json(t));
    fmt::print("{}\n", out.dump(2));
    return kExitOk;
  }
  for (const ProgramTemplate& t : all) {
    fmt::print("{}{}\n  {}\n  {}\n", t.name, t.builtin ? " (built in)" : "",
               schedule_line(t.settings), t.description);
  }
  return kExitOk;
}

int show(const ProgramsOptions& o) {
  try {
    std::optional<ProgramTemplate> found;
    if (std::filesystem::exists(o.db)) {
      SessionReader reader(o.db);
      found = find_program(&reader.connection(), o.name);
    } else {
      found = find_program(nullptr, o.name);
    }
    if (!found)
      return fail(fmt::format("no program \"{}\" (stridecue programs list shows them)", o.name));
    fmt::print("{}\n", program_template_json(*found).dump(2));
  } catch (const std::runtime_error& e) {
    return fail(e.what(), kExitFailure);
  }
  return kExitOk;
}

int add(const ProgramsOptions& o) {
  try {
    const ProgramTemplate t =
        program_template_from_json({{"name", o.name},
                                    {"description", o.description},
                                    {"settings", settings_from_pairs(o.settings, "--set")}});
    StoreOptions options;
    options.path = o.db;
    SessionStore store(options);
    if (const auto found = find_program(&store.connection(), t.name)) {
      return fail(fmt::format("there is a program \"{}\" already{}", t.name,
                              found->builtin ? " (built in)" : " (remove it first)"));
    }
    save_program_template(store.connection(), t);
    fmt::print("{}\n", program_template_json(*find_program(&store.connection(), t.name)).dump(2));
  } catch (const SettingsError& e) {
    return fail(e.what());
  } catch (const std::runtime_error& e) {
    return fail(e.what(), kExitFailure);
  }
  return kExitOk;
}

int remove(const ProgramsOptions& o) {
  if (!std::filesystem::exists(o.db))
    return fail(fmt::format("no session store at {} (--db names another)", o.db));
  try {
    StoreOptions options;
    options.path = o.db;
    SessionStore store(options);
    const auto found = find_program(&store.connection(), o.name);
    if (!found) return fail(fmt::format("no program \"{}\" in {}", o.name, o.db));
    if (found->builtin) return fail(fmt::format("\"{}\" is built in and stays", o.name));
    delete_program(store.connection(), o.name);
    fmt::print("removed program \"{}\" (the runners given it keep their copy)\n", o.name);
  } catch (const std::runtime_error& e) {
    return fail(e.what(), kExitFailure);
  }
  return kExitOk;
}

}  // namespace

void add_programs_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<ProgramsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "programs", "retraining program templates (built in, and the clinic's own in the store)");
  cmd->add_option("--db", o->db, "session store (SQLite file)")->capture_default_str();
  cmd->require_subcommand(0, 1);
  CLI::App* list_cmd = cmd->add_subcommand("list", "every template (the default)");
  list_cmd->add_flag("--json", o->json, "one JSON array instead of text");
  CLI::App* show_cmd = cmd->add_subcommand("show", "one template as JSON");
  show_cmd->add_option("name", o->name, "the template's name")->required();
  CLI::App* add_cmd = cmd->add_subcommand("add", "a template of the clinic's own");
  add_cmd->add_option("name", o->name, "its name: a-z, 0-9, '-', '_'")->required();
  add_cmd->add_option("--description", o->description, "what it is for, and its source");
  add_cmd->add_option("--set", o->settings,
                      "KEY=VALUE: a program.* or cue.* setting of its sessions (repeat it; "
                      "the schedule's keys it leaves out take their defaults)");
  CLI::App* remove_cmd = cmd->add_subcommand("remove", "remove a template of the clinic's own");
  remove_cmd->add_option("name", o->name, "the template's name")->required();
  for (CLI::App* sub : {list_cmd, show_cmd, add_cmd, remove_cmd})
    sub->fallthrough();  // --db after the subcommand too
  cmd->callback([o, show_cmd, add_cmd, remove_cmd, &exit_code] {
    if (show_cmd->parsed()) {
      exit_code = show(*o);
    } else if (add_cmd->parsed()) {
      exit_code = add(*o);
    } else if (remove_cmd->parsed()) {
      exit_code = remove(*o);
    } else {
      exit_code = list(*o);
    }
  });
}

}  // namespace stridecue
