// A runner's data as a whole (docs/store.md, "A runner's data"): `stridecue runners export ID`
// writes every session of theirs as files (the right of access and to portability),
// `stridecue runners erase ID` removes every row of theirs from every table and then the bytes
// from the file (the right to erasure).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "report/tidy_csv.hpp"
#include "store/store_maintenance.hpp"
#include "store/store_rows.hpp"

namespace stridecue {

// The runner has neither a row nor a session in the store.
class UnknownRunner : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A session of the runner is open in a running daemon: nothing of theirs is erased.
class RunnerRecording : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunnerExport {
  std::vector<std::filesystem::path> files;  // in the order written
  std::size_t sessions = 0;
};

// Writes `dir`/runner.json (the runner's row, every column the store has, and the list of their
// sessions) and, per session, `dir`/session-<number>/ as `stridecue export --csv` writes it
// (session_export.hpp: strides, cues, summary, settings changes, events, samples, session.json),
// the tables in `style` (`--excel`). Every file private (0600). Throws UnknownRunner, or
// std::runtime_error naming what failed.
RunnerExport export_runner(const std::string& db_path, const std::string& runner_id,
                           const std::filesystem::path& dir, const CsvStyle& style = {});

struct RunnerErasure {
  std::vector<SessionSummary> sessions;       // theirs, erased
  std::map<std::string, std::int64_t> rows;   // per table, the runner's row included
  SpaceReclaim reclaim = SpaceReclaim::none;  // vacuumed, or overwritten in place (reused)
  bool journal_emptied = false;               // the WAL truncated: no old page left in it
};

// Deletes, in one transaction, the rows of each of the runner's sessions in every table with a
// `session_id`, the rows of every table with a `runner_id` (their sessions), and their row in
// `runners`; with SQLite's secure_delete on, so that what the rows held is overwritten with
// zeros in place. Then, with no daemon writing, VACUUM and an emptied WAL: none of their bytes
// is left in the files. With a daemon writing (another runner's session), the zeroed pages
// stay in the file for it to reuse and the WAL is emptied if the daemon lets it within the busy
// timeout. `dry_run` counts the rows and changes nothing. Throws UnknownRunner, RunnerRecording
// (naming the open session), or SqliteError.
RunnerErasure erase_runner(StoreMaintenance& store, const std::string& runner_id, bool dry_run);

}  // namespace stridecue
