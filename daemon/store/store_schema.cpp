#include "store/store_schema.hpp"

#include <fmt/format.h>

#include "store/session_store.hpp"

namespace stridecue {
namespace {

// Times: ISO 8601 UTC text (the wall clock, for people) for sessions and runners; session time
// in seconds (REAL, the data's own timeline) for everything inside a session.
constexpr const char* kSchema = R"sql(
CREATE TABLE runners (
  id TEXT PRIMARY KEY,
  created_utc TEXT NOT NULL
);
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  runner_id TEXT NOT NULL REFERENCES runners(id),
  session_number INTEGER NOT NULL,
  started_utc TEXT NOT NULL,
  ended_utc TEXT,
  config_json TEXT NOT NULL,
  layout_json TEXT NOT NULL,
  summary_json TEXT,
  UNIQUE (runner_id, session_number)
);
CREATE TABLE strides (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  stride_index INTEGER NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  contact_s REAL NOT NULL,
  strike TEXT,
  strike_index REAL,
  json TEXT NOT NULL,
  PRIMARY KEY (session_id, stride_index)
) WITHOUT ROWID;
CREATE TABLE cues (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  contact_s REAL NOT NULL,
  decided_s REAL NOT NULL,
  reason TEXT NOT NULL,
  receipt_to_decision_ns INTEGER NOT NULL,
  receipt_to_audio_ns INTEGER,
  json TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
CREATE TABLE settings_changes (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  session_time_s REAL NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('api', 'reload', 'start')),
  json TEXT NOT NULL
);
CREATE INDEX settings_changes_by_session ON settings_changes (session_id, session_time_s);
CREATE TABLE events (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  session_time_s REAL NOT NULL,
  kind TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX events_by_session ON events (session_id, session_time_s);
CREATE TABLE blocks (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  stream INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  first_sample INTEGER NOT NULL,
  receipt_ns INTEGER NOT NULL,
  frames INTEGER NOT NULL,
  channels INTEGER NOT NULL,
  data BLOB NOT NULL CHECK (length(data) = frames * channels * 4),
  PRIMARY KEY (session_id, seq)
);
)sql";

// Schema 2: raw blocks in runs (store/block_chunk.hpp); `blocks` stays for schema 1's sessions.
// `first_seq` numbers blocks as `blocks.seq` did: per session, in arrival order, so a session
// continued across the migration keeps one order.
constexpr const char* kChunksTable = R"sql(
CREATE TABLE block_chunks (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  first_seq INTEGER NOT NULL,
  block_count INTEGER NOT NULL CHECK (block_count > 0),
  heads BLOB NOT NULL CHECK (length(heads) = block_count * 32),
  data BLOB NOT NULL,
  PRIMARY KEY (session_id, first_seq)
);
)sql";

// Schema 3: what the clinic knows of a runner (store/runner_profile.hpp), as columns added to
// `runners`, so that a store of schema 1 or 2 is migrated by ALTER TABLE alone.
constexpr const char* kRunnerColumns = R"sql(
ALTER TABLE runners ADD COLUMN name TEXT;
ALTER TABLE runners ADD COLUMN body_mass_kg REAL;
ALTER TABLE runners ADD COLUMN foot_length_m REAL;
ALTER TABLE runners ADD COLUMN shoe TEXT;
ALTER TABLE runners ADD COLUMN affected_side TEXT
  CHECK (affected_side IN ('left', 'right', 'both', 'none'));
ALTER TABLE runners ADD COLUMN notes TEXT;
ALTER TABLE runners ADD COLUMN updated_utc TEXT;
)sql";

// Schema 4: retraining program templates the clinic made (beside the built-in ones,
// live/program_templates.hpp), and each runner's own program: a copy of the template as it was
// assigned, so that editing or removing a template never changes a program under way.
constexpr const char* kProgramTables = R"sql(
CREATE TABLE programs (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  settings_json TEXT NOT NULL,
  created_utc TEXT NOT NULL,
  updated_utc TEXT NOT NULL
);
ALTER TABLE runners ADD COLUMN program_json TEXT;
)sql";

constexpr std::int64_t kOldestReadSchema = 1;

void check_version(SqliteConnection& db, std::int64_t version) {
  if (version >= kOldestReadSchema && version <= kStoreSchemaVersion) return;
  if (version > kStoreSchemaVersion) {
    throw std::runtime_error(
        fmt::format("session store {}: schema version {} is newer than this stridecue's ({}); "
                    "use a newer stridecue",
                    db.path(), version, kStoreSchemaVersion));
  }
  throw std::runtime_error(
      fmt::format("session store {}: not a stridecue session store "
                  "(schema version {}, expected {})",
                  db.path(), version, kStoreSchemaVersion));
}

}  // namespace

void create_or_check_schema(SqliteConnection& db) {
  // IMMEDIATE: two processes creating the same new file at once must not both create tables.
  db.exec("BEGIN IMMEDIATE");
  try {
    const std::int64_t version = db.query_int64("PRAGMA user_version");
    const std::int64_t tables = db.query_int64("SELECT count(*) FROM sqlite_schema");
    if (version == 0 && tables == 0) {
      db.exec(kSchema);
      db.exec(kChunksTable);
      db.exec(kRunnerColumns);
      db.exec(kProgramTables);
      db.exec(fmt::format("PRAGMA user_version = {}", kStoreSchemaVersion));
    } else {
      check_version(db, version);
      if (version < kFirstChunkedSchema) db.exec(kChunksTable);
      if (version < kFirstRunnerProfileSchema) db.exec(kRunnerColumns);
      if (version < kFirstProgramSchema) db.exec(kProgramTables);
      if (version < kStoreSchemaVersion)
        db.exec(fmt::format("PRAGMA user_version = {}", kStoreSchemaVersion));
    }
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (const std::runtime_error&) {  // the first error is the one worth reporting
    }
    throw;
  }
}

std::int64_t check_schema(SqliteConnection& db) {
  const std::int64_t version = db.query_int64("PRAGMA user_version");
  check_version(db, version);
  return version;
}

}  // namespace stridecue
