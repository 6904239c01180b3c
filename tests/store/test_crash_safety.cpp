// A kill -9 loses at most the last commit interval: a child process records strides and blocks
// as the daemon's recorder would, the parent SIGKILLs it mid-write, reopens the database and
// finds every row written more than a second before the kill.
//
// Time-robust: rows carry the monotonic clock (shared by parent and child) of their writing,
// the child reports each row through a pipe, and the parent kills right after a report, so the
// child was demonstrably running (and committing) up to the kill.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "store/session_store.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

using Clock = std::chrono::steady_clock;  // CLOCK_MONOTONIC: one clock for both processes

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
      .count();
}

struct Report {
  std::int64_t row;
  std::int64_t written_ns;  // when add_* returned
};

constexpr double kCommitInterval_s = 0.25;  // the daemon's default

[[noreturn]] void child_records(const std::string& path, int report_fd) {
  try {
    StoreOptions options;
    options.path = path;
    options.commit_interval_s = kCommitInterval_s;
    SessionStore store(options);
    SourceLayout layout;
    layout.streams.push_back({"force", 1000.0, 0.0, {force_channel("left_fz_n", Plate::left)}});
    const std::int64_t session = store.begin_session("alice", "{}", layout).id;
    std::vector<float> samples(100);
    for (std::int64_t row = 0;; ++row) {
      const std::int64_t stamp = now_ns();
      StoredStride s = stride_row(row, static_cast<double>(stamp) * 1e-9);
      s.json = "{\"written_ns\":" + std::to_string(stamp) + "}";
      store.add_stride(session, s);
      for (std::size_t i = 0; i < samples.size(); ++i)
        samples[i] = static_cast<float>(row) + static_cast<float>(i) * 1e-3f;
      store.add_block(session, SampleBlock{0, row * 100, stamp, samples.size(), 1, samples});
      const Report report{row, now_ns()};
      if (::write(report_fd, &report, sizeof report) != sizeof report) ::_exit(3);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  } catch (...) {
    ::_exit(2);
  }
}

}  // namespace

TEST_CASE("a kill -9 loses at most the rows of the last second") {
  TempDir dir("store-crash");
  const std::string path = dir / "sessions.db";
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(fds[0]);
    child_records(path, fds[1]);
  }
  ::close(fds[1]);

  // Read reports for a while, then kill right after a fresh one.
  std::vector<Report> reports;
  std::int64_t kill_ns = 0;
  for (;;) {
    Report r{};
    const auto got = ::read(fds[0], &r, sizeof r);
    if (got != static_cast<ssize_t>(sizeof r)) break;  // the child died by itself
    reports.push_back(r);
    const bool long_enough = r.written_ns - reports.front().written_ns > 2'500'000'000;
    const bool fresh = now_ns() - r.written_ns < 100'000'000;  // the child is running now
    if (long_enough && fresh) {
      kill_ns = now_ns();
      ::kill(child, SIGKILL);
      break;
    }
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ::close(fds[0]);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);
  REQUIRE(kill_ns > 0);

  // Every row written more than a second before the kill must be there.
  std::int64_t must_have = -1;
  for (const Report& r : reports) {
    if (r.written_ns <= kill_ns - 1'000'000'000) must_have = r.row;
  }
  REQUIRE(must_have > 100);  // the test wrote for more than a second before that

  SessionReader reader(path);
  CHECK(reader.connection().query_text("PRAGMA integrity_check") == "ok");
  const auto strides = reader.strides(1);
  INFO("rows reported " << reports.size() << ", must have " << must_have + 1 << ", found "
                        << strides.size());
  REQUIRE(static_cast<std::int64_t>(strides.size()) > must_have);
  // A prefix, without holes: the commits are whole.
  for (std::size_t i = 0; i < strides.size(); ++i) {
    REQUIRE(strides[i].index == static_cast<std::int64_t>(i));
  }
  // At most what was written (one more row may have been in flight at the kill).
  CHECK(static_cast<std::int64_t>(strides.size()) <= reports.back().row + 2);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].blocks >= must_have + 1);
  CHECK_FALSE(sessions[0].ended_utc);  // killed: never ended

  // The store opens for writing again and goes on with the runner's next session.
  StoreOptions options;
  options.path = path;
  SessionStore store(options);
  CHECK(store.begin_session("alice", "{}", SourceLayout{}).session_number == 2);
}
