// The session store (docs/store.md): one SQLite file holding runners, sessions and each
// session's strides, cues, settings changes, events and raw sample blocks.
//
// SessionStore is the writer. It lives on the daemon's non-real-time recorder thread and is
// not thread-safe: one thread, one writer. Rows are batched in one open transaction, committed
// once the oldest uncommitted row is commit_interval_s old (checked in every add_*, and in
// commit_if_due(), which the recorder calls when it has nothing to write) — so a kill -9 loses
// at most the rows of the last interval. Readers (SessionReader, `stridecue sessions`, the
// sqlite3 shell) may read at the same time in WAL mode and see every committed row.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/sample_block.hpp"
#include "store/block_chunk.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store_rows.hpp"
#include "store/writer_lock.hpp"

namespace stridecue {

inline constexpr int kStoreSchemaVersion = 4;  // PRAGMA user_version (store_schema.hpp)

// The daemon fills this from its StoreSettings.
struct StoreOptions {
  std::string path = "stridecue-sessions.db";
  bool wal = true;  // journal_mode WAL (readers never block the writer); else DELETE
  double commit_interval_s = 0.25;  // 0: every row commits at once
  int busy_timeout_ms = 5000;       // how long to wait for a lock held by another connection
  std::string vfs{};                // a VFS the caller registered (tests: one that fails writes)
};

struct SessionStart {
  std::int64_t id = 0;
  int session_number = 0;  // the runner's nth session, 1-based
};

class SessionStore {
 public:
  // Opens (creating if needed) the database and its schema. Throws std::runtime_error naming
  // the path and what failed, e.g. a file that is not a database or a newer schema.
  explicit SessionStore(const StoreOptions& options);
  // Commits what is pending; errors then are lost (call commit() first to see them).
  ~SessionStore();
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // Creates the runner if new and a session numbered after the runner's earlier ones; committed
  // at once. `config_json` is the settings the session starts with.
  SessionStart begin_session(const std::string& runner_id, const std::string& config_json,
                             const SourceLayout& layout);
  // Stamps the end and the summary, and commits everything pending.
  void end_session(std::int64_t session_id, const std::optional<std::string>& summary_json);

  void add_stride(std::int64_t session_id, const StoredStride& stride);
  void add_cue(std::int64_t session_id, const StoredCue& cue);
  // The cue's sound started `receipt_to_audio_ns` after the receipt of its deciding block.
  void set_cue_audio_latency(std::int64_t session_id, std::int64_t cue_seq,
                             std::int64_t receipt_to_audio_ns);
  void add_settings_change(std::int64_t session_id, const StoredSettingsChange& change);
  void add_event(std::int64_t session_id, const StoredEvent& event);
  // Stores the block's samples exactly (little-endian float32, frame-major), numbered in the
  // order they arrive so that a replay hands them out in the same order. Consecutive blocks of
  // a session go into one row of up to kChunkMaxBlocks (store/block_chunk.hpp), written when it
  // is full and at every commit: like any row, a block is on disk once its transaction commits.
  void add_block(std::int64_t session_id, const SampleBlock& block);
  // ~0.1 s of a treadmill's 2 ms blocks from two plates; the byte cap bounds a chunk of big
  // blocks (many EMG channels) to a few SQLite overflow pages' worth.
  static constexpr std::size_t kChunkMaxBlocks = 100;
  static constexpr std::size_t kChunkMaxBytes = std::size_t{256} << 10;

  // Commits the open transaction now (no-op without one).
  void commit();
  // Commits if the oldest uncommitted row is at least commit_interval_s old. Returns whether
  // it committed.
  bool commit_if_due();
  // Rows written but not yet committed.
  std::size_t pending_rows() const { return pending_rows_; }

  // After a failed write or commit (a full or failing disk): rolls back the open transaction,
  // if SQLite has not already; its rows are gone. Never throws.
  void abandon();
  // WAL mode: copies the WAL into the database and truncates it, which gives back the space it
  // held (after a full disk, the room the next commit needs). Never throws; whether it did.
  bool shrink_journal();

  std::vector<SessionSummary> list_sessions();
  int runner_session_count(const std::string& runner_id);
  const std::string& path() const { return db_.path(); }
  // For the runners' records (store/runner_records.hpp), on this store's thread. A write there
  // goes into the open transaction, if any: commit() to have it on disk.
  SqliteConnection& connection() { return db_; }
  // Sessions an earlier writer left open, closed when this one opened (session_recovery.hpp).
  int sessions_recovered() const { return sessions_recovered_; }
  // "wal" or "delete", as SQLite reports it.
  std::string journal_mode();

 private:
  void begin_if_needed();
  void row_added();
  // Inserts the blocks gathered so far as one row (in the open transaction).
  void write_chunk();

  StoreOptions options_;
  WriterLock writer_lock_;
  SqliteConnection db_;
  int sessions_recovered_ = 0;
  SqliteStatement begin_, commit_;
  SqliteStatement insert_runner_, count_sessions_, insert_session_, end_session_;
  SqliteStatement insert_stride_, insert_cue_, update_cue_audio_, insert_settings_, insert_event_,
      insert_chunk_, next_block_seq_;
  std::size_t pending_rows_ = 0;
  std::chrono::steady_clock::time_point oldest_pending_{};
  std::unordered_map<std::int64_t, std::int64_t> next_seq_;  // per session: blocks
  BlockChunkBuilder chunk_;  // blocks not yet written, all of chunk_session_, from chunk_seq_
  std::int64_t chunk_session_ = 0, chunk_seq_ = 0;
};

// A read-only view of a store, for `stridecue sessions` and `export` and replays; safe while
// the daemon writes (WAL). Throws std::runtime_error naming the path when the file does not
// exist, is not a session store, or has a schema newer than this program.
class SessionReader {
 public:
  explicit SessionReader(const std::string& path, int busy_timeout_ms = 5000);

  std::vector<SessionSummary> list_sessions();
  std::optional<SessionDetails> find_session(std::int64_t session_id);
  int runner_session_count(const std::string& runner_id);
  std::vector<StoredStride> strides(std::int64_t session_id);
  std::vector<StoredCue> cues(std::int64_t session_id);
  std::vector<StoredSettingsChange> settings_changes(std::int64_t session_id);
  std::vector<StoredEvent> events(std::int64_t session_id);

  SqliteConnection& connection() { return db_; }
  const std::string& path() const { return db_.path(); }

 private:
  SqliteConnection db_;
};

}  // namespace stridecue
