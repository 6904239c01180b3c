#include "store/runner_data.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "store/private_file.hpp"
#include "store/session_export.hpp"
#include "store/session_store.hpp"
#include "store/store_queries.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::ordered_json;

std::vector<SessionSummary> sessions_of(SqliteConnection& db, const std::string& runner_id) {
  std::vector<SessionSummary> out;
  for (SessionSummary& s : store_queries::list_sessions(db)) {
    if (s.runner_id == runner_id) out.push_back(std::move(s));
  }
  return out;
}

// The runner's row, whatever columns the schema gives it (SqliteStatement knows no column
// names, so SQLite's own API); null when there is none.
Json runner_row(SqliteConnection& db, const std::string& runner_id) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.handle(), "SELECT * FROM runners WHERE id = ?1", -1, &raw, nullptr) !=
      SQLITE_OK)
    throw db.error("reading the runner");
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> q(raw, sqlite3_finalize);
  sqlite3_bind_text(raw, 1, runner_id.data(), static_cast<int>(runner_id.size()), SQLITE_TRANSIENT);
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_DONE) return nullptr;
  if (rc != SQLITE_ROW) throw db.error("reading the runner");
  Json row = Json::object();
  for (int c = 0; c < sqlite3_column_count(raw); ++c) {
    const std::string name = sqlite3_column_name(raw, c);
    switch (sqlite3_column_type(raw, c)) {
      case SQLITE_NULL: row[name] = nullptr; break;
      case SQLITE_INTEGER: row[name] = sqlite3_column_int64(raw, c); break;
      case SQLITE_FLOAT: row[name] = sqlite3_column_double(raw, c); break;
      case SQLITE_BLOB: row[name] = fmt::format("<{} bytes>", sqlite3_column_bytes(raw, c)); break;
      default:
        row[name] = std::string(reinterpret_cast<const char*>(sqlite3_column_text(raw, c)),
                                static_cast<std::size_t>(sqlite3_column_bytes(raw, c)));
    }
  }
  return row;
}

std::int64_t count(SqliteConnection& db, const std::string& sql, const std::string& runner_id) {
  SqliteStatement q(db, sql);
  q.bind(1, std::string_view(runner_id));
  return q.step() ? q.int64(0) : 0;
}

}  // namespace

RunnerExport export_runner(const std::string& db_path, const std::string& runner_id,
                           const std::filesystem::path& dir, const CsvStyle& style) {
  SessionReader reader(db_path);
  SqliteConnection& db = reader.connection();
  const Json runner = runner_row(db, runner_id);
  const std::vector<SessionSummary> sessions = sessions_of(db, runner_id);
  if (runner.is_null() && sessions.empty())
    throw UnknownRunner(fmt::format("no runner \"{}\" in {}", runner_id, db_path));
  std::filesystem::create_directories(dir);
  RunnerExport result;
  Json listed = Json::array();
  for (const SessionSummary& s : sessions) {
    const std::string folder = fmt::format("session-{}", s.session_number);
    const ExportResult one = export_session_csv(db_path, s.id, dir / folder, style);
    result.files.insert(result.files.end(), one.files.begin(), one.files.end());
    listed.push_back({{"id", s.id},
                      {"session_number", s.session_number},
                      {"started_utc", s.started_utc},
                      {"ended_utc", s.ended_utc ? Json(*s.ended_utc) : Json(nullptr)},
                      {"strides", s.strides},
                      {"cues", s.cues},
                      {"folder", folder}});
    ++result.sessions;
  }
  const Json all = {{"runner", runner.is_null() ? Json{{"id", runner_id}} : runner},
                    {"store", db_path},
                    {"sessions", listed}};
  const auto path = dir / "runner.json";
  std::ofstream out = open_private_for_writing(path);
  out << all.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  if (!out.flush()) throw std::runtime_error(fmt::format("{}: write failed", path.string()));
  result.files.insert(result.files.begin(), path);
  return result;
}

RunnerErasure erase_runner(StoreMaintenance& store, const std::string& runner_id, bool dry_run) {
  SqliteConnection& db = store.connection();
  RunnerErasure result;
  result.sessions = sessions_of(db, runner_id);
  const bool has_row = count(db, "SELECT count(*) FROM runners WHERE id = ?1", runner_id) > 0;
  if (!has_row && result.sessions.empty())
    throw UnknownRunner(fmt::format("no runner \"{}\" in {}", runner_id, store.path()));
  for (const SessionSummary& s : result.sessions) {
    if (!s.ended_utc && store.writer_running()) {
      throw RunnerRecording(fmt::format(
          "runner \"{}\" is being recorded: session {} (their session {}) is open in the daemon "
          "writing {}; stop it first (nothing was erased)",
          runner_id, s.id, s.session_number, store.path()));
    }
  }
  // Children first: `sessions` has a runner_id too, and is what the session_id rows point at.
  std::vector<std::pair<std::string, std::string>> deletions;  // table, WHERE
  const std::string of_sessions = "session_id IN (SELECT id FROM sessions WHERE runner_id = ?1)";
  for (const std::string& table : tables_with_column(db, "session_id")) {
    if (table != "sessions") deletions.emplace_back(table, of_sessions);
  }
  for (const std::string& table : tables_with_column(db, "runner_id")) {
    if (table != "sessions") deletions.emplace_back(table, "runner_id = ?1");
  }
  deletions.emplace_back("sessions", "runner_id = ?1");
  deletions.emplace_back("runners", "id = ?1");
  for (const auto& [table, where] : deletions) {
    result.rows[table] +=
        count(db, fmt::format("SELECT count(*) FROM {} WHERE {}", quoted_identifier(table), where),
              runner_id);
  }
  if (dry_run) return result;

  db.exec("PRAGMA secure_delete = ON");
  db.exec("BEGIN IMMEDIATE");
  try {
    for (const auto& [table, where] : deletions) {
      SqliteStatement remove(
          db, fmt::format("DELETE FROM {} WHERE {}", quoted_identifier(table), where));
      remove.bind(1, std::string_view(runner_id)).run();
    }
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (const std::runtime_error&) {  // the first error is the one to report
    }
    throw;
  }
  result.reclaim = store.reclaim_space();
  if (result.reclaim == SpaceReclaim::vacuumed) {
    result.journal_emptied = true;  // reclaim_space truncated it
  } else if (db.query_text("PRAGMA journal_mode") == "wal") {
    // The WAL holds the pages as they were written, the runner's rows among them: copied back
    // (the zeroed versions win) and truncated, unless a reader keeps the checkpoint from ending.
    SqliteStatement checkpoint(db, "PRAGMA wal_checkpoint(TRUNCATE)");
    result.journal_emptied = checkpoint.step() && checkpoint.int64(0) == 0;
  } else {
    result.journal_emptied = true;
  }
  return result;
}

}  // namespace stridecue
