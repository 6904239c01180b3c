// `stridecue runners export ID --out DIR` and `stridecue runners erase ID --yes`: a runner's
// data as a whole, for the right of access and the right to erasure (docs/store.md, "A
// runner's data"; store/runner_data.hpp).
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "settings/runner_id.hpp"
#include "store/runner_data.hpp"
#include "store/session_export.hpp"
#include "store/session_store.hpp"

namespace stridecue {
namespace {

struct RunnerDataOptions {
  std::string runner;
  std::string db = StoreOptions{}.path;
  std::string out;
  bool yes = false;
  bool dry_run = false;
  std::string excel;  // --excel[=locale|comma|point]
};

int export_command(const RunnerDataOptions& o) {
  if (!std::filesystem::exists(o.db)) {
    fmt::print(stderr, "stridecue runners export: no session store at {}\n", o.db);
    return kExitBadInput;
  }
  try {
    const CsvStyle style = o.excel.empty() ? CsvStyle{} : *CsvStyle::excel(o.excel);
    const RunnerExport r = export_runner(o.db, o.runner, o.out, style);
    for (const auto& file : r.files)
      fmt::print("{}\n", file.string());
    fmt::print("exported runner {}: {} session(s) into {}\n", printable_runner_id(o.runner),
               r.sessions, o.out);
    return kExitOk;
  } catch (const UnknownRunner& e) {
    fmt::print(stderr, "stridecue runners export: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "stridecue runners export: {}\n", e.what());
    return kExitFailure;
  }
}

int erase_command(const RunnerDataOptions& o) {
  try {
    StoreMaintenance store(o.db);
    const bool dry_run = o.dry_run || !o.yes;
    const RunnerErasure r = erase_runner(store, o.runner, dry_run);
    std::string rows;
    for (const auto& [table, count] : r.rows)
      rows += fmt::format("{}{} {}", rows.empty() ? "" : ", ", count, table);
    const std::string who = printable_runner_id(o.runner);
    if (dry_run) {
      fmt::print("would erase runner {}: {} session(s); rows: {}\n", who, r.sessions.size(), rows);
      if (!o.yes && !o.dry_run) {
        fmt::print(stderr,
                   "stridecue runners erase: nothing erased; add --yes to erase runner {} for "
                   "good (`runners export {} --out DIR` first keeps a copy)\n",
                   who, who);
        return kExitBadInput;
      }
      return kExitOk;
    }
    fmt::print("erased runner {}: {} session(s); rows: {}\n", who, r.sessions.size(), rows);
    if (r.reclaim == SpaceReclaim::vacuumed) {
      fmt::print("space: VACUUM and an emptied WAL: none of their bytes is left in {}\n", o.db);
    } else {
      fmt::print(
          "space: a daemon writes {}: their rows were overwritten with zeros in place "
          "(secure_delete){}; `stridecue sessions vacuum` once it is stopped also drops "
          "the free pages\n",
          o.db,
          r.journal_emptied ? " and the WAL emptied"
                            : ", but the WAL could not be emptied now (a reader held it)");
    }
    return kExitOk;
  } catch (const UnknownRunner& e) {
    fmt::print(stderr, "stridecue runners erase: {}\n", e.what());
    return kExitBadInput;
  } catch (const RunnerRecording& e) {
    fmt::print(stderr, "stridecue runners erase: {}\n", e.what());
    return kExitBadInput;
  } catch (const SqliteError& e) {
    fmt::print(stderr, "stridecue runners erase: {}\n", e.what());
    return e.storage_fault() ? kExitFailure : kExitBadInput;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue runners erase: {}\n", e.what());
    return kExitBadInput;
  }
}

CLI::App& runners_command(CLI::App& app) {
  try {
    return *app.get_subcommand("runners");  // the runners' own commands (add, edit, list …)
  } catch (const CLI::OptionNotFound&) {
    CLI::App* runners = app.add_subcommand("runners", "the runners in the store");
    runners->require_subcommand(1);
    return *runners;
  }
}

}  // namespace

void add_runner_data_commands(CLI::App& app, int& exit_code) {
  CLI::App& runners = runners_command(app);
  auto o = std::make_shared<RunnerDataOptions>();

  CLI::App* out = runners.add_subcommand(
      "export",
      "write every session of a runner (steps, cues, settings changes, events, "
      "samples) as CSV and JSON files");
  out->add_option("runner", o->runner, "runner id")->required();
  out->add_option("--out", o->out, "directory to write into (created)")->required();
  out->add_option("--db", o->db, "session store (SQLite file)")->capture_default_str();
  out->add_flag("--excel{locale}", o->excel,
                "CSV tables for Excel: UTF-8 BOM, and where the decimal mark is a comma (the "
                "LC_NUMERIC locale's, or --excel=comma) decimal commas and ';' between fields")
      ->check(CLI::IsMember({"locale", "comma", "point"}));
  out->callback([o, &exit_code] { exit_code = export_command(*o); });

  CLI::App* erase = runners.add_subcommand(
      "erase",
      "erase a runner: every row of theirs in every table, then the bytes from the "
      "file (GDPR erasure)");
  erase->add_option("runner", o->runner, "runner id")->required();
  erase->add_flag("--yes", o->yes, "erase for good (without it: say what would go)");
  erase->add_flag("--dry-run", o->dry_run, "say what would go, change nothing");
  erase->add_option("--db", o->db, "session store (SQLite file)")->capture_default_str();
  erase->callback([o, &exit_code] { exit_code = erase_command(*o); });
}

}  // namespace stridecue
