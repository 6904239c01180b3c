// The wake signal between the sample producers and the engine thread, and the engine thread and
// the dispatcher: notify() skips the futex call when nobody sleeps, so the one thing that must
// hold is that no wake-up is lost. A lost one hangs these tests (CTest's timeout fails them).
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "realtime/wake_signal.hpp"

using namespace stridecue;

TEST_CASE("a notify between reading the value and sleeping is not lost") {
  WakeSignal signal;
  const std::uint32_t seen = signal.value();
  signal.notify();
  signal.wait(seen);  // returns at once: the value moved on
  CHECK(signal.value() == seen + 1);
}

TEST_CASE("a timed wait without a notify returns with the value unchanged") {
  WakeSignal signal;
  const std::uint32_t seen = signal.value();
  signal.wait(seen, std::chrono::milliseconds(1));
  CHECK(signal.value() == seen);
}

TEST_CASE("two threads hand a turn back and forth 100000 times without losing a wake-up") {
  // Each side sleeps untimed on its own signal until the other notifies it: any notify that
  // skipped the futex while its sleeper was going to sleep would stop the game for good.
  constexpr int kTurns = 100'000;
  WakeSignal ping, pong;
  std::atomic<int> turn{0};  // even: the main thread's, odd: the other's
  std::thread other([&] {
    for (int i = 0; i < kTurns; ++i) {
      for (;;) {
        const std::uint32_t seen = ping.value();
        if (turn.load() == 2 * i + 1) break;
        ping.wait(seen);
      }
      turn.store(2 * i + 2);
      pong.notify();
    }
  });
  for (int i = 0; i < kTurns; ++i) {
    for (;;) {
      const std::uint32_t seen = pong.value();
      if (turn.load() == 2 * i) break;
      pong.wait(seen);
    }
    turn.store(2 * i + 1);
    ping.notify();
  }
  other.join();
  CHECK(turn.load() == 2 * kTurns);
}
