#include "store/session_store.hpp"

#include <fmt/format.h>

#include "store/layout_json.hpp"
#include "store/sample_blob.hpp"
#include "store/session_recovery.hpp"
#include "store/store_queries.hpp"
#include "store/store_schema.hpp"

namespace stridecue {

std::string_view to_string(SettingsSource s) {
  switch (s) {
    case SettingsSource::api: return "api";
    case SettingsSource::reload: return "reload";
    case SettingsSource::start: return "start";
  }
  return "api";
}

std::optional<SettingsSource> settings_source_from_string(std::string_view s) {
  for (const auto source : {SettingsSource::api, SettingsSource::reload, SettingsSource::start}) {
    if (s == to_string(source)) return source;
  }
  return std::nullopt;
}

namespace {

// NORMAL: a commit is on disk once it is in the WAL (or the rollback journal is done), which a
// killed process cannot undo; only a power cut may lose the last commits (docs/store.md).
void set_pragmas(SqliteConnection& db, bool wal) {
  const std::string wanted = wal ? "wal" : "delete";
  const std::string mode = db.query_text(fmt::format("PRAGMA journal_mode = {}", wanted));
  if (mode != wanted) {
    throw std::runtime_error(
        fmt::format("session store {}: journal_mode {} refused (SQLite "
                    "kept \"{}\")",
                    db.path(), wanted, mode));
  }
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA foreign_keys = ON");
}

constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

}  // namespace

SessionStore::SessionStore(const StoreOptions& options)
    : options_(options),
      writer_lock_(options.path),
      db_(options.path, SqliteConnection::Mode::read_write_create, options.busy_timeout_ms,
          options.vfs) {
  set_pragmas(db_, options.wal);
  create_or_check_schema(db_);
  if (writer_lock_.held()) sessions_recovered_ = close_sessions_left_open(db_);
  begin_ = SqliteStatement(db_, "BEGIN IMMEDIATE");
  commit_ = SqliteStatement(db_, "COMMIT");
  insert_runner_ = SqliteStatement(
      db_, fmt::format("INSERT OR IGNORE INTO runners (id, created_utc) VALUES (?1, {})", kNow));
  count_sessions_ = SqliteStatement(
      db_, "SELECT COALESCE(MAX(session_number), 0) FROM sessions WHERE runner_id = ?1");
  insert_session_ = SqliteStatement(
      db_, fmt::format("INSERT INTO sessions (runner_id, session_number, started_utc, "
                       "config_json, layout_json) VALUES (?1, ?2, {}, ?3, ?4)",
                       kNow));
  end_session_ = SqliteStatement(
      db_,
      fmt::format("UPDATE sessions SET ended_utc = {}, summary_json = ?2 WHERE id = ?1", kNow));
  insert_stride_ = SqliteStatement(
      db_,
      "INSERT INTO strides (session_id, stride_index, side, contact_s, strike, strike_index, "
      "json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  insert_cue_ = SqliteStatement(
      db_,
      "INSERT INTO cues (session_id, seq, kind, side, contact_s, decided_s, reason, "
      "receipt_to_decision_ns, receipt_to_audio_ns, json) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  update_cue_audio_ = SqliteStatement(
      db_, "UPDATE cues SET receipt_to_audio_ns = ?3 WHERE session_id = ?1 AND seq = ?2");
  insert_settings_ =
      SqliteStatement(db_,
                      "INSERT INTO settings_changes (session_id, session_time_s, source, json) "
                      "VALUES (?1, ?2, ?3, ?4)");
  insert_event_ = SqliteStatement(
      db_, "INSERT INTO events (session_id, session_time_s, kind, json) VALUES (?1, ?2, ?3, ?4)");
  insert_chunk_ =
      SqliteStatement(db_,
                      "INSERT INTO block_chunks (session_id, first_seq, block_count, heads, data) "
                      "VALUES (?1, ?2, ?3, ?4, ?5)");
  // Schema 1's rows too: a session begun before the migration goes on after its blocks.
  next_block_seq_ = SqliteStatement(
      db_,
      "SELECT max((SELECT COALESCE(MAX(seq) + 1, 0) FROM blocks WHERE session_id = ?1), "
      "(SELECT COALESCE(MAX(first_seq + block_count), 0) FROM block_chunks "
      "WHERE session_id = ?1))");
}

SessionStore::~SessionStore() {
  try {
    commit();
  } catch (const std::runtime_error&) {  // nowhere to report it from a destructor
  }
}

void SessionStore::begin_if_needed() {
  if (db_.in_transaction()) return;
  pending_rows_ = 0;  // after an error SQLite rolled back by itself, the gathered blocks too
  chunk_.clear();
  begin_.run();
}

void SessionStore::row_added() {
  if (pending_rows_++ == 0) oldest_pending_ = std::chrono::steady_clock::now();
  commit_if_due();
}

void SessionStore::commit() {
  if (!db_.in_transaction()) {
    chunk_.clear();  // their transaction is gone
    return;
  }
  write_chunk();
  commit_.run();
  pending_rows_ = 0;
}

void SessionStore::abandon() {
  pending_rows_ = 0;
  chunk_.clear();
  if (!db_.in_transaction()) return;
  try {
    db_.exec("ROLLBACK");
  } catch (const std::runtime_error&) {
    // SQLite ends the transaction whatever ROLLBACK answers on a failing disk.
  }
}

bool SessionStore::shrink_journal() {
  if (db_.in_transaction() || !options_.wal) return false;
  try {
    // One row: busy (1 if a reader kept it from finishing), WAL frames, frames copied.
    SqliteStatement checkpoint(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    return checkpoint.step() && checkpoint.int64(0) == 0;
  } catch (const std::runtime_error&) {
    return false;
  }
}

bool SessionStore::commit_if_due() {
  if (!db_.in_transaction()) return false;
  const std::chrono::duration<double> age = std::chrono::steady_clock::now() - oldest_pending_;
  if (age.count() < options_.commit_interval_s) return false;
  commit();
  return true;
}

SessionStart SessionStore::begin_session(const std::string& runner_id,
                                         const std::string& config_json,
                                         const SourceLayout& layout) {
  begin_if_needed();
  insert_runner_.bind(1, std::string_view(runner_id)).run();
  count_sessions_.bind(1, std::string_view(runner_id));
  count_sessions_.step();
  const int number = static_cast<int>(count_sessions_.int64(0)) + 1;
  count_sessions_.reset();
  insert_session_.bind(1, std::string_view(runner_id))
      .bind(2, std::int64_t{number})
      .bind(3, std::string_view(config_json))
      .bind(4, std::string_view(layout_to_json(layout).dump()))
      .run();
  const SessionStart start{db_.last_insert_rowid(), number};
  next_seq_[start.id] = 0;
  commit();
  return start;
}

void SessionStore::end_session(std::int64_t session_id,
                               const std::optional<std::string>& summary_json) {
  begin_if_needed();
  if (chunk_session_ == session_id) write_chunk();
  end_session_.bind(1, session_id).bind(2, summary_json).run();
  next_seq_.erase(session_id);
  commit();
}

void SessionStore::add_stride(std::int64_t session_id, const StoredStride& s) {
  begin_if_needed();
  insert_stride_.bind(1, session_id)
      .bind(2, s.index)
      .bind(3, to_string(s.side))
      .bind(4, s.contact_s)
      .bind(5, s.strike)
      .bind(6, s.strike_index)
      .bind(7, std::string_view(s.json))
      .run();
  row_added();
}

void SessionStore::add_cue(std::int64_t session_id, const StoredCue& c) {
  begin_if_needed();
  insert_cue_.bind(1, session_id)
      .bind(2, c.seq)
      .bind(3, std::string_view(c.kind))
      .bind(4, to_string(c.side))
      .bind(5, c.contact_s)
      .bind(6, c.decided_s)
      .bind(7, std::string_view(c.reason))
      .bind(8, c.receipt_to_decision_ns)
      .bind(9, c.receipt_to_audio_ns)
      .bind(10, std::string_view(c.json))
      .run();
  row_added();
}

void SessionStore::set_cue_audio_latency(std::int64_t session_id, std::int64_t cue_seq,
                                         std::int64_t receipt_to_audio_ns) {
  begin_if_needed();
  update_cue_audio_.bind(1, session_id).bind(2, cue_seq).bind(3, receipt_to_audio_ns).run();
  row_added();
}

void SessionStore::add_settings_change(std::int64_t session_id, const StoredSettingsChange& c) {
  begin_if_needed();
  insert_settings_.bind(1, session_id)
      .bind(2, c.session_time_s)
      .bind(3, to_string(c.source))
      .bind(4, std::string_view(c.json))
      .run();
  row_added();
}

void SessionStore::add_event(std::int64_t session_id, const StoredEvent& e) {
  begin_if_needed();
  insert_event_.bind(1, session_id)
      .bind(2, e.session_time_s)
      .bind(3, std::string_view(e.kind))
      .bind(4, std::string_view(e.json))
      .run();
  row_added();
}

void SessionStore::add_block(std::int64_t session_id, const SampleBlock& block) {
  const std::size_t count = block.frames * block.channels;
  if (block.samples.size() < count) {
    throw std::runtime_error(fmt::format(
        "session store {}: block of stream {} claims {} frames × {} channels but holds {} "
        "samples",
        db_.path(), block.stream, block.frames, block.channels, block.samples.size()));
  }
  begin_if_needed();
  if (!chunk_.empty() && chunk_session_ != session_id) write_chunk();
  auto seq = next_seq_.find(session_id);
  if (seq == next_seq_.end()) {  // a session begun by another store object: continue it
    next_block_seq_.bind(1, session_id);
    next_block_seq_.step();
    seq = next_seq_.emplace(session_id, next_block_seq_.int64(0)).first;
    next_block_seq_.reset();
  }
  if (chunk_.empty()) {
    chunk_session_ = session_id;
    chunk_seq_ = seq->second;
  }
  chunk_.add(block);
  ++seq->second;
  if (chunk_.blocks() >= kChunkMaxBlocks || chunk_.bytes() >= kChunkMaxBytes) write_chunk();
  row_added();
}

void SessionStore::write_chunk() {
  if (chunk_.empty()) return;
  try {
    insert_chunk_.bind(1, chunk_session_)
        .bind(2, chunk_seq_)
        .bind(3, static_cast<std::int64_t>(chunk_.blocks()))
        .bind_blob(4, chunk_.heads())
        .bind_blob(5, chunk_.data())
        .run();
  } catch (...) {
    chunk_.clear();  // refused: not tried again with every later block
    throw;
  }
  chunk_.clear();
}

std::vector<SessionSummary> SessionStore::list_sessions() {
  return store_queries::list_sessions(db_);
}

int SessionStore::runner_session_count(const std::string& runner_id) {
  return store_queries::runner_session_count(db_, runner_id);
}

std::string SessionStore::journal_mode() {
  return db_.query_text("PRAGMA journal_mode");
}

SessionReader::SessionReader(const std::string& path, int busy_timeout_ms)
    : db_(path, SqliteConnection::Mode::read_only, busy_timeout_ms) {
  check_schema(db_);
}

std::vector<SessionSummary> SessionReader::list_sessions() {
  return store_queries::list_sessions(db_);
}

std::optional<SessionDetails> SessionReader::find_session(std::int64_t session_id) {
  return store_queries::find_session(db_, session_id);
}

int SessionReader::runner_session_count(const std::string& runner_id) {
  return store_queries::runner_session_count(db_, runner_id);
}

std::vector<StoredStride> SessionReader::strides(std::int64_t session_id) {
  return store_queries::strides(db_, session_id);
}

std::vector<StoredCue> SessionReader::cues(std::int64_t session_id) {
  return store_queries::cues(db_, session_id);
}

std::vector<StoredSettingsChange> SessionReader::settings_changes(std::int64_t session_id) {
  return store_queries::settings_changes(db_, session_id);
}

std::vector<StoredEvent> SessionReader::events(std::int64_t session_id) {
  return store_queries::events(db_, session_id);
}

}  // namespace stridecue
