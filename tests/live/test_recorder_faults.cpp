// A store that fails under the recorder — a full disk (SQLITE_FULL, as SQLite answers ENOSPC) or a
// failing one (SQLITE_IOERR) — made real by a VFS that fails SQLite's own writes on demand
// (tests/support/fault_vfs.hpp): the recording is interrupted and says so, the callers never
// wait, what is lost is counted exactly, the recording resumes once the disk takes writes
// again, and the session's end is written whatever happened in between.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "live/recorder.hpp"
#include "recorder_fixtures.hpp"
#include "support/fault_vfs.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

// Resets the fault on the way out, whatever the test did.
struct Disk {
  Disk() { test::FaultVfs::fail_with().store(0); }
  ~Disk() { test::FaultVfs::fail_with().store(0); }
  void fail(int code) { test::FaultVfs::fail_with().store(code); }
  void heal() { test::FaultVfs::fail_with().store(0); }
};

std::unique_ptr<SessionStore> faulty_store(const std::string& path) {
  StoreOptions o;
  o.path = path;
  o.vfs = test::FaultVfs::install();
  return std::make_unique<SessionStore>(o);
}

RecorderLimits quick_retries() {
  RecorderLimits limits;
  limits.first_retry_s = 0.02;
  limits.max_retry_s = 0.1;
  return limits;
}

std::int64_t begin(Recorder& recorder, const SourceLayout& layout) {
  std::promise<std::int64_t> id;
  recorder.begin_session("ana", "{}", layout,
                         [&](const std::optional<SessionStart>& s, const std::string& error) {
                           INFO(error);
                           id.set_value(s ? s->id : -1);
                         });
  return id.get_future().get();
}

// Feeds strides and blocks (from `next`) until `done` holds, at most 10 s; false on time out.
template <typename Done>
bool feed_until(Recorder& recorder, std::int64_t& next, std::int64_t& blocks, Done done) {
  std::vector<float> samples(64, 1.0f);
  SampleBlock block;
  block.frames = 64;
  block.channels = 1;
  block.samples = samples;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    recorder.add_stride(stride(next++));
    block.first_sample = 64 * blocks++;
    recorder.add_block(block);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// A session the store refuses: the recorder answers once with why, and once more when a
// retry begins it.
struct LateBegin {
  std::promise<std::string> refused;
  std::promise<std::int64_t> late;
  int calls = 0;

  void ask(Recorder& recorder, const SourceLayout& layout) {
    recorder.begin_session("ana", "{}", layout,
                           [this](const std::optional<SessionStart>& s, const std::string& error) {
                             if (++calls == 1) {
                               refused.set_value(s ? std::string("began") : error);
                             } else {
                               late.set_value(s ? s->id : -1);
                             }
                           });
  }
};

bool state_is(const Recorder& r, RecordingHealth::State s) {
  return r.health().state == s;
}

}  // namespace

TEST_CASE("recorder: a full disk interrupts the recording, the callers go on, and it resumes",
          "[recorder][faults]") {
  test::TempDir dir("recorder-full");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  Disk disk;
  Recorder recorder(faulty_store(path), quick_retries());
  recorder.start();
  REQUIRE(begin(recorder, layout) > 0);
  using State = RecordingHealth::State;
  CHECK(state_is(recorder, State::recording));

  std::int64_t strides = 0, blocks = 0;
  REQUIRE(feed_until(recorder, strides, blocks, [&] { return strides >= 50; }));

  disk.fail(SQLITE_FULL);
  REQUIRE(feed_until(recorder, strides, blocks,
                     [&] { return state_is(recorder, State::interrupted); }));
  // Interrupted for a while: rows keep coming and are counted, not tried one by one.
  const std::int64_t then = strides;
  REQUIRE(feed_until(recorder, strides, blocks, [&] { return strides >= then + 200; }));
  const RecordingHealth interrupted = recorder.health();
  CHECK(interrupted.state == State::interrupted);
  CHECK(interrupted.reason == "disk full");
  CHECK(interrupted.error.find("database or disk is full") != std::string::npos);
  CHECK(interrupted.error.find(path) != std::string::npos);
  CHECK(interrupted.lost_rows > 0);
  CHECK(interrupted.lost_blocks > 0);

  disk.heal();
  REQUIRE(
      feed_until(recorder, strides, blocks, [&] { return state_is(recorder, State::recording); }));
  const std::int64_t resumed_at = strides;
  REQUIRE(feed_until(recorder, strides, blocks, [&] { return strides >= resumed_at + 50; }));

  const auto notices = recorder.take_notices();
  REQUIRE(notices.size() == 2);
  CHECK_FALSE(notices[0].resumed);
  CHECK(notices[0].health.reason == "disk full");
  CHECK(notices[1].resumed);
  CHECK(notices[1].health.lost_rows >= interrupted.lost_rows);

  std::promise<std::optional<std::int64_t>> ended;
  recorder.end_session({{"strides", strides}},
                       [&](std::optional<std::int64_t> id) { ended.set_value(id); });
  REQUIRE(ended.get_future().get().has_value());
  recorder.finish();
  const RecorderCounters c = recorder.counters();
  CHECK(c.interruptions == 1);
  CHECK(c.rows_dropped == 0);  // the queue never filled: every loss is the disk's
  CHECK(c.blocks_dropped == 0);

  // Every stride and block handed over is either in the store or counted as lost.
  SessionReader reader(path);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended_utc);
  const auto stored = reader.strides(sessions[0].id);
  CHECK(static_cast<std::int64_t>(stored.size() + c.lost_rows) == strides);
  CHECK(static_cast<std::int64_t>(sessions[0].blocks + c.lost_blocks) == blocks);
  CHECK(stored.back().index == strides - 1);  // the strides after the resumption are there
  const Json summary = Json::parse(*reader.find_session(sessions[0].id)->summary_json);
  CHECK(summary["recorder"]["lost_rows"] == c.lost_rows);
  CHECK(summary["recorder"]["lost_blocks"] == c.lost_blocks);
  CHECK(summary["recorder"]["interruptions"] == 1);
}

TEST_CASE(
    "recorder: a failing disk at the session's end: the end is kept and written once it works",
    "[recorder][faults]") {
  test::TempDir dir("recorder-ioerr");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  Disk disk;
  Recorder recorder(faulty_store(path), quick_retries());
  recorder.start();
  const std::int64_t id = begin(recorder, layout);
  REQUIRE(id > 0);
  for (int i = 0; i < 20; ++i)
    recorder.add_stride(stride(i));

  disk.fail(SQLITE_IOERR_WRITE);
  std::promise<std::optional<std::int64_t>> ended;
  recorder.end_session({{"strides", 20}},
                       [&](std::optional<std::int64_t> s) { ended.set_value(s); });
  CHECK(ended.get_future().get() == id);  // the daemon's side of the session ends at once
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!state_is(recorder, RecordingHealth::State::interrupted) &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(recorder.health().reason == "disk I/O error");
  CHECK_FALSE(SessionReader(path).list_sessions()[0].ended_utc);

  // The disk works again: the recorder retries by itself, between sessions, with nothing new.
  disk.heal();
  while (!state_is(recorder, RecordingHealth::State::idle) &&
         std::chrono::steady_clock::now() < until + std::chrono::seconds(10))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(state_is(recorder, RecordingHealth::State::idle));
  CHECK(SessionReader(path).list_sessions()[0].ended_utc);
  recorder.finish();
  const Json summary = Json::parse(*SessionReader(path).find_session(id)->summary_json);
  CHECK(summary["strides"] == 20);
  CHECK(recorder.take_notices().size() == 2);
}

TEST_CASE("recorder: a session the full disk refused begins once the disk takes writes again",
          "[recorder][faults]") {
  test::TempDir dir("recorder-late-begin");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  Disk disk;
  Recorder recorder(faulty_store(path), quick_retries());
  recorder.start();

  disk.fail(SQLITE_FULL);
  LateBegin begun;
  begun.ask(recorder, layout);
  CHECK_THAT(begun.refused.get_future().get(), Catch::Contains("database or disk is full"));
  using State = RecordingHealth::State;
  CHECK(state_is(recorder, State::interrupted));
  // The runner runs on: what comes meanwhile is the session's loss.
  std::int64_t strides = 0, blocks = 0;
  REQUIRE(feed_until(recorder, strides, blocks, [&] { return strides >= 30; }));
  // The recorder drains every 50 ms: the disk heals only once it has counted these as lost (an
  // empty queue is not enough: a drained batch may still be on its way to the store, and rows
  // written after the healing would land in the late session instead — as a loaded CI machine
  // under TSan showed).
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (recorder.counters().lost_rows < 30 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(recorder.counters().lost_rows >= 30);
  REQUIRE(recorder.counters().queued == 0);

  disk.heal();
  auto began = begun.late.get_future();
  REQUIRE(feed_until(recorder, strides, blocks, [&] {
    return began.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }));
  const std::int64_t id = began.get();
  CHECK(id > 0);
  CHECK(state_is(recorder, State::recording));
  const std::int64_t began_at = strides;
  REQUIRE(feed_until(recorder, strides, blocks, [&] { return strides >= began_at + 20; }));
  std::promise<std::optional<std::int64_t>> ended;
  recorder.end_session({}, [&](std::optional<std::int64_t> s) { ended.set_value(s); });
  CHECK(ended.get_future().get() == id);
  recorder.finish();
  CHECK(begun.calls == 2);

  SessionReader reader(path);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended_utc);
  const RecorderCounters c = recorder.counters();
  CHECK(static_cast<std::int64_t>(reader.strides(id).size() + c.lost_rows) == strides);
  CHECK(c.lost_rows >= 30);
  const Json summary = Json::parse(*reader.find_session(id)->summary_json);
  CHECK(summary["recorder"]["lost_rows"] == c.lost_rows);  // the strides before it began
}

TEST_CASE("recorder: a store the full disk would not create opens when space returns",
          "[recorder][faults]") {
  test::TempDir dir("recorder-late-open");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  Disk disk;
  disk.fail(SQLITE_FULL);
  Recorder recorder([&] { return faulty_store(path); }, path, quick_retries());
  using State = RecordingHealth::State;
  CHECK(state_is(recorder, State::interrupted));
  CHECK(recorder.health().reason == "disk full");
  CHECK_FALSE(
      recorder.with_store_now([](SessionStore& s) { return s.runner_session_count("ana"); }));
  recorder.start();
  LateBegin begun;
  begun.ask(recorder, layout);
  CHECK_THAT(begun.refused.get_future().get(), Catch::Contains("could not be opened (disk full)"));

  disk.heal();
  auto began = begun.late.get_future();
  REQUIRE(began.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  CHECK(began.get() == 1);
  CHECK(state_is(recorder, State::recording));
  recorder.add_stride(stride(0));
  recorder.end_session({}, {});
  recorder.finish();
  SessionReader reader(path);
  REQUIRE(reader.list_sessions().size() == 1);
  CHECK(reader.list_sessions()[0].ended_utc);
  CHECK(reader.strides(1).size() == 1);
  const auto notices = recorder.take_notices();
  REQUIRE(notices.size() == 2);
  CHECK_FALSE(notices[0].resumed);
  CHECK(notices[1].resumed);
}

TEST_CASE("recorder: a file that is not a store still stops the start", "[recorder][faults]") {
  test::TempDir dir("recorder-not-a-store");
  const std::string path = dir / "not-a-store.db";
  std::ofstream(path) << std::string(8192, 'x');
  StoreOptions o;
  o.path = path;
  CHECK_THROWS_WITH(Recorder([&] { return std::make_unique<SessionStore>(o); }, path),
                    Catch::Contains(path));
}
