// Deleting sessions and giving their space back (docs/store.md, "Lifecycle"). The store grows by
// its raw sample blocks (~400 MB an hour of a treadmill with EMG); `stridecue sessions delete`,
// `sessions prune` and the daemon's raw-block retention remove rows here, on a connection of
// their own.
//
// A session a running daemon holds open is never touched: one whose `ended_utc` is NULL while
// another process holds the store's writer lock (store/writer_lock.hpp). Without a running
// writer such a session is one a crash left open (session_recovery.hpp) and may go.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite_connection.hpp"
#include "store/store_rows.hpp"
#include "store/writer_lock.hpp"

namespace stridecue {

// How the space of deleted rows came back.
enum class SpaceReclaim {
  vacuumed,  // no writer ran: VACUUM rewrote the file without the free pages
  reused,    // a daemon writes the store: the pages stay free in the file, and its next writes
             // fill them before the file grows again (VACUUM would lock the daemon out)
  none,      // nothing was deleted (or a dry run)
};
std::string_view to_string(SpaceReclaim r);

struct SessionDeletion {
  std::vector<SessionSummary> removed;    // deleted (or, raw_only, stripped of raw blocks)
  std::vector<SessionSummary> held_open;  // open in a running daemon: kept
  std::vector<std::int64_t> unknown;      // asked for by id, not in the store
  std::int64_t raw_bytes = 0;             // of raw samples among what went
  SpaceReclaim reclaim = SpaceReclaim::none;
  std::uintmax_t file_bytes_before = 0, file_bytes_after = 0;  // the database and its WAL
};

// One maintenance connection to an existing store, for the command-line tools. It tries the
// writer lock: held, no daemon writes the store, and none can take it over while this lives
// (a daemon that starts meanwhile records, but leaves the recovery of open sessions to later).
class StoreMaintenance {
 public:
  // Throws std::runtime_error naming the path when there is no store there or it is not one.
  explicit StoreMaintenance(const std::string& path, int busy_timeout_ms = 5000);

  // Whether another process (a daemon) holds the writer lock.
  bool writer_running() const { return !lock_.held(); }

  // Sessions that started more than `days` ago (by the clock now), oldest first.
  std::vector<SessionSummary> sessions_older_than(double days);
  // Deletes the sessions (every row of theirs in every table), or with `raw_only` only their raw
  // sample blocks, in one transaction; then gives the space back (see SpaceReclaim). `dry_run`
  // says what would go and changes nothing.
  SessionDeletion delete_sessions(const std::vector<std::int64_t>& ids, bool raw_only,
                                  bool dry_run);

  // VACUUM and a truncated WAL when no writer runs: what the deleted rows held leaves the file.
  SpaceReclaim reclaim_space();
  SqliteConnection& connection() { return db_; }
  const std::string& path() const { return db_.path(); }

 private:
  WriterLock lock_;
  SqliteConnection db_;
};

// The tables of the store that hold a column `column` (e.g. "session_id"), as SQLite lists
// them: every table, including ones a later schema adds.
std::vector<std::string> tables_with_column(SqliteConnection& db, const std::string& column);
// The raw-sample tables present: `blocks` (schema 1) and `block_chunks` (schema 2).
std::vector<std::string> raw_block_tables(SqliteConnection& db);

// The daemon's raw-block retention, one step: removes up to `max_rows` rows of raw blocks of
// sessions that ended and started more than `keep_days` days ago, in one transaction. Returns
// how many rows went (0: none is left). Open sessions are never touched. Small steps, so that
// the recorder goes back to its queue between them.
std::int64_t prune_raw_blocks_step(SqliteConnection& db, int keep_days, int max_rows);

// The size of the database file plus its WAL, 0 for a missing file.
std::uintmax_t store_file_bytes(const std::string& path);

}  // namespace stridecue
