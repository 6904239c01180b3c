// The store's settings of its lifecycle in the real daemon: `store.group` (files 0640 and of the
// staff's group, an unknown group refused at start) and `store.raw_blocks_keep_days` (old raw
// blocks removed at start by the recorder thread while the new session records).
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <fstream>

#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;

namespace {

std::string config_with(const std::filesystem::path& dir, const std::string& store_keys) {
  return test::test_config(dir, store_keys) + "[audio]\nenabled = false\n";
}

// Waits until the daemon's log holds `text` (at most `seconds`).
bool log_shows(const test::DaemonProcess& daemon, const std::string& text, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (daemon.log().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

}  // namespace

TEST_CASE("store.group: the store, its WAL and shared memory are 0640 and of the group",
          "[daemon][store]") {
  test::TempDir dir("daemon-store-group");
  // The test's own group: one its user may always give a file to.
  const ::group* own = ::getgrgid(::getegid());
  REQUIRE(own != nullptr);
  test::DaemonProcess daemon(
      dir.path(), config_with(dir.path(), fmt::format("group = \"{}\"\n", own->gr_name)));
  test::EventLog log(daemon.client());
  REQUIRE(log.wait_for("stride", 2, 20.0));
  const std::string db = (dir.path() / "sessions.db").string();
  for (const std::string& file : {db, db + "-wal", db + "-shm"}) {
    INFO(file);
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(st.st_gid == ::getegid());
  }
  CHECK(daemon.stop(SIGTERM) == 0);
}

TEST_CASE("store.group: a group the system does not have stops the start, naming it",
          "[daemon][store]") {
  test::TempDir dir("daemon-store-nogroup");
  const auto config = dir.path() / "stridecue.toml";
  std::ofstream(config) << config_with(dir.path(), "group = \"no-such-group-stridecue\"\n");
  // timeout: a daemon that took the group would run on the simulator for ever.
  const auto r = test::run_program("timeout 60 " + std::string(test::daemon_path()) + " --config " +
                                   config.string());
  CHECK(r.exit_code != 0);
  CHECK_THAT(r.err, Catch::Contains("store.group") && Catch::Contains("no-such-group-stridecue"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "sessions.db"));
}

TEST_CASE("store.raw_blocks_keep_days: the daemon removes old raw blocks at start and records on",
          "[daemon][store]") {
  test::TempDir dir("daemon-retention");
  const std::string db = (dir.path() / "sessions.db").string();
  std::int64_t old_session = 0;
  {
    SessionStore store(StoreOptions{db});
    SourceLayout layout;
    layout.streams.push_back(
        {"force",
         1000.0,
         0.0,
         {ChannelInfo{"left_fz_n", Quantity::force_z, Plate::left, std::nullopt, ""}}});
    old_session = store.begin_session("runner", "{}", layout).id;
    store.add_stride(old_session, StoredStride{});
    const std::vector<float> samples(10, 1.0f);
    for (int i = 0; i < 2000; ++i)
      store.add_block(old_session, SampleBlock{0, i * 10, i * 10'000'000LL, 10, 1, samples});
    store.end_session(old_session, std::string("{}"));
  }
  {
    SqliteConnection c(db, SqliteConnection::Mode::read_write_create, 5000);
    c.exec(
        "UPDATE sessions SET started_utc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
        "'-30 days')");
  }
  test::DaemonProcess daemon(dir.path(), config_with(dir.path(), "raw_blocks_keep_days = 7\n"));
  REQUIRE(log_shows(daemon, "retention: removed 20 row(s)", 20.0));
  test::EventLog log(daemon.client());
  REQUIRE(log.wait_for("stride", 3, 20.0));
  CHECK(daemon.stop(SIGTERM) == 0);

  SessionReader reader(db);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0].blocks == 0);   // the old session's raw blocks are gone
  CHECK(sessions[0].strides == 1);  // its stride stays
  CHECK(sessions[1].blocks > 0);    // the new session records its own
  CHECK(sessions[1].ended_utc);
}
