// Raw blocks in the store since schema 2: many blocks go into few rows and replay bit for bit in
// their order across streams, sessions and commits; a store of schema 1 (one row per block) is
// still read, and the writer migrates it without moving its old rows.
#include <catch2/catch.hpp>
#include <cstring>

#include "store/layout_json.hpp"
#include "store/sqlite_connection.hpp"
#include "store/stored_session_source.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

// Block `i` of a session: the streams alternate unevenly, sizes vary, every value is distinct.
OwnedBlock block_number(int i, float salt) {
  OwnedBlock b;
  b.stream = static_cast<std::uint16_t>(i % 3 == 2 ? 1 : 0);
  b.channels = b.stream == 0 ? 2 : 1;
  b.frames = static_cast<std::size_t>(1 + i % 4);
  b.first_sample = 10 * i;
  b.receipt_ns = 1'000'000 * std::int64_t{i} + 7;
  for (std::size_t k = 0; k < b.frames * b.channels; ++k)
    b.samples.push_back(salt + static_cast<float>(i) + 1e-3f * static_cast<float>(k));
  return b;
}

// Reads the whole session and checks it against `want`, bit for bit and in order.
void check_replay(const std::string& path, std::int64_t session,
                  const std::vector<OwnedBlock>& want) {
  StoredSessionSource source(path, session);
  REQUIRE(source.failure().empty());
  SampleBlock got;
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("block " << i);
    REQUIRE(source.next(got) == SourceStatus::block);
    REQUIRE(got.stream == want[i].stream);
    CHECK(got.first_sample == want[i].first_sample);
    CHECK(got.receipt_ns == want[i].receipt_ns);
    CHECK(got.frames == want[i].frames);
    CHECK(got.channels == want[i].channels);
    REQUIRE(got.samples.size() == want[i].samples.size());
    CHECK(std::memcmp(got.samples.data(), want[i].samples.data(),
                      want[i].samples.size() * sizeof(float)) == 0);
  }
  CHECK(source.next(got) == SourceStatus::end);
  CHECK(source.failure().empty());
}

std::int64_t query(const std::string& path, const std::string& sql) {
  SqliteConnection db(path, SqliteConnection::Mode::read_only, 1000);
  return db.query_int64(sql);
}

// Schema 1 as stridecue created it before block chunks, cut to what a session needs.
constexpr const char* kSchemaOne = R"sql(
CREATE TABLE runners (id TEXT PRIMARY KEY, created_utc TEXT NOT NULL);
CREATE TABLE sessions (id INTEGER PRIMARY KEY, runner_id TEXT NOT NULL REFERENCES runners(id),
  session_number INTEGER NOT NULL, started_utc TEXT NOT NULL, ended_utc TEXT,
  config_json TEXT NOT NULL, layout_json TEXT NOT NULL, summary_json TEXT,
  UNIQUE (runner_id, session_number));
CREATE TABLE strides (session_id INTEGER NOT NULL REFERENCES sessions(id),
  stride_index INTEGER NOT NULL, side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  contact_s REAL NOT NULL, strike TEXT, strike_index REAL, json TEXT NOT NULL,
  PRIMARY KEY (session_id, stride_index)) WITHOUT ROWID;
CREATE TABLE cues (session_id INTEGER NOT NULL REFERENCES sessions(id), seq INTEGER NOT NULL,
  kind TEXT NOT NULL, side TEXT NOT NULL CHECK (side IN ('left', 'right')),
  contact_s REAL NOT NULL, decided_s REAL NOT NULL, reason TEXT NOT NULL,
  receipt_to_decision_ns INTEGER NOT NULL, receipt_to_audio_ns INTEGER, json TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)) WITHOUT ROWID;
CREATE TABLE settings_changes (session_id INTEGER NOT NULL REFERENCES sessions(id),
  session_time_s REAL NOT NULL, source TEXT NOT NULL CHECK (source IN ('api', 'reload', 'start')),
  json TEXT NOT NULL);
CREATE TABLE events (session_id INTEGER NOT NULL REFERENCES sessions(id),
  session_time_s REAL NOT NULL, kind TEXT NOT NULL, json TEXT NOT NULL);
CREATE TABLE blocks (session_id INTEGER NOT NULL REFERENCES sessions(id),
  stream INTEGER NOT NULL, seq INTEGER NOT NULL, first_sample INTEGER NOT NULL,
  receipt_ns INTEGER NOT NULL, frames INTEGER NOT NULL, channels INTEGER NOT NULL,
  data BLOB NOT NULL CHECK (length(data) = frames * channels * 4),
  PRIMARY KEY (session_id, seq));
PRAGMA user_version = 1;
)sql";

// A schema 1 store holding one session of `blocks`, written row by row as that version did.
void write_schema_one_store(const std::string& path, const std::vector<OwnedBlock>& blocks) {
  SqliteConnection db(path, SqliteConnection::Mode::read_write_create, 1000);
  db.exec(kSchemaOne);
  db.exec("INSERT INTO runners VALUES ('alice', '2026-01-01T00:00:00.000Z')");
  SqliteStatement session(
      db,
      "INSERT INTO sessions (runner_id, session_number, started_utc, config_json, layout_json) "
      "VALUES ('alice', 1, '2026-01-01T00:00:00.000Z', '{}', ?1)");
  session.bind(1, std::string_view(layout_to_json(two_stream_layout()).dump())).run();
  SqliteStatement insert(db,
                         "INSERT INTO blocks (session_id, stream, seq, first_sample, receipt_ns, "
                         "frames, channels, data) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const OwnedBlock& b = blocks[i];
    std::vector<unsigned char> bytes(b.samples.size() * sizeof(float));
    if (!bytes.empty()) std::memcpy(bytes.data(), b.samples.data(), bytes.size());
    insert.bind(1, std::int64_t{b.stream})
        .bind(2, static_cast<std::int64_t>(i))
        .bind(3, b.first_sample)
        .bind(4, b.receipt_ns)
        .bind(5, static_cast<std::int64_t>(b.frames))
        .bind(6, static_cast<std::int64_t>(b.channels))
        .bind_blob(7, bytes)
        .run();
  }
}

}  // namespace

TEST_CASE("many blocks go into few rows and replay in their order") {
  TempDir dir("store-chunks");
  const std::string path = dir / "s.db";
  const int count = 2 * static_cast<int>(SessionStore::kChunkMaxBlocks) + 37;
  std::vector<OwnedBlock> alice, bob;
  std::int64_t a = 0, b = 0;
  {
    StoreOptions o;
    o.path = path;
    o.commit_interval_s = 3600.0;  // commits only where the test makes them
    SessionStore store(o);
    a = store.begin_session("alice", "{}", two_stream_layout()).id;
    b = store.begin_session("bob", "{}", two_stream_layout()).id;
    for (int i = 0; i < count; ++i) {
      alice.push_back(block_number(i, 0.0f));
      store.add_block(a, alice.back().view());
      if (i == 0 || i == 50) {  // another session's block in between ends the run
        bob.push_back(block_number(i, 0.5f));
        store.add_block(b, bob.back().view());
      }
      if (i == 123) store.commit();  // a commit writes a partial chunk
    }
    store.end_session(a, std::nullopt);
    CHECK(store.pending_rows() == 0);
  }
  check_replay(path, a, alice);
  check_replay(path, b, bob);
  SessionReader reader(path);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0].blocks == count);
  CHECK(sessions[1].blocks == static_cast<std::int64_t>(bob.size()));
  // Far fewer rows than blocks: her runs end at bob's blocks, at the commit and at her end.
  const std::int64_t rows = query(path, "SELECT count(*) FROM block_chunks WHERE session_id = 1");
  CHECK(rows >= 3);
  CHECK(rows <= 10);
  CHECK(query(path, "SELECT max(block_count) FROM block_chunks") ==
        static_cast<std::int64_t>(SessionStore::kChunkMaxBlocks));
  CHECK(query(path, "SELECT count(*) FROM blocks") == 0);
}

TEST_CASE("blocks are on disk once their transaction commits, not before") {
  TempDir dir("store-chunk-commit");
  const std::string path = dir / "s.db";
  StoreOptions o;
  o.path = path;
  o.commit_interval_s = 3600.0;
  SessionStore store(o);
  const std::int64_t id = store.begin_session("alice", "{}", two_stream_layout()).id;
  std::vector<OwnedBlock> blocks;
  for (int i = 0; i < 5; ++i) {
    blocks.push_back(block_number(i, 0.0f));
    store.add_block(id, blocks.back().view());
  }
  CHECK(store.pending_rows() == 5);
  CHECK(SessionReader(path).list_sessions().at(0).blocks == 0);
  store.commit();
  CHECK(store.pending_rows() == 0);
  CHECK(SessionReader(path).list_sessions().at(0).blocks == 5);
  check_replay(path, id, blocks);
  // Abandoned (a failed disk), gathered blocks are gone with their transaction.
  store.add_block(id, block_number(5, 0.0f).view());
  store.abandon();
  store.commit();
  CHECK(SessionReader(path).list_sessions().at(0).blocks == 5);
}

TEST_CASE("a store of schema 1 is read, and migrated by the writer without moving its rows") {
  TempDir dir("store-schema-one");
  const std::string path = dir / "old.db";
  std::vector<OwnedBlock> old_blocks;
  for (int i = 0; i < 40; ++i)
    old_blocks.push_back(block_number(i, 0.25f));
  write_schema_one_store(path, old_blocks);

  // Read as it is: the readers need no write access and change nothing.
  {
    SessionReader reader(path);
    const auto sessions = reader.list_sessions();
    REQUIRE(sessions.size() == 1);
    CHECK(sessions[0].blocks == 40);
  }
  check_replay(path, 1, old_blocks);
  CHECK(query(path, "PRAGMA user_version") == 1);

  // The writer migrates: the new table, version 2, the old rows where they were.
  std::vector<OwnedBlock> continued = old_blocks;
  {
    StoreOptions o;
    o.path = path;
    SessionStore store(o);
    // Blocks added to the session of schema 1 (SessionStore continues a session it did not
    // begin) are numbered after its old ones, and a new session is all chunks.
    for (int i = 40; i < 160; ++i) {
      continued.push_back(block_number(i, 0.25f));
      store.add_block(1, continued.back().view());
    }
    const std::int64_t fresh = store.begin_session("alice", "{}", two_stream_layout()).id;
    CHECK(fresh == 2);
    store.add_block(fresh, old_blocks[3].view());
  }
  CHECK(query(path, "PRAGMA user_version") == kStoreSchemaVersion);
  CHECK(query(path, "SELECT count(*) FROM blocks") == 40);
  CHECK(query(path, "SELECT min(first_seq) FROM block_chunks WHERE session_id = 1") == 40);
  check_replay(path, 1, continued);
  check_replay(path, 2, {old_blocks[3]});
  SessionReader reader(path);
  CHECK(reader.list_sessions().at(0).blocks == 160);
  CHECK(reader.list_sessions().at(1).session_number == 2);
  CHECK(reader.connection().query_text("PRAGMA integrity_check") == "ok");
}
