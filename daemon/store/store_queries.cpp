#include "store/store_queries.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "store/store_schema.hpp"

namespace stridecue::store_queries {
namespace {

// {} is how many raw blocks the session has: schema 1's rows, and from schema 2 on the chunks'.
constexpr const char* kSessionColumns = R"sql(
  SELECT s.id, s.runner_id, s.session_number, s.started_utc, s.ended_utc,
         (julianday(s.ended_utc) - julianday(s.started_utc)) * 86400.0,
         (SELECT count(*) FROM strides WHERE session_id = s.id),
         (SELECT count(*) FROM cues WHERE session_id = s.id),
         {},
         s.config_json, s.layout_json, s.summary_json
  FROM sessions AS s)sql";

std::string session_columns(SqliteConnection& db) {
  const bool chunked = db.query_int64("PRAGMA user_version") >= kFirstChunkedSchema;
  return fmt::format(
      kSessionColumns,
      chunked ? "(SELECT count(*) FROM blocks WHERE session_id = s.id) + "
                "(SELECT COALESCE(sum(block_count), 0) FROM block_chunks WHERE session_id = s.id)"
              : "(SELECT count(*) FROM blocks WHERE session_id = s.id)");
}

SessionSummary summary_from(const SqliteStatement& row) {
  SessionSummary s;
  s.id = row.int64(0);
  s.runner_id = row.text(1);
  s.session_number = static_cast<int>(row.int64(2));
  s.started_utc = row.text(3);
  s.ended_utc = row.maybe_text(4);
  s.duration_s = row.maybe_real(5);
  s.strides = row.int64(6);
  s.cues = row.int64(7);
  s.blocks = row.int64(8);
  return s;
}

}  // namespace

Side side_column(const SqliteConnection& db, const std::string& text, const char* table) {
  const auto side = side_from_string(text);
  if (!side) {
    throw std::runtime_error(fmt::format(
        "session store {}: {}: side \"{}\" is neither left nor right", db.path(), table, text));
  }
  return *side;
}

std::vector<SessionSummary> list_sessions(SqliteConnection& db) {
  SqliteStatement q(db, session_columns(db) + " ORDER BY s.id");
  std::vector<SessionSummary> out;
  while (q.step())
    out.push_back(summary_from(q));
  return out;
}

std::optional<SessionDetails> find_session(SqliteConnection& db, std::int64_t session_id) {
  SqliteStatement q(db, session_columns(db) + " WHERE s.id = ?1");
  q.bind(1, session_id);
  if (!q.step()) return std::nullopt;
  SessionDetails d;
  d.summary = summary_from(q);
  d.config_json = q.text(9);
  d.layout_json = q.text(10);
  d.summary_json = q.maybe_text(11);
  return d;
}

int runner_session_count(SqliteConnection& db, const std::string& runner_id) {
  SqliteStatement q(db, "SELECT count(*) FROM sessions WHERE runner_id = ?1");
  q.bind(1, std::string_view(runner_id));
  q.step();
  return static_cast<int>(q.int64(0));
}

std::vector<StoredStride> strides(SqliteConnection& db, std::int64_t session_id) {
  SqliteStatement q(db,
                    "SELECT stride_index, side, contact_s, strike, strike_index, json FROM strides "
                    "WHERE session_id = ?1 ORDER BY stride_index");
  q.bind(1, session_id);
  std::vector<StoredStride> out;
  while (q.step()) {
    StoredStride& s = out.emplace_back();
    s.index = q.int64(0);
    s.side = side_column(db, q.text(1), "strides");
    s.contact_s = q.real(2);
    s.strike = q.maybe_text(3);
    s.strike_index = q.maybe_real(4);
    s.json = q.text(5);
  }
  return out;
}

std::vector<StoredCue> cues(SqliteConnection& db, std::int64_t session_id) {
  SqliteStatement q(db,
                    "SELECT seq, kind, side, contact_s, decided_s, reason, receipt_to_decision_ns, "
                    "receipt_to_audio_ns, json FROM cues WHERE session_id = ?1 ORDER BY seq");
  q.bind(1, session_id);
  std::vector<StoredCue> out;
  while (q.step()) {
    StoredCue& c = out.emplace_back();
    c.seq = q.int64(0);
    c.kind = q.text(1);
    c.side = side_column(db, q.text(2), "cues");
    c.contact_s = q.real(3);
    c.decided_s = q.real(4);
    c.reason = q.text(5);
    c.receipt_to_decision_ns = q.int64(6);
    c.receipt_to_audio_ns = q.maybe_int64(7);
    c.json = q.text(8);
  }
  return out;
}

std::vector<StoredSettingsChange> settings_changes(SqliteConnection& db, std::int64_t session_id) {
  // rowid breaks ties: changes at the same instant keep the order they were made in.
  SqliteStatement q(db,
                    "SELECT session_time_s, source, json FROM settings_changes "
                    "WHERE session_id = ?1 ORDER BY session_time_s, rowid");
  q.bind(1, session_id);
  std::vector<StoredSettingsChange> out;
  while (q.step()) {
    StoredSettingsChange& c = out.emplace_back();
    c.session_time_s = q.real(0);
    const std::string source = q.text(1);
    const auto parsed = settings_source_from_string(source);
    if (!parsed) {
      throw std::runtime_error(fmt::format(
          "session store {}: settings_changes: unknown source \"{}\"", db.path(), source));
    }
    c.source = *parsed;
    c.json = q.text(2);
  }
  return out;
}

std::vector<StoredEvent> events(SqliteConnection& db, std::int64_t session_id) {
  SqliteStatement q(db,
                    "SELECT session_time_s, kind, json FROM events "
                    "WHERE session_id = ?1 ORDER BY session_time_s, rowid");
  q.bind(1, session_id);
  std::vector<StoredEvent> out;
  while (q.step()) {
    StoredEvent& e = out.emplace_back();
    e.session_time_s = q.real(0);
    e.kind = q.text(1);
    e.json = q.text(2);
  }
  return out;
}

}  // namespace stridecue::store_queries
