// The session store's schema, rows and commit batching, read back through a second connection
// as `stridecue sessions` would while the daemon records.
#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

#include "store/session_store.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

StoreOptions options_for(const std::string& path, double commit_interval_s = 0.0) {
  StoreOptions o;
  o.path = path;
  o.commit_interval_s = commit_interval_s;
  return o;
}

SourceLayout one_stream_layout() {
  SourceLayout layout;
  layout.streams.push_back({"force", 1000.0, 0.0, {force_channel("left_fz_n", Plate::left)}});
  return layout;
}

std::int64_t count_rows(SessionReader& reader, const std::string& table) {
  return reader.connection().query_int64("SELECT count(*) FROM " + table);
}

}  // namespace

TEST_CASE("a new store has the versioned schema and the journal mode asked for") {
  TempDir dir("store-schema");
  {
    SessionStore store(options_for(dir / "wal.db"));
    CHECK(store.journal_mode() == "wal");
  }
  {
    StoreOptions o = options_for(dir / "delete.db");
    o.wal = false;
    SessionStore store(o);
    CHECK(store.journal_mode() == "delete");
  }
  SessionReader reader(dir / "wal.db");
  CHECK(reader.connection().query_int64("PRAGMA user_version") == kStoreSchemaVersion);
  CHECK(reader.connection().query_text("PRAGMA journal_mode") == "wal");
  for (const char* table : {"runners", "sessions", "strides", "cues", "settings_changes", "events",
                            "block_chunks", "blocks"}) {
    INFO(table);
    CHECK(count_rows(reader, table) == 0);
  }
  CHECK(reader.list_sessions().empty());
  // Reopening an existing store keeps it as it is.
  SessionStore again(options_for(dir / "wal.db"));
  CHECK(again.list_sessions().empty());
}

TEST_CASE("sessions are numbered per runner, across reopenings") {
  TempDir dir("store-numbers");
  const std::string path = dir / "s.db";
  {
    SessionStore store(options_for(path));
    CHECK(store.begin_session("alice", "{}", one_stream_layout()).session_number == 1);
    CHECK(store.begin_session("alice", "{}", one_stream_layout()).session_number == 2);
    const SessionStart bob = store.begin_session("bob", "{}", one_stream_layout());
    CHECK(bob.session_number == 1);
    CHECK(bob.id == 3);
    CHECK(store.runner_session_count("alice") == 2);
    CHECK(store.runner_session_count("carol") == 0);
  }
  SessionStore store(options_for(path));
  CHECK(store.begin_session("alice", "{}", one_stream_layout()).session_number == 3);
  SessionReader reader(path);
  CHECK(reader.runner_session_count("alice") == 3);
  CHECK(count_rows(reader, "runners") == 2);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 4);
  CHECK(sessions[2].runner_id == "bob");
  CHECK(sessions[3].session_number == 3);
  CHECK_FALSE(sessions[3].ended_utc);
  CHECK_FALSE(sessions[3].duration_s);
}

TEST_CASE("every kind of row reads back as written") {
  TempDir dir("store-rows");
  const std::string path = dir / "s.db";
  SessionStore store(options_for(path, 3600.0));
  const SessionStart s =
      store.begin_session("alice", R"({"cue":{"mode":"bandwidth"}})", one_stream_layout());
  const SessionStart other = store.begin_session("bob", "{}", one_stream_layout());
  for (int i = 0; i < 5; ++i)
    store.add_stride(s.id, stride_row(i, 0.7 * i));
  store.add_stride(other.id, stride_row(0, 9.0));
  store.add_cue(s.id, cue_row(0));
  store.add_cue(s.id, cue_row(1));
  store.set_cue_audio_latency(s.id, 1, 4'000'000);
  store.add_settings_change(s.id, {0.0, SettingsSource::start, R"({"all":true})"});
  store.add_settings_change(s.id, {12.5, SettingsSource::api, R"({"cue.refractory_s":0.5})"});
  store.add_settings_change(s.id, {12.5, SettingsSource::reload, R"({"second":true})"});
  store.add_event(s.id, {3.25, "gap", R"({"stream":"emg","samples":40})"});
  store.end_session(s.id, std::string(R"({"strides":5})"));

  SessionReader reader(path);
  const auto strides = reader.strides(s.id);
  REQUIRE(strides.size() == 5);
  for (int i = 0; i < 5; ++i) {
    const StoredStride want = stride_row(i, 0.7 * i);
    CHECK(strides[i].index == want.index);
    CHECK(strides[i].side == want.side);
    CHECK(strides[i].contact_s == want.contact_s);  // exactly
    CHECK(strides[i].strike == want.strike);
    CHECK(strides[i].strike_index == want.strike_index);
    CHECK(strides[i].json == want.json);
  }
  const auto cues = reader.cues(s.id);
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].kind == "heel_strike");
  CHECK(cues[1].kind == "hips");
  CHECK(cues[1].side == Side::right);
  CHECK(cues[1].contact_s == 2.5);
  CHECK(cues[1].decided_s == cue_row(1).decided_s);
  CHECK(cues[1].reason == cue_row(1).reason);
  CHECK(cues[1].receipt_to_decision_ns == 12'346);
  CHECK_FALSE(cues[0].receipt_to_audio_ns);
  CHECK(cues[1].receipt_to_audio_ns == 4'000'000);
  CHECK(cues[1].json == R"({"cue":1})");
  const auto changes = reader.settings_changes(s.id);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].source == SettingsSource::start);
  CHECK(changes[1].source == SettingsSource::api);
  CHECK(changes[1].session_time_s == 12.5);
  CHECK(changes[1].json == R"({"cue.refractory_s":0.5})");
  CHECK(changes[2].source == SettingsSource::reload);
  const auto events = reader.events(s.id);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == "gap");
  CHECK(events[0].session_time_s == 3.25);

  const auto details = reader.find_session(s.id);
  REQUIRE(details);
  CHECK(details->config_json == R"({"cue":{"mode":"bandwidth"}})");
  CHECK(details->summary_json == std::string(R"({"strides":5})"));
  CHECK(details->summary.strides == 5);
  CHECK(details->summary.cues == 2);
  REQUIRE(details->summary.ended_utc);
  REQUIRE(details->summary.duration_s);
  CHECK(*details->summary.duration_s >= 0.0);
  CHECK(details->summary.started_utc.size() == 24);  // 2024-05-01T09:30:00.250Z
  CHECK(details->summary.started_utc.back() == 'Z');
  CHECK_FALSE(reader.find_session(99));
  // bob's session is still open; his stride is committed with alice's end.
  CHECK(reader.strides(other.id).size() == 1);
}

TEST_CASE("rows stay invisible to readers until their commit") {
  TempDir dir("store-commit");
  const std::string path = dir / "s.db";
  SessionStore store(options_for(path, 3600.0));
  const auto s = store.begin_session("alice", "{}", one_stream_layout());
  SessionReader reader(path);
  store.add_stride(s.id, stride_row(0, 1.0));
  store.add_stride(s.id, stride_row(1, 2.0));
  CHECK(store.pending_rows() == 2);
  CHECK_FALSE(store.commit_if_due());
  CHECK(reader.strides(s.id).empty());  // the reader is not blocked, it sees the last commit
  store.commit();
  CHECK(store.pending_rows() == 0);
  CHECK(reader.strides(s.id).size() == 2);
}

TEST_CASE("rows commit by themselves once the interval has passed") {
  TempDir dir("store-interval");
  const std::string path = dir / "s.db";
  SECTION("interval 0: every row at once") {
    SessionStore store(options_for(path, 0.0));
    const auto s = store.begin_session("alice", "{}", one_stream_layout());
    store.add_stride(s.id, stride_row(0, 1.0));
    CHECK(store.pending_rows() == 0);
    SessionReader reader(path);
    CHECK(reader.strides(s.id).size() == 1);
  }
  SECTION("commit_if_due after the interval, with no new row") {
    SessionStore store(options_for(path, 0.05));
    const auto s = store.begin_session("alice", "{}", one_stream_layout());
    store.add_stride(s.id, stride_row(0, 1.0));
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    store.commit_if_due();
    CHECK(store.pending_rows() == 0);
    SessionReader reader(path);
    CHECK(reader.strides(s.id).size() == 1);
  }
  SECTION("the next row after the interval commits both") {
    SessionStore store(options_for(path, 0.05));
    const auto s = store.begin_session("alice", "{}", one_stream_layout());
    store.add_stride(s.id, stride_row(0, 1.0));
    std::this_thread::sleep_for(std::chrono::milliseconds(80));
    store.add_stride(s.id, stride_row(1, 2.0));
    CHECK(store.pending_rows() == 0);
    SessionReader reader(path);
    CHECK(reader.strides(s.id).size() == 2);
  }
}

TEST_CASE("store errors name the database and what failed") {
  TempDir dir("store-errors");
  SECTION("a directory that does not exist") {
    const std::string path = dir / "missing/s.db";
    CHECK_THROWS_WITH(SessionStore(options_for(path)),
                      Catch::Contains(path) && Catch::Contains("cannot open"));
    CHECK_THROWS_WITH(SessionReader(path), Catch::Contains(path));
  }
  SECTION("a file that is not a database") {
    const std::string path = dir / "notes.txt";
    std::ofstream(path) << std::string(2000, 'x');
    CHECK_THROWS_WITH(SessionStore(options_for(path)),
                      Catch::Contains(path) && Catch::Contains("not a database"));
    CHECK_THROWS_WITH(SessionReader(path), Catch::Contains(path));
  }
  SECTION("another program's database, and a newer store") {
    const std::string other = dir / "other.db";
    {
      SqliteConnection db(other, SqliteConnection::Mode::read_write_create, 0);
      db.exec("CREATE TABLE t (x)");
    }
    CHECK_THROWS_WITH(SessionStore(options_for(other)),
                      Catch::Contains(other) && Catch::Contains("not a stridecue session store"));
    CHECK_THROWS_WITH(SessionReader(other), Catch::Contains("not a stridecue session store"));
    const std::string newer = dir / "newer.db";
    { SessionStore store(options_for(newer)); }
    {
      SqliteConnection db(newer, SqliteConnection::Mode::read_write_create, 0);
      db.exec("PRAGMA user_version = 99");
    }
    CHECK_THROWS_WITH(SessionStore(options_for(newer)),
                      Catch::Contains(newer) && Catch::Contains("schema version 99"));
  }
  SECTION("a stride stored twice") {
    const std::string path = dir / "s.db";
    SessionStore store(options_for(path, 3600.0));
    const auto s = store.begin_session("alice", "{}", one_stream_layout());
    store.add_stride(s.id, stride_row(0, 1.0));
    CHECK_THROWS_WITH(store.add_stride(s.id, stride_row(0, 1.0)),
                      Catch::Contains(path) && Catch::Contains("UNIQUE"));
    // The failed row does not take the batch with it.
    store.add_stride(s.id, stride_row(1, 2.0));
    store.commit();
    SessionReader reader(path);
    CHECK(reader.strides(s.id).size() == 2);
  }
  SECTION("a database another process holds locked") {
    const std::string path = dir / "locked.db";
    StoreOptions o = options_for(path);
    o.wal = false;  // in the rollback journal's mode a writer's lock keeps readers out too
    { SessionStore store(o); }
    SqliteConnection other(path, SqliteConnection::Mode::read_write_create, 0);
    other.exec("BEGIN EXCLUSIVE");
    o.busy_timeout_ms = 50;
    CHECK_THROWS_WITH(SessionStore(o),
                      Catch::Contains(path) && Catch::Contains("database is locked") &&
                          Catch::Contains("another process holds a lock on " + path) &&
                          Catch::Contains("fuser"));
    other.exec("ROLLBACK");
  }
  SECTION("a row for a session that does not exist") {
    const std::string path = dir / "s.db";
    SessionStore store(options_for(path));
    CHECK_THROWS_WITH(store.add_event(42, {0.0, "gap", "{}"}),
                      Catch::Contains(path) && Catch::Contains("FOREIGN KEY"));
  }
}
