// `stridecue sessions delete | prune | vacuum | backup` and `stridecue runners export | erase`
// as a user runs them, on stores written here; a held writer lock stands for a running daemon.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

#include "store/session_store.hpp"
#include "store/writer_lock.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

SourceLayout one_stream() {
  SourceLayout layout;
  layout.streams.push_back(
      {"force",
       1000.0,
       0.0,
       {ChannelInfo{"left_fz_n", Quantity::force_z, Plate::left, std::nullopt, ""}}});
  return layout;
}

std::int64_t record(SessionStore& store, const std::string& runner, bool open = false) {
  static const SourceLayout layout = one_stream();
  const std::int64_t id = store.begin_session(runner, "{}", layout).id;
  for (int i = 0; i < 10; ++i) {
    StoredStride s;
    s.index = i;
    s.contact_s = 0.5 * i;
    store.add_stride(id, s);
  }
  const std::vector<float> samples(100, 1.0f);
  for (int i = 0; i < 500; ++i)
    store.add_block(id, SampleBlock{0, i * 100, i * 100'000'000LL, 100, 1, samples});
  store.commit();
  if (!open) store.end_session(id, std::string("{}"));
  return id;
}

std::int64_t count(const std::string& db, const std::string& sql) {
  SqliteConnection c(db, SqliteConnection::Mode::read_only, 5000);
  return c.query_int64(sql);
}

void age(const std::string& db, std::int64_t session, int days) {
  SqliteConnection c(db, SqliteConnection::Mode::read_write_create, 5000);
  c.exec("UPDATE sessions SET started_utc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-" +
         std::to_string(days) + " days') WHERE id = " + std::to_string(session));
}

}  // namespace

TEST_CASE("sessions delete removes sessions, names the unknown and keeps what a daemon holds") {
  TempDir dir("cli-delete");
  const std::string db = dir / "s.db";
  std::int64_t a = 0, b = 0, open = 0;
  {
    SessionStore store(StoreOptions{db});
    a = record(store, "alice");
    b = record(store, "bob");
    open = record(store, "carol", true);
  }
  {
    WriterLock daemon(db);
    REQUIRE(daemon.held());
    const auto r = run_program(kStridecue + " sessions delete " + std::to_string(a) + " " +
                               std::to_string(open) + " 77 --db " + db);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.out, Catch::Contains("deleted session " + std::to_string(a)));
    CHECK_THAT(r.err, Catch::Contains("kept session " + std::to_string(open)) &&
                          Catch::Contains("open in the daemon"));
    CHECK_THAT(r.err, Catch::Contains("no session 77"));
    CHECK_THAT(r.out, Catch::Contains("freed pages stay in the file"));
  }
  CHECK(count(db, "SELECT count(*) FROM sessions") == 2);
  CHECK(count(db, "SELECT count(*) FROM strides WHERE session_id = " + std::to_string(a)) == 0);

  const auto r = run_program(kStridecue + " sessions delete " + std::to_string(b) + " --db " + db);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("space: VACUUM"));
  const auto listed = run_program(kStridecue + " sessions --json --db " + db);
  REQUIRE(listed.exit_code == 0);
  const auto sessions = nlohmann::json::parse(listed.out);
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0]["id"] == open);
}

TEST_CASE("sessions prune lists with --dry-run, and --raw-only keeps strides") {
  TempDir dir("cli-prune");
  const std::string db = dir / "s.db";
  std::int64_t old_one = 0, older = 0, recent = 0;
  {
    SessionStore store(StoreOptions{db});
    old_one = record(store, "alice");
    older = record(store, "bob");
    recent = record(store, "alice");
  }
  age(db, old_one, 40);
  age(db, older, 400);
  const auto dry = run_program(kStridecue + " sessions prune --older-than 30 --dry-run --db " + db);
  INFO(dry.out << dry.err);
  CHECK(dry.exit_code == 0);
  CHECK_THAT(dry.out, Catch::Contains("would delete session " + std::to_string(old_one)) &&
                          Catch::Contains("would delete session " + std::to_string(older)) &&
                          Catch::Contains("dry run"));
  CHECK_THAT(dry.out, !Catch::Contains("session " + std::to_string(recent) + " "));
  CHECK(count(db, "SELECT count(*) FROM sessions") == 3);

  const auto raw =
      run_program(kStridecue + " sessions prune --older-than 30 --raw-only --db " + db);
  INFO(raw.out << raw.err);
  CHECK(raw.exit_code == 0);
  CHECK_THAT(raw.out, Catch::Contains("removed the raw blocks of session"));
  CHECK(count(db, "SELECT count(*) FROM block_chunks WHERE session_id IN (" +
                      std::to_string(old_one) + "," + std::to_string(older) + ")") == 0);
  CHECK(count(db, "SELECT count(*) FROM strides") == 30);
  CHECK(count(db, "SELECT count(*) FROM block_chunks WHERE session_id = " +
                      std::to_string(recent)) > 0);

  const auto all = run_program(kStridecue + " sessions prune --older-than 100 --db " + db);
  CHECK(all.exit_code == 0);
  CHECK(count(db, "SELECT count(*) FROM sessions") == 2);
  const auto none = run_program(kStridecue + " sessions prune --older-than 1000 --db " + db);
  CHECK(none.exit_code == 0);
  CHECK_THAT(none.out, Catch::Contains("no session"));
  CHECK(run_program(kStridecue + " sessions prune --db " + db).exit_code == 2);  // no cut-off
}

TEST_CASE("sessions backup writes a copy that opens and refuses to overwrite one") {
  TempDir dir("cli-backup");
  const std::string db = dir / "s.db";
  {
    SessionStore store(StoreOptions{db});
    record(store, "alice");
    record(store, "bob", true);  // the store stays as a live daemon leaves it
  }
  const std::string copy = dir / "copy.db";
  const auto r = run_program(kStridecue + " sessions backup " + copy + " --db " + db);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("backed up"));
  SqliteConnection c(copy, SqliteConnection::Mode::read_only, 5000);
  CHECK(c.query_text("PRAGMA integrity_check") == "ok");
  CHECK(c.query_int64("SELECT count(*) FROM strides") == 20);
  const auto again = run_program(kStridecue + " sessions backup " + copy + " --db " + db);
  CHECK(again.exit_code == 2);
  CHECK_THAT(again.err, Catch::Contains("already exists"));
  const auto missing =
      run_program(kStridecue + " sessions backup " + (dir / "x.db") + " --db " + (dir / "none.db"));
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("none.db"));
}

TEST_CASE("runners export writes a runner's sessions, runners erase wants --yes, then erases") {
  TempDir dir("cli-runners");
  const std::string db = dir / "s.db";
  {
    SessionStore store(StoreOptions{db});
    record(store, "runner-qx81");
    record(store, "bob");
  }
  const std::string out = dir / "export";
  const auto exported =
      run_program(kStridecue + " runners export runner-qx81 --out " + out + " --db " + db);
  INFO(exported.out << exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK(std::filesystem::exists(out + "/runner.json"));
  CHECK(std::filesystem::exists(out + "/session-1/steps.csv"));
  CHECK(
      run_program(kStridecue + " runners export nobody --out " + out + "2 --db " + db).exit_code ==
      2);

  const auto asked = run_program(kStridecue + " runners erase runner-qx81 --db " + db);
  CHECK(asked.exit_code == 2);
  CHECK_THAT(asked.err, Catch::Contains("--yes"));
  CHECK(count(db, "SELECT count(*) FROM runners WHERE id = 'runner-qx81'") == 1);

  const auto erased = run_program(kStridecue + " runners erase runner-qx81 --yes --db " + db);
  INFO(erased.out << erased.err);
  CHECK(erased.exit_code == 0);
  CHECK_THAT(erased.out, Catch::Contains("erased runner runner-qx81: 1 session(s)"));
  std::ifstream in(db, std::ios::binary);
  const std::string bytes(std::istreambuf_iterator<char>(in), {});
  CHECK(bytes.find("runner-qx81") == std::string::npos);
  CHECK(count(db, "SELECT count(*) FROM sessions") == 1);
}
