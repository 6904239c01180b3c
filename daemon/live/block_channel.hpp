// The path of sample blocks through the daemon: one lane per producer (a device, or the
// pacing adapter of a file or the simulator), each a BlockSink over its own share of one pool
// of slots, and three kinds of single-producer rings that form a cycle of slot indices:
//
//   producer --lane's full ring--> engine thread --done--> main thread --lane's free ring-->
//   producer
//
// A USB or serial transport claims a slot and decodes into it on its completion thread, so a
// sample crosses one hand-off before the engine. Nobody waits on a slower thread: when its lane
// has no free slot a producer drops the block, and the channel counts it (blocks_dropped, the
// one drop counter of the path); only an unpaced file waits for a slot (has_room()).
// The engine thread reads the lanes in session-time order (LaneMerge). Every producer thread
// runs on the engine thread's core (sample_core), so that a commit wakes the engine there.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "realtime/block_pool.hpp"
#include "realtime/spsc_ring.hpp"
#include "realtime/wake_signal.hpp"
#include "source/block_sink.hpp"

namespace stridecue {

struct BlockChannel;
struct SourceLayout;

class BlockLane final : public BlockSink {
 public:
  static constexpr std::size_t kRingPlaces = 512;
  using Ring = SpscRing<std::uint16_t, kRingPlaces>;

  // Owns slots [first_slot, first_slot + slots) of the channel's pool.
  BlockLane(BlockChannel& channel, std::uint16_t first_slot, std::uint16_t slots);

  // Producer thread (BlockSink). A closed lane takes nothing more (an empty claim, not
  // counted as a drop).
  std::span<float> claim(std::uint16_t stream, std::size_t frames, std::size_t channels) override;
  void commit(const BlockStamp& stamp) override;
  std::size_t slot_floats() const override;
  bool has_room() const override;
  void close(const std::string& failure) override;

  // Any thread.
  bool closed() const { return closed_.load(std::memory_order_acquire); }
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  std::string failure() const;

  Ring full;  // producer → engine thread
  Ring free;  // main thread → producer

 private:
  // Producer thread: moves the thread that claims onto the sample path's core, once per thread.
  void place_producer();

  BlockChannel& channel_;
  int claimed_ = -1;                 // producer thread: the slot claimed and not yet committed
  std::uint64_t placed_thread_ = 0;  // this_thread_serial() of the thread placed last
  std::atomic<bool> closed_{false};
  std::atomic<bool> failed_{false};
  mutable std::mutex failure_mutex_;  // written once, at close
  std::string failure_;
};

struct BlockChannel {
  static constexpr std::size_t kSlots = BlockLane::kRingPlaces;  // ~0.5 s of 2 ms blocks of two
                                                                 // streams, shared by the lanes
  static constexpr std::size_t kFloatsPerSlot = 8192;
  using Ring = SpscRing<std::uint16_t, kSlots>;

  // `lanes`: one per producer thread. Throws std::invalid_argument for 0 lanes or more than
  // there are slots.
  explicit BlockChannel(std::size_t lanes = 1, std::size_t floats_per_slot = kFloatsPerSlot);
  BlockChannel(const BlockChannel&) = delete;
  BlockChannel& operator=(const BlockChannel&) = delete;

  // Gives a slot back to the lane that owns it (main thread, the one producer of every lane's
  // free ring).
  struct FreeRings {
    BlockChannel* channel;
    bool try_push(std::uint16_t slot);
  };

  BlockPool pool;
  std::vector<std::unique_ptr<BlockLane>> lanes;
  std::size_t slots_per_lane;
  Ring done;  // engine → main thread (the dispatcher stores the block, then frees it)
  FreeRings free{this};

  // Every lane closed (the source ended or failed), or one failed (one device failing fails
  // the session).
  bool source_ended() const;
  bool source_failed() const;
  // The first failure among the lanes, naming the device; empty when none failed.
  std::string failure() const;

  // A paced source: the host time of session time 0, and the pace (0: not paced). Lets the
  // dispatcher say how long after a contact its cue sounded.
  std::atomic<std::int64_t> source_start_ns{0};
  std::atomic<double> source_pace{0.0};
  std::atomic<std::uint64_t> blocks_in{0};
  std::atomic<std::uint64_t> blocks_dropped{0};  // the one drop counter of the sample path
  // The core the engine thread runs on, set before the producers start: each lane moves the
  // thread that claims its slots there (realtime/core_placement.hpp says why). -1: none.
  std::atomic<int> sample_core{-1};
  // The SCHED_FIFO priority the lanes give the threads that claim their slots; 0: none.
  std::atomic<int> producer_priority{0};
  // Bumped after each commit: the engine thread sleeps on it when it has nothing to do.
  WakeSignal wake;

  void notify_engine() { wake.notify(); }
};

// The engine thread's reader of the lanes: of the lanes' oldest blocks, the one that starts
// earliest in session time, so force and EMG of the same moment reach the engine together
// without waiting for a device that has nothing (a lost one). Sized at construction; pop()
// allocates nothing.
class LaneMerge {
 public:
  LaneMerge(BlockChannel& channel, const SourceLayout& layout);
  // Engine thread: the slot of the next block, false when every lane is empty.
  bool pop(std::uint16_t& slot);
  bool empty() const;

 private:
  BlockChannel& channel_;
  std::vector<double> rate_hz_;  // per stream
  std::vector<double> start_s_;
};

}  // namespace stridecue
