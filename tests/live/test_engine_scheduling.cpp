// The engine thread's scheduling: SCHED_FIFO when asked and allowed, the normal scheduler when
// not asked, as the kernel itself reports it for the thread.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <thread>

#include "realtime/thread_priority.hpp"

using namespace stridecue;

namespace {

// Whether this process may use SCHED_FIFO at `priority`: root or CAP_SYS_NICE, or the rlimit.
bool may_use_fifo(int priority) {
  rlimit limit{};
  getrlimit(RLIMIT_RTPRIO, &limit);
  return geteuid() == 0 || limit.rlim_cur >= static_cast<rlim_t>(priority);
}

}  // namespace

TEST_CASE("a thread asked onto SCHED_FIFO gets it when allowed, and says so", "[live][sched]") {
  std::thread t([] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); });
  const ThreadScheduling got = request_realtime(t.native_handle(), 10);
  const ThreadScheduling kernel = current_scheduling(t.native_handle());
  t.join();
  if (may_use_fifo(10)) {
    CHECK(got.realtime);
    CHECK(got.priority == 10);
    CHECK(got.refusal.empty());
    CHECK(std::string(got.policy()) == "fifo");
    CHECK(kernel.realtime);
    CHECK(kernel.priority == 10);
  } else {
    CHECK_FALSE(got.realtime);
    CHECK(got.refusal.find("LimitRTPRIO") != std::string::npos);
    CHECK_FALSE(kernel.realtime);
  }
}

TEST_CASE("priority 0 leaves a thread on the normal scheduler", "[live][sched]") {
  std::thread t([] { std::this_thread::sleep_for(std::chrono::milliseconds(20)); });
  const ThreadScheduling got = request_realtime(t.native_handle(), 0);
  const ThreadScheduling kernel = current_scheduling(t.native_handle());
  t.join();
  CHECK_FALSE(got.realtime);
  CHECK(got.refusal.empty());
  CHECK(std::string(got.policy()) == "other");
  CHECK_FALSE(kernel.realtime);
}
