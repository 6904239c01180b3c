// A counter one thread bumps and another sleeps on, optionally with a timeout: the producers of
// sample blocks wake the engine thread, and the engine thread wakes the dispatcher when it has
// something a person waits for (a strike, a cue, a stride). notify() never blocks, and makes a
// syscall only when a thread sleeps (an event count): a producer committing ~1000 blocks a
// second to an engine that is mostly awake pays an atomic add, not a futex call. wait() sleeps
// in the futex at once — std::atomic::wait spun first, with four sched_yield calls per wait,
// which cost the engine thread more than the wait itself.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdint>
#include <ctime>

namespace stridecue {

class WakeSignal {
 public:
  std::uint32_t value() const { return seq_.load(std::memory_order_acquire); }

  // Any thread.
  void notify() {
    // seq_cst on both sides (here and in wait()): either the sleeper's second look sees the new
    // value, or this load sees the sleeper.
    seq_.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers_.load(std::memory_order_seq_cst) == 0) return;
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&seq_), FUTEX_WAKE_PRIVATE, INT_MAX,
              nullptr, nullptr, 0);
  }

  // Sleeps until notify() after `seen` was read, or `timeout` passes.
  void wait(std::uint32_t seen, std::chrono::nanoseconds timeout) {
    const timespec ts{static_cast<time_t>(timeout.count() / 1'000'000'000),
                      static_cast<long>(timeout.count() % 1'000'000'000)};
    sleep(seen, &ts);
  }
  // Sleeps until notify() after `seen` was read.
  void wait(std::uint32_t seen) { sleep(seen, nullptr); }

 private:
  void sleep(std::uint32_t seen, const timespec* timeout) {
    sleepers_.fetch_add(1, std::memory_order_seq_cst);
    // The futex sleeps only while the value is still `seen`: a notify() in between is not lost.
    if (seq_.load(std::memory_order_seq_cst) == seen) {
      ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&seq_), FUTEX_WAIT_PRIVATE, seen,
                timeout, nullptr, 0);
    }
    sleepers_.fetch_sub(1, std::memory_order_seq_cst);
  }

  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  std::atomic<std::uint32_t> seq_{0};
  std::atomic<std::uint32_t> sleepers_{0};
};

}  // namespace stridecue
