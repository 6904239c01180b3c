// The path of sample blocks through the daemon, in three single-producer rings that form a
// cycle of slot indices:  source thread --full--> engine thread --done--> recorder --free-->
// source. Nobody waits on a slower thread: when no slot is free the source drops the block and
// counts it (a live device cannot be paused); only an offline source (pace 0) waits for one.
#pragma once

#include <atomic>
#include <cstdint>

#include "realtime/block_pool.hpp"
#include "realtime/spsc_ring.hpp"

namespace stridecue {

struct BlockChannel {
  static constexpr std::size_t kSlots = 512;  // ~0.5 s of 2 ms blocks of two streams
  static constexpr std::size_t kFloatsPerSlot = 8192;
  using Ring = SpscRing<std::uint16_t, kSlots>;

  BlockChannel() : pool(kSlots, kFloatsPerSlot) {
    for (std::size_t i = 0; i < kSlots; ++i)
      free.try_push(static_cast<std::uint16_t>(i));
  }

  BlockPool pool;
  Ring full;  // source → engine
  Ring done;  // engine → recorder
  Ring free;  // recorder → source

  std::atomic<bool> source_ended{false};
  // A paced source: the host time of session time 0, and the pace (0: not paced). Lets the
  // dispatcher say how long after a contact its cue sounded.
  std::atomic<std::int64_t> source_start_ns{0};
  std::atomic<double> source_pace{0.0};
  std::atomic<std::uint64_t> blocks_in{0};
  std::atomic<std::uint64_t> blocks_dropped{0};
  // Bumped after each push to `full`: the engine thread sleeps on it when it has nothing to do.
  std::atomic<std::uint32_t> wake{0};

  void notify_engine() {
    wake.fetch_add(1, std::memory_order_release);
    wake.notify_one();
  }
};

}  // namespace stridecue
