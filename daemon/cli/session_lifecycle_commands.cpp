// `stridecue sessions delete | prune | vacuum | backup`: the store's lifecycle (docs/store.md,
// "Lifecycle"). Deleting never touches a session a running daemon holds open; the space comes
// back by VACUUM when no daemon writes the store, else the daemon's next writes reuse it.
#include <fmt/format.h>

#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "settings/runner_id.hpp"
#include "store/store_backup.hpp"
#include "store/store_maintenance.hpp"

namespace stridecue {
namespace {

struct LifecycleOptions {
  std::vector<std::int64_t> ids;
  double older_than_days = 0.0;
  bool dry_run = false;
  bool raw_only = false;
  std::string dest;
};

std::string megabytes(std::uintmax_t bytes) {
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

std::string described(const SessionSummary& s) {
  return fmt::format("session {} ({}'s session {}, started {}, {} steps)", s.id,
                     printable_runner_id(s.runner_id), s.session_number, s.started_utc, s.strides);
}

void print_space(const SessionDeletion& d, const std::string& db) {
  switch (d.reclaim) {
    case SpaceReclaim::vacuumed:
      fmt::print("space: VACUUM (no daemon writes {}): {} → {}\n", db,
                 megabytes(d.file_bytes_before), megabytes(d.file_bytes_after));
      break;
    case SpaceReclaim::reused:
      fmt::print(
          "space: a daemon writes {}, so the freed pages stay in the file and its next writes "
          "fill them before the file grows; `stridecue sessions vacuum` shrinks the file once "
          "the daemon is stopped\n",
          db);
      break;
    case SpaceReclaim::none: break;
  }
}

// Prints what went (or would go) and what was kept; the exit code.
int report(const SessionDeletion& d, const std::string& db, bool raw_only, bool dry_run) {
  const char* verb = raw_only ? (dry_run ? "would remove the raw blocks of"
                                         : "removed the raw "
                                           "blocks of")
                              : (dry_run ? "would delete" : "deleted");
  for (const SessionSummary& s : d.removed)
    fmt::print("{} {}\n", verb, described(s));
  if (!d.removed.empty()) {
    fmt::print("{} session(s), {} of raw samples{}\n", d.removed.size(), megabytes(d.raw_bytes),
               dry_run ? " (dry run: nothing changed)" : "");
  }
  for (const SessionSummary& s : d.held_open) {
    fmt::print(stderr,
               "stridecue sessions: kept {}: it is open in the daemon writing {} (stop the "
               "session or the daemon first)\n",
               described(s), db);
  }
  for (const std::int64_t id : d.unknown)
    fmt::print(stderr, "stridecue sessions: no session {} in {}\n", id, db);
  if (!dry_run) print_space(d, db);
  return d.held_open.empty() && d.unknown.empty() ? kExitOk : kExitBadInput;
}

template <typename Body>
int with_store(const std::string& db, const char* command, Body&& body) {
  try {
    StoreMaintenance store(db);
    return body(store);
  } catch (const SqliteError& e) {
    fmt::print(stderr, "stridecue sessions {}: {}\n", command, e.what());
    return e.storage_fault() ? kExitFailure : kExitBadInput;
  } catch (const std::runtime_error& e) {  // no store there, not a store, a newer schema
    fmt::print(stderr, "stridecue sessions {}: {}\n", command, e.what());
    return kExitBadInput;
  }
}

int delete_command(const std::string& db, const LifecycleOptions& o) {
  return with_store(db, "delete", [&](StoreMaintenance& store) {
    return report(store.delete_sessions(o.ids, false, false), db, false, false);
  });
}

int prune_command(const std::string& db, const LifecycleOptions& o) {
  return with_store(db, "prune", [&](StoreMaintenance& store) {
    std::vector<std::int64_t> ids;
    for (const SessionSummary& s : store.sessions_older_than(o.older_than_days))
      ids.push_back(s.id);
    if (ids.empty()) {
      fmt::print("no session in {} started more than {} day(s) ago\n", db, o.older_than_days);
      return kExitOk;
    }
    return report(store.delete_sessions(ids, o.raw_only, o.dry_run), db, o.raw_only, o.dry_run);
  });
}

int vacuum_command(const std::string& db) {
  return with_store(db, "vacuum", [&](StoreMaintenance& store) {
    if (store.writer_running()) {
      // VACUUM holds the write lock while it copies the whole file: the daemon's commits would
      // wait past their busy timeout and its recording be interrupted.
      fmt::print(stderr,
                 "stridecue sessions vacuum: a daemon writes {}; stop it first (its writes "
                 "reuse the free pages meanwhile)\n",
                 db);
      return kExitBadInput;
    }
    const auto before = store_file_bytes(db);
    store.reclaim_space();
    fmt::print("space: VACUUM: {} → {}\n", megabytes(before), megabytes(store_file_bytes(db)));
    return kExitOk;
  });
}

int backup_command(const std::string& db, const LifecycleOptions& o) {
  try {
    const BackupResult r = backup_store(db, o.dest);
    fmt::print("backed up {} to {}: {} pages, {}\n", db, o.dest, r.pages, megabytes(r.bytes));
    return kExitOk;
  } catch (const SqliteError& e) {
    fmt::print(stderr, "stridecue sessions backup: {}\n", e.what());
    return e.storage_fault() ? kExitFailure : kExitBadInput;
  } catch (const std::filesystem::filesystem_error& e) {
    fmt::print(stderr, "stridecue sessions backup: {}\n", e.what());
    return kExitFailure;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue sessions backup: {}\n", e.what());
    return kExitBadInput;
  }
}

}  // namespace

void add_session_lifecycle_commands(CLI::App& sessions, std::string& db, int& exit_code) {
  auto o = std::make_shared<LifecycleOptions>();
  const auto with_db = [&db](CLI::App* cmd) {
    cmd->add_option("--db", db, "session store (SQLite file)")->capture_default_str();
  };

  CLI::App* remove = sessions.add_subcommand(
      "delete", "delete sessions: every row of theirs (never one a running daemon holds open)");
  remove->add_option("ids", o->ids, "session ids (`stridecue sessions` lists them)")->required();
  with_db(remove);
  remove->callback([o, &db, &exit_code] { exit_code = delete_command(db, *o); });

  CLI::App* prune = sessions.add_subcommand(
      "prune", "delete the sessions (or only their raw blocks) that started before a cut-off");
  prune->add_option("--older-than", o->older_than_days, "age in days of the sessions that go")
      ->required()
      ->check(CLI::NonNegativeNumber);
  prune->add_flag("--dry-run", o->dry_run, "list what would go, change nothing");
  prune->add_flag("--raw-only", o->raw_only,
                  "remove only the raw sample blocks; keep steps, cues and summaries");
  with_db(prune);
  prune->callback([o, &db, &exit_code] { exit_code = prune_command(db, *o); });

  CLI::App* vacuum = sessions.add_subcommand(
      "vacuum", "shrink the store file to its rows (VACUUM; only while no daemon writes it)");
  with_db(vacuum);
  vacuum->callback([&db, &exit_code] { exit_code = vacuum_command(db); });

  CLI::App* backup = sessions.add_subcommand(
      "backup", "copy the store to DEST, consistent while the daemon writes (SQLite backup API)");
  backup->add_option("dest", o->dest, "the copy (must not exist)")->required();
  with_db(backup);
  backup->callback([o, &db, &exit_code] { exit_code = backup_command(db, *o); });
}

}  // namespace stridecue
