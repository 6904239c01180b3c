// A counter one thread bumps and another sleeps on, with a timeout: the engine thread wakes
// the dispatcher when it has something a person waits for (a strike, a cue, a stride), and the
// dispatcher otherwise looks in at its own pace. notify() is one futex syscall, never blocks.
#pragma once

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>

namespace stridecue {

class WakeSignal {
 public:
  std::uint32_t value() const { return seq_.load(std::memory_order_acquire); }

  void notify() {
    seq_.fetch_add(1, std::memory_order_release);
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&seq_), FUTEX_WAKE_PRIVATE, 1, nullptr,
              nullptr, 0);
  }

  // Sleeps until notify() after `seen` was read, or `timeout` passes.
  void wait(std::uint32_t seen, std::chrono::nanoseconds timeout) {
    const timespec ts{static_cast<time_t>(timeout.count() / 1'000'000'000),
                      static_cast<long>(timeout.count() % 1'000'000'000)};
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&seq_), FUTEX_WAIT_PRIVATE, seen, &ts,
              nullptr, 0);
  }

 private:
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t));
  std::atomic<std::uint32_t> seq_{0};
};

}  // namespace stridecue
