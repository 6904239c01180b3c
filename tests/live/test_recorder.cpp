// The recorder thread owns the session store: rows land in the session open when they were
// handed over, in order; a store that cannot write (held by another program's lock, as a slow
// fsync would) stalls only the recorder, and what does not fit its queue meanwhile is dropped,
// counted in its counters and in the session's summary, never waited for.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "live/recorder.hpp"
#include "recorder_fixtures.hpp"
#include "support/allocation_counter.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

std::unique_ptr<SessionStore> open_store(const std::string& path) {
  StoreOptions o;
  o.path = path;
  o.busy_timeout_ms = 60'000;  // a locked database makes the recorder wait, not fail
  return std::make_unique<SessionStore>(o);
}

// Begins a session and waits for the recorder to say so.
std::int64_t begin(Recorder& recorder, const std::string& runner, const SourceLayout& layout) {
  std::promise<std::int64_t> id;
  recorder.begin_session(runner, "{}", layout,
                         [&](const std::optional<SessionStart>& s, const std::string& error) {
                           INFO(error);
                           id.set_value(s ? s->id : -1);
                         });
  return id.get_future().get();
}

// Another program's write transaction on the same file, held until release().
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~WriteLock() {
    release();
    sqlite3_close(db_);
  }
  void release() {
    if (held_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    held_ = false;
  }

 private:
  sqlite3* db_ = nullptr;
  bool held_ = true;
};

}  // namespace

TEST_CASE("recorder: rows go to the session open when they were handed over", "[recorder]") {
  test::TempDir dir("recorder-sessions");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  Recorder recorder(open_store(path));
  recorder.start();
  // Not waiting for the first session: the queue keeps begin, rows and end in order.
  recorder.begin_session("ana", "{}", layout, {});
  for (int i = 0; i < 300; ++i)
    recorder.add_stride(stride(i));
  recorder.add_event({1.0, "device", R"({"event":"lost"})"});
  recorder.end_session({{"strides", 300}}, {});
  recorder.begin_session("ben", "{}", layout, {});
  for (int i = 0; i < 40; ++i)
    recorder.add_stride(stride(i));
  std::promise<std::optional<std::int64_t>> ended;
  recorder.end_session({{"strides", 40}},
                       [&](std::optional<std::int64_t> id) { ended.set_value(id); });
  recorder.add_stride(stride(99));  // between sessions: not recorded
  REQUIRE(ended.get_future().get().has_value());
  recorder.finish();
  CHECK(recorder.counters().rows_written == 341);
  CHECK(recorder.counters().rows_dropped == 0);

  SessionReader reader(path);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0].runner_id == "ana");
  CHECK(sessions[0].ended_utc);
  const auto ana = reader.strides(sessions[0].id);
  REQUIRE(ana.size() == 300);
  for (std::size_t i = 0; i < ana.size(); ++i)
    CHECK(ana[i].index == static_cast<std::int64_t>(i));
  CHECK(reader.events(sessions[0].id).size() == 1);
  CHECK(reader.strides(sessions[1].id).size() == 40);
  const auto details = reader.find_session(sessions[0].id);
  REQUIRE(details);
  REQUIRE(details->summary_json);
  const Json summary = Json::parse(*details->summary_json);
  CHECK(summary["strides"] == 300);
  CHECK(summary["recorder"]["rows_dropped"] == 0);
}

TEST_CASE("recorder: a stalled store drops and counts and the caller never waits for it",
          "[recorder]") {
  test::TempDir dir("recorder-stall");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  RecorderLimits limits;
  limits.max_rows = 100;
  limits.max_bytes = 16 * 1024;  // 64 blocks of 64 samples
  Recorder recorder(open_store(path), limits);
  recorder.start();
  REQUIRE(begin(recorder, "ana", layout) > 0);

  constexpr int kRows = 1000;
  std::vector<float> samples(64, 1.0f);
  SampleBlock block;
  block.frames = 64;
  block.channels = 1;
  block.samples = samples;
  {
    // Another writer holds the database: the recorder's next write waits for it (as it would
    // for a slow disk). Every call below returns while it is held: none waits for the store.
    WriteLock lock(path);
    for (int i = 0; i < kRows; ++i) {
      recorder.add_stride(stride(i));
      block.first_sample = 64 * i;
      recorder.add_block(block);
    }
    const RecorderCounters stalled = recorder.counters();
    CHECK(stalled.rows_written == 0);
    CHECK(stalled.rows_dropped > 0);
    CHECK(stalled.blocks_dropped > 0);
    CHECK(stalled.queued <= limits.max_rows + 64);
    CHECK(stalled.queued_bytes <= limits.max_bytes);
    lock.release();
  }
  recorder.end_session({{"strides", kRows}}, {});
  recorder.finish();
  const RecorderCounters c = recorder.counters();
  CHECK(c.write_errors == 0);

  // What was not dropped was written, in order; the summary says how much was dropped.
  SessionReader reader(path);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  const auto stored = reader.strides(sessions[0].id);
  CHECK(stored.size() + c.rows_dropped == static_cast<std::size_t>(kRows));
  CHECK(static_cast<std::uint64_t>(sessions[0].blocks) + c.blocks_dropped ==
        static_cast<std::uint64_t>(kRows));
  for (std::size_t i = 1; i < stored.size(); ++i)
    CHECK(stored[i].index > stored[i - 1].index);
  const Json summary = Json::parse(*reader.find_session(sessions[0].id)->summary_json);
  CHECK(summary["recorder"]["rows_dropped"] == c.rows_dropped);
  CHECK(summary["recorder"]["blocks_dropped"] == c.blocks_dropped);
}

TEST_CASE("recorder: handing a block over allocates nothing once its runs have grown",
          "[recorder]") {
  // The dispatcher hands over ~1000 blocks a second; each used to be a vector of its own.
  test::TempDir dir("recorder-no-allocation");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  Recorder recorder(open_store(path));
  recorder.start();
  REQUIRE(begin(recorder, "ana", layout) > 0);
  std::vector<float> samples(16, 0.5f);
  SampleBlock block;
  block.frames = 16;
  block.channels = 1;
  block.samples = samples;
  std::int64_t next = 0;
  // Bursts of 20, as the main loop's passes hand them over, with the recorder draining between.
  const auto bursts = [&](int count) {
    for (int b = 0; b < count; ++b) {
      for (int i = 0; i < 20; ++i) {
        block.first_sample = 16 * next++;
        recorder.add_block(block);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  bursts(40);  // the runs in circulation grow to a burst
  start_counting_allocations();
  bursts(40);
  const long allocations = stop_counting_allocations();
  // Not one per block (800 before): at most a run's geometric growth, should a drain come late
  // on a loaded machine and a run hold more than one burst.
  INFO(allocations << " allocations for 800 blocks");
  CHECK(allocations <= 8);
  recorder.end_session({}, {});
  recorder.finish();
  CHECK(recorder.counters().blocks_dropped == 0);
  SessionReader reader(path);
  CHECK(reader.list_sessions().at(0).blocks == next);
}

TEST_CASE(
    "recorder: raw-block retention removes old sessions' blocks at start, in steps, "
    "while the recording goes on",
    "[recorder][retention]") {
  test::TempDir dir("recorder-retention");
  const std::string path = dir / "sessions.db";
  const SourceLayout layout = force_layout();
  const std::vector<float> samples(10, 2.0f);
  const auto block = [&](int i) {
    return SampleBlock{0, i * 10, i * 10'000'000LL, 10, 1, samples};
  };
  std::int64_t old_session = 0;
  {
    SessionStore store(StoreOptions{path});
    old_session = store.begin_session("ana", "{}", layout).id;
    store.add_stride(old_session, stride(0));
    for (int i = 0; i < 1000; ++i)  // 10 rows of 100 blocks
      store.add_block(old_session, block(i));
    store.end_session(old_session, std::string("{}"));
  }
  {
    SqliteConnection db(path, SqliteConnection::Mode::read_write_create, 5000);
    db.exec(
        "UPDATE sessions SET started_utc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', "
        "'-30 days')");
  }
  const auto old_rows = [&] {
    SqliteConnection db(path, SqliteConnection::Mode::read_only, 5000);
    return db.query_int64("SELECT count(*) FROM block_chunks WHERE session_id = " +
                          std::to_string(old_session));
  };
  REQUIRE(old_rows() == 10);

  RecorderLimits limits;
  limits.raw_blocks_keep_days = 7;
  limits.prune_rows_per_step = 3;  // four steps, the queue served between them
  Recorder recorder(open_store(path), limits);
  recorder.start();
  const std::int64_t session = begin(recorder, "ben", layout);
  int handed = 0;
  // The first pass runs at start: the recording goes on while it does.
  for (int round = 0; round < 2000 && old_rows() > 0; ++round) {
    for (int i = 0; i < 10; ++i)
      recorder.add_block(block(handed++));
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::promise<void> ended;
  recorder.end_session({}, [&](std::optional<std::int64_t>) { ended.set_value(); });
  ended.get_future().wait();
  recorder.finish();
  CHECK(old_rows() == 0);
  SessionReader reader(path);
  CHECK(reader.strides(old_session).size() == 1);  // strides, cues and summaries stay
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[1].id == session);
  CHECK(sessions[1].blocks == handed);  // the new session's blocks are all there
  CHECK(recorder.counters().blocks_dropped == 0);
}
