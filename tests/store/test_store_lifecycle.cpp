// The store's lifecycle (docs/store.md, "Lifecycle"): deleting and pruning sessions, the
// daemon's raw-block retention step, online backup while a writer writes, a runner's export and
// erasure down to the bytes of the file, and the files' modes with and without a group.
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/private_file.hpp"
#include "store/runner_data.hpp"
#include "store/store_backup.hpp"
#include "store/store_maintenance.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

OwnedBlock block_of(std::int64_t n) {
  OwnedBlock b{0,  n * 10, n * 1'000'000,
               10, 2,      std::vector<float>(20, 0.5f + static_cast<float>(n))};
  return b;
}

// A session of `runner` with rows in every table, raw blocks included; ended unless `open`.
std::int64_t record(SessionStore& store, const std::string& runner, int blocks = 300,
                    bool open = false) {
  const SourceLayout layout = two_stream_layout();
  const std::int64_t id =
      store.begin_session(runner, "{\"runner_id\":\"" + runner + "\"}", layout).id;
  for (int i = 0; i < 20; ++i)
    store.add_stride(id, stride_row(i, 0.5 * i));
  for (int i = 0; i < 3; ++i)
    store.add_cue(id, cue_row(i));
  store.add_settings_change(id, {1.0, SettingsSource::api, "{\"cue.mode\":\"summary\"}"});
  store.add_event(id, {2.0, "gap", "{\"gap_s\":0.5}"});
  for (int i = 0; i < blocks; ++i)
    store.add_block(id, block_of(i).view());
  store.commit();
  if (!open) store.end_session(id, std::string("{\"runner\":\"" + runner + "\"}"));
  return id;
}

std::int64_t rows(SqliteConnection& db, const std::string& table, std::int64_t session) {
  return db.query_int64("SELECT count(*) FROM " + table +
                        " WHERE session_id = " + std::to_string(session));
}

// Sets a session's start `days` in the past (what a store kept for that long would hold).
void age(const std::string& db_path, std::int64_t session, int days) {
  SqliteConnection db(db_path, SqliteConnection::Mode::read_write_create, 5000);
  db.exec("UPDATE sessions SET started_utc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-" +
          std::to_string(days) + " days') WHERE id = " + std::to_string(session));
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* const kSessionTables[] = {"strides", "cues",         "settings_changes",
                                      "events",  "block_chunks", "blocks"};

}  // namespace

TEST_CASE("store: delete removes every row of a session in one go and VACUUM gives the space back",
          "[lifecycle]") {
  TempDir dir("store-delete");
  const std::string db = dir / "s.db";
  std::int64_t gone = 0, kept = 0;
  {
    SessionStore store(StoreOptions{db});
    gone = record(store, "alice", 3000);
    kept = record(store, "bob", 50);
  }
  const auto before = store_file_bytes(db);
  StoreMaintenance maintenance(db);
  REQUIRE_FALSE(maintenance.writer_running());
  const SessionDeletion d = maintenance.delete_sessions({gone, 999}, false, false);
  REQUIRE(d.removed.size() == 1);
  CHECK(d.removed[0].id == gone);
  CHECK(d.unknown == std::vector<std::int64_t>{999});
  CHECK(d.raw_bytes == 3000 * 20 * 4);
  CHECK(d.reclaim == SpaceReclaim::vacuumed);
  CHECK(d.file_bytes_after < before);
  CHECK(store_file_bytes(db) < before - 3000 * 20 * 4 / 2);
  for (const char* table : kSessionTables) {
    INFO(table);
    CHECK(rows(maintenance.connection(), table, gone) == 0);
  }
  CHECK(maintenance.connection().query_int64("SELECT count(*) FROM sessions WHERE id = " +
                                             std::to_string(gone)) == 0);
  CHECK(rows(maintenance.connection(), "strides", kept) == 20);
  CHECK(rows(maintenance.connection(), "block_chunks", kept) > 0);
  CHECK(maintenance.connection().query_text("PRAGMA integrity_check") == "ok");
}

TEST_CASE("store: a session a running daemon holds open is never deleted, one a crash left is",
          "[lifecycle]") {
  TempDir dir("store-held");
  const std::string db = dir / "s.db";
  std::int64_t ended = 0, open = 0;
  {
    SessionStore store(StoreOptions{db});
    ended = record(store, "alice");
    open = record(store, "bob", 20, true);
  }
  {
    WriterLock daemon(db);  // another writer: what a running stridecued holds
    REQUIRE(daemon.held());
    StoreMaintenance maintenance(db);
    REQUIRE(maintenance.writer_running());
    const SessionDeletion d = maintenance.delete_sessions({ended, open}, false, false);
    REQUIRE(d.removed.size() == 1);
    CHECK(d.removed[0].id == ended);
    REQUIRE(d.held_open.size() == 1);
    CHECK(d.held_open[0].id == open);
    CHECK(d.reclaim == SpaceReclaim::reused);  // no VACUUM under a running writer
    CHECK(rows(maintenance.connection(), "strides", open) == 20);
  }
  StoreMaintenance alone(db);  // the writer is gone: the open session is a crash's leftover
  const SessionDeletion d = alone.delete_sessions({open}, false, false);
  REQUIRE(d.removed.size() == 1);
  CHECK(d.held_open.empty());
  CHECK(rows(alone.connection(), "strides", open) == 0);
}

TEST_CASE("store: prune --raw-only takes the raw blocks of old sessions and keeps the rest",
          "[lifecycle]") {
  TempDir dir("store-prune");
  const std::string db = dir / "s.db";
  std::int64_t old_one = 0, recent = 0;
  {
    SessionStore store(StoreOptions{db});
    old_one = record(store, "alice");
    recent = record(store, "alice");
  }
  age(db, old_one, 40);
  StoreMaintenance maintenance(db);
  const auto older = maintenance.sessions_older_than(30);
  REQUIRE(older.size() == 1);
  CHECK(older[0].id == old_one);

  const SessionDeletion dry = maintenance.delete_sessions({old_one}, true, true);
  CHECK(dry.removed.size() == 1);
  CHECK(dry.reclaim == SpaceReclaim::none);
  CHECK(rows(maintenance.connection(), "block_chunks", old_one) > 0);  // a dry run changes nothing

  maintenance.delete_sessions({old_one}, true, false);
  CHECK(rows(maintenance.connection(), "block_chunks", old_one) == 0);
  CHECK(rows(maintenance.connection(), "strides", old_one) == 20);
  CHECK(rows(maintenance.connection(), "cues", old_one) == 3);
  CHECK(maintenance.connection().query_int64(
            "SELECT count(*) FROM sessions WHERE id = " + std::to_string(old_one) +
            " AND summary_json IS NOT NULL") == 1);
  CHECK(rows(maintenance.connection(), "block_chunks", recent) > 0);
}

TEST_CASE("store: the retention step takes old ended sessions' raw blocks in bounded steps",
          "[lifecycle]") {
  TempDir dir("store-retention");
  const std::string db = dir / "s.db";
  std::int64_t old_one = 0, old_open = 0, recent = 0;
  {
    SessionStore store(StoreOptions{db});
    old_one = record(store, "alice", 1000);  // 10 chunks of 100 blocks
    recent = record(store, "alice", 300);
    old_open = record(store, "bob", 300, true);
  }
  age(db, old_one, 10);
  age(db, old_open, 10);
  SqliteConnection conn(db, SqliteConnection::Mode::read_write_create, 5000);
  CHECK(prune_raw_blocks_step(conn, 0, 4) == 0);  // 0 days: kept forever
  const std::int64_t chunks = rows(conn, "block_chunks", old_one);
  REQUIRE(chunks == 10);
  CHECK(prune_raw_blocks_step(conn, 7, 4) == 4);
  CHECK(rows(conn, "block_chunks", old_one) == 6);
  std::int64_t steps = 1;
  while (prune_raw_blocks_step(conn, 7, 4) > 0)
    ++steps;
  CHECK(steps == 3);
  CHECK(rows(conn, "block_chunks", old_one) == 0);
  CHECK(rows(conn, "strides", old_one) == 20);
  CHECK(rows(conn, "block_chunks", recent) == 3);    // younger than 7 days
  CHECK(rows(conn, "block_chunks", old_open) == 3);  // open: never touched
}

TEST_CASE("store: a backup taken while a writer commits is consistent and complete",
          "[lifecycle]") {
  TempDir dir("store-backup");
  const std::string db = dir / "s.db";
  std::int64_t session = 0;
  {
    SessionStore store(StoreOptions{db});
    record(store, "alice", 20000);  // some MB, so that the copy takes a while
    session = store.begin_session("bob", "{}", two_stream_layout()).id;
  }
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> committed{0};
  std::thread writer([&] {
    StoreOptions o{db};
    o.commit_interval_s = 10;  // commits below: a stride and its block together
    SessionStore store(o);
    for (std::int64_t i = 0; !stop; ++i) {
      store.add_stride(session, stride_row(i, 0.5 * static_cast<double>(i)));
      store.add_block(session, block_of(i).view());
      store.commit();
      committed = i + 1;
    }
  });
  while (committed < 50)
    std::this_thread::yield();
  // The copy is of one moment while the writer goes on: between what was committed before and
  // after it, with every stride up to that moment.
  std::int64_t before = 0, after = 0;
  int attempt = 0;
  std::string copy;
  do {
    copy = dir / ("copy-" + std::to_string(attempt) + ".db");
    before = committed;
    const BackupResult r = backup_store(db, copy);
    after = committed;
    CHECK(r.pages > 0);
  } while (after == before && ++attempt < 20);
  stop = true;
  writer.join();
  REQUIRE(after > before);  // the writer did commit during the copy

  struct stat st {};
  REQUIRE(::stat(copy.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(std::filesystem::exists(copy + ".partial"));
  SqliteConnection c(copy, SqliteConnection::Mode::read_only, 5000);
  CHECK(c.query_text("PRAGMA integrity_check") == "ok");
  const std::int64_t strides = rows(c, "strides", session);
  CHECK(strides >= before);
  CHECK(strides <= after);
  CHECK(c.query_int64("SELECT max(stride_index) + 1 FROM strides WHERE session_id = " +
                      std::to_string(session)) == strides);  // a prefix: no holes
  CHECK(c.query_int64("SELECT sum(block_count) FROM block_chunks WHERE session_id = " +
                      std::to_string(session)) == strides);  // its blocks commit with it
  CHECK(rows(c, "block_chunks", 1) == 200);
  CHECK_THROWS_WITH(backup_store(db, copy), Catch::Contains("already exists"));
}

TEST_CASE("store: a runner's export holds every session of theirs and nobody else's",
          "[lifecycle]") {
  TempDir dir("store-runner-export");
  const std::string db = dir / "s.db";
  {
    SessionStore store(StoreOptions{db});
    record(store, "alice");
    record(store, "bob");
    record(store, "alice");
  }
  const auto out = dir.path() / "alice";
  const RunnerExport r = export_runner(db, "alice", out);
  CHECK(r.sessions == 2);
  const auto runner = nlohmann::json::parse(read_file(out / "runner.json"));
  CHECK(runner["runner"]["id"] == "alice");
  CHECK(runner["runner"].contains("created_utc"));
  REQUIRE(runner["sessions"].size() == 2);
  CHECK(runner["sessions"][1]["session_number"] == 2);
  for (const char* folder : {"session-1", "session-2"}) {
    for (const char* file : {"steps.csv", "cues.csv", "settings_changes.csv", "events.csv",
                             "samples.csv", "session.json"}) {
      INFO(folder << "/" << file);
      CHECK(std::filesystem::exists(out / folder / file));
    }
    CHECK(nlohmann::json::parse(read_file(out / folder / "session.json"))["runner"] == "alice");
  }
  CHECK_FALSE(std::filesystem::exists(out / "session-3"));
  CHECK_THROWS_AS(export_runner(db, "carol", dir.path() / "carol"), UnknownRunner);
}

TEST_CASE("store: erasing a runner leaves none of their bytes in the file", "[lifecycle]") {
  TempDir dir("store-erase");
  const std::string db = dir / "s.db";
  const std::string who = "runner-zq7x";  // a string nothing else in the file holds
  {
    SessionStore store(StoreOptions{db});
    record(store, who, 500);
    record(store, "bob");
    record(store, who, 500);
  }
  REQUIRE(file_bytes(db).find(who) != std::string::npos);
  StoreMaintenance maintenance(db);
  const RunnerErasure dry = erase_runner(maintenance, who, true);
  CHECK(dry.sessions.size() == 2);
  CHECK(dry.rows.at("strides") == 40);
  CHECK(dry.rows.at("runners") == 1);
  CHECK(file_bytes(db).find(who) != std::string::npos);

  const RunnerErasure r = erase_runner(maintenance, who, false);
  CHECK(r.reclaim == SpaceReclaim::vacuumed);
  CHECK(r.journal_emptied);
  CHECK(file_bytes(db).find(who) == std::string::npos);
  CHECK(file_bytes(db + "-wal").find(who) == std::string::npos);
  auto& c = maintenance.connection();
  CHECK(c.query_int64("SELECT count(*) FROM runners WHERE id = '" + who + "'") == 0);
  CHECK(c.query_int64("SELECT count(*) FROM sessions") == 1);
  CHECK(c.query_int64("SELECT count(*) FROM strides") == 20);  // bob's
  CHECK(c.query_text("PRAGMA integrity_check") == "ok");
  CHECK_THROWS_AS(erase_runner(maintenance, who, false), UnknownRunner);
}

TEST_CASE("store: erasing a runner while a daemon records another overwrites their bytes in place",
          "[lifecycle]") {
  TempDir dir("store-erase-live");
  const std::string db = dir / "s.db";
  const std::string who = "runner-k3vq";
  std::int64_t open = 0;
  {
    SessionStore store(StoreOptions{db});
    record(store, who, 500);
    open = record(store, "bob", 50, true);
  }
  WriterLock daemon(db);
  REQUIRE(daemon.held());
  StoreMaintenance maintenance(db);
  REQUIRE(maintenance.writer_running());
  // As SQLite's own default has it (Debian builds it with SQLITE_SECURE_DELETE on).
  maintenance.connection().exec("PRAGMA secure_delete = OFF");
  const RunnerErasure r = erase_runner(maintenance, who, false);
  CHECK(r.reclaim == SpaceReclaim::reused);
  CHECK(r.journal_emptied);
  CHECK(file_bytes(db).find(who) == std::string::npos);
  CHECK(file_bytes(db + "-wal").find(who) == std::string::npos);
  CHECK(rows(maintenance.connection(), "strides", open) == 20);
  // Bob's session is open in that daemon: erasing him is refused, naming it.
  CHECK_THROWS_WITH(
      erase_runner(maintenance, "bob", false),
      Catch::Contains("session " + std::to_string(open)) && Catch::Contains("nothing was erased"));
  CHECK(rows(maintenance.connection(), "strides", open) == 20);
}

TEST_CASE("store: files are private by default and group-readable with a group", "[lifecycle]") {
  TempDir dir("store-modes");
  const auto mode_of = [](const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return std::pair<unsigned, gid_t>(st.st_mode & 0777, st.st_gid);
  };
  const std::string own = dir / "own.db";
  { SessionStore store(StoreOptions{own}); }
  CHECK(mode_of(own).first == 0600);

  // The test's own group: one the owner may always give a file to.
  const gid_t group = ::getegid();
  const ::group* entry = ::getgrgid(group);
  REQUIRE(entry != nullptr);
  CHECK(group_id(entry->gr_name) == group);
  CHECK_THROWS_WITH(group_id("no-such-group-stridecue"),
                    Catch::Contains("store.group") && Catch::Contains("no-such-group-stridecue"));

  const std::string shared = dir / "shared.db";
  create_group_file_if_absent(shared, group);
  SessionStore store(StoreOptions{shared});
  store.begin_session("alice", "{}", two_stream_layout());
  share_store_files(shared, group);
  for (const std::string& file : {shared, shared + "-wal", shared + "-shm"}) {
    INFO(file);
    CHECK(mode_of(file) == std::pair<unsigned, gid_t>(0640, group));
  }
}
