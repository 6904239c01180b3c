#include "store/store_maintenance.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "store/store_queries.hpp"
#include "store/store_schema.hpp"

namespace stridecue {
namespace {

// The store's times are ISO 8601 UTC text of one width, so they compare as text.
constexpr const char* kCutoff = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?1)";

std::string days_ago(double days) {
  return fmt::format("-{} days", days);
}

// One transaction: all of it or nothing, whatever fails in between.
template <typename Body>
void in_transaction(SqliteConnection& db, Body&& body) {
  db.exec("BEGIN IMMEDIATE");
  try {
    body();
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (const std::runtime_error&) {  // the first error is the one to report
    }
    throw;
  }
}

}  // namespace

std::string_view to_string(SpaceReclaim r) {
  switch (r) {
    case SpaceReclaim::vacuumed: return "vacuumed";
    case SpaceReclaim::reused: return "reused";
    case SpaceReclaim::none: return "none";
  }
  return "none";
}

std::vector<std::string> tables_with_column(SqliteConnection& db, const std::string& column) {
  SqliteStatement tables(db,
                         "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name");
  SqliteStatement has(db, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
  std::vector<std::string> out;
  while (tables.step()) {
    const std::string name = tables.text(0);
    has.bind(1, std::string_view(name)).bind(2, std::string_view(column));
    const bool found = has.step() && has.int64(0) > 0;
    has.reset();
    if (found) out.push_back(name);
  }
  return out;
}

std::vector<std::string> raw_block_tables(SqliteConnection& db) {
  std::vector<std::string> out;
  for (const std::string& table : tables_with_column(db, "session_id")) {
    if (table == "blocks" || table == "block_chunks") out.push_back(table);
  }
  return out;
}

std::int64_t prune_raw_blocks_step(SqliteConnection& db, int keep_days, int max_rows) {
  if (keep_days <= 0 || max_rows <= 0) return 0;
  std::int64_t removed = 0;
  in_transaction(db, [&] {
    for (const std::string& table : raw_block_tables(db)) {
      if (removed >= max_rows) break;
      SqliteStatement remove(
          db, fmt::format("DELETE FROM {0} WHERE rowid IN (SELECT r.rowid FROM {0} AS r JOIN "
                          "sessions AS s ON s.id = r.session_id WHERE s.ended_utc IS NOT NULL "
                          "AND s.started_utc < {1} LIMIT ?2)",
                          quoted_identifier(table), kCutoff));
      remove.bind(1, std::string_view(days_ago(keep_days))).bind(2, max_rows - removed).run();
      removed += sqlite3_changes(db.handle());
    }
  });
  return removed;
}

std::uintmax_t store_file_bytes(const std::string& path) {
  std::uintmax_t total = 0;
  for (const std::string& file : {path, path + "-wal"}) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    if (!error) total += size;
  }
  return total;
}

StoreMaintenance::StoreMaintenance(const std::string& path, int busy_timeout_ms)
    : lock_([&] {
        if (!std::filesystem::exists(path))
          throw std::runtime_error(fmt::format("session store {}: no such file", path));
        return path;
      }()),
      db_(path, SqliteConnection::Mode::read_write_create, busy_timeout_ms) {
  check_schema(db_);
  // A table a later schema adds that still points at a deleted row stops the deletion.
  db_.exec("PRAGMA foreign_keys = ON");
}

std::vector<SessionSummary> StoreMaintenance::sessions_older_than(double days) {
  SqliteStatement q(db_, fmt::format("SELECT id FROM sessions WHERE started_utc < {} ORDER BY "
                                     "started_utc, id",
                                     kCutoff));
  q.bind(1, std::string_view(days_ago(days)));
  std::vector<std::int64_t> ids;
  while (q.step())
    ids.push_back(q.int64(0));
  std::map<std::int64_t, SessionSummary> by_id;
  for (SessionSummary& s : store_queries::list_sessions(db_))
    by_id.emplace(s.id, std::move(s));
  std::vector<SessionSummary> out;
  for (const std::int64_t id : ids)
    out.push_back(by_id.at(id));
  return out;
}

SessionDeletion StoreMaintenance::delete_sessions(const std::vector<std::int64_t>& ids,
                                                  bool raw_only, bool dry_run) {
  SessionDeletion result;
  std::map<std::int64_t, SessionSummary> by_id;
  for (SessionSummary& s : store_queries::list_sessions(db_))
    by_id.emplace(s.id, std::move(s));
  const std::vector<std::string> raw_tables = raw_block_tables(db_);
  for (const std::int64_t id : ids) {
    const auto found = by_id.find(id);
    if (found == by_id.end()) {
      if (std::find(result.unknown.begin(), result.unknown.end(), id) == result.unknown.end())
        result.unknown.push_back(id);
      continue;
    }
    const SessionSummary& s = found->second;
    const auto same = [&](const SessionSummary& other) { return other.id == id; };
    if (std::any_of(result.removed.begin(), result.removed.end(), same) ||
        std::any_of(result.held_open.begin(), result.held_open.end(), same))
      continue;
    (!s.ended_utc && writer_running() ? result.held_open : result.removed).push_back(s);
  }
  for (const SessionSummary& s : result.removed) {
    for (const std::string& table : raw_tables) {
      SqliteStatement bytes(db_, fmt::format("SELECT COALESCE(sum(length(data)), 0) FROM {} "
                                             "WHERE session_id = ?1",
                                             quoted_identifier(table)));
      bytes.bind(1, s.id);
      if (bytes.step()) result.raw_bytes += bytes.int64(0);
    }
  }
  if (dry_run || result.removed.empty()) return result;

  result.file_bytes_before = store_file_bytes(path());
  std::vector<std::string> tables = raw_tables;
  if (!raw_only) {
    for (const std::string& table : tables_with_column(db_, "session_id")) {
      if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
    }
  }
  in_transaction(db_, [&] {
    for (const std::string& table : tables) {
      SqliteStatement remove(
          db_, fmt::format("DELETE FROM {} WHERE session_id = ?1", quoted_identifier(table)));
      for (const SessionSummary& s : result.removed)
        remove.bind(1, s.id).run();
    }
    if (raw_only) return;
    SqliteStatement remove(db_, "DELETE FROM sessions WHERE id = ?1");
    for (const SessionSummary& s : result.removed)
      remove.bind(1, s.id).run();
  });
  result.reclaim = reclaim_space();
  result.file_bytes_after = store_file_bytes(path());
  return result;
}

SpaceReclaim StoreMaintenance::reclaim_space() {
  if (writer_running()) return SpaceReclaim::reused;
  db_.exec("VACUUM");
  // In WAL mode VACUUM writes the new pages into the WAL: copied back and the WAL emptied, the
  // file is the smaller one and the old pages are nowhere on disk.
  if (db_.query_text("PRAGMA journal_mode") == "wal") {
    SqliteStatement checkpoint(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    checkpoint.step();
  }
  return SpaceReclaim::vacuumed;
}

}  // namespace stridecue
