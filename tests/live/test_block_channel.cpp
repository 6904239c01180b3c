// The lanes of the daemon's sample path (live/block_channel.hpp): a producer claims a slot,
// writes into it and commits; a full lane drops and counts in the channel's one counter; a slot
// goes back to the lane that owns it; the engine's reader takes the lanes' blocks in session
// time order without waiting for an empty lane; the source ends when every lane is closed and
// fails when one fails; a producer's thread is moved to the engine's core at its first claim.
#include <catch2/catch.hpp>

#include <sched.h>

#include <thread>

#include "live/block_channel.hpp"
#include "realtime/core_placement.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;

namespace {

SourceLayout two_streams() {
  SourceLayout layout;
  StreamInfo force;
  force.name = "force";
  force.rate_hz = 1000.0;
  StreamInfo emg;
  emg.name = "emg";
  emg.rate_hz = 2000.0;
  layout.streams = {force, emg};
  return layout;
}

// Claims and commits one block of `frames` × 2 channels whose samples count from `value`.
bool put(BlockLane& lane, std::uint16_t stream, std::int64_t first_sample, std::size_t frames,
         float value = 0.0f) {
  const std::span<float> slot = lane.claim(stream, frames, 2);
  if (slot.empty()) return false;
  for (float& v : slot)
    v = value++;
  lane.commit({first_sample, 1000 + first_sample, 0});
  return true;
}

}  // namespace

TEST_CASE("Block lane: a committed slot reaches the reader with its header and samples",
          "[lanes]") {
  BlockChannel channel(2);
  REQUIRE(channel.lanes.size() == 2);
  CHECK(channel.slots_per_lane == BlockChannel::kSlots / 2);
  LaneMerge reader(channel, two_streams());
  std::uint16_t slot = 0;
  CHECK_FALSE(reader.pop(slot));
  REQUIRE(put(*channel.lanes[1], 1, 40, 3, 7.0f));
  REQUIRE(reader.pop(slot));
  CHECK(slot >= channel.slots_per_lane);  // lane 1's share of the pool
  const SampleBlock& b = channel.pool[slot].header;
  CHECK(b.stream == 1);
  CHECK(b.first_sample == 40);
  CHECK(b.receipt_ns == 1040);
  CHECK(b.frames == 3);
  CHECK(b.channels == 2);
  REQUIRE(b.samples.size() == 6);
  CHECK(b.samples[5] == 12.0f);
  CHECK(channel.blocks_in.load() == 1);
  CHECK(channel.blocks_dropped.load() == 0);
}

TEST_CASE("Block lane: a full lane drops and counts once, a freed slot returns to its lane",
          "[lanes]") {
  BlockChannel channel(128);  // 4 slots per lane
  BlockLane& lane = *channel.lanes[3];
  for (int i = 0; i < 4; ++i)
    REQUIRE(put(lane, 0, 10 * i, 1));
  CHECK_FALSE(lane.has_room());
  CHECK_FALSE(put(lane, 0, 40, 1));
  CHECK(channel.blocks_dropped.load() == 1);
  CHECK(put(*channel.lanes[4], 0, 0, 1));  // another lane has its own slots
  std::uint16_t slot = 0;
  REQUIRE(lane.full.try_pop(slot));
  REQUIRE(channel.free.try_push(slot));  // the main thread gives it back
  CHECK(lane.has_room());
  CHECK(put(lane, 0, 50, 1));
  CHECK(channel.blocks_dropped.load() == 1);
  // A block larger than a slot is lost too, and counted.
  CHECK(lane.slot_floats() == BlockChannel::kFloatsPerSlot);
  CHECK(lane.claim(0, BlockChannel::kFloatsPerSlot, 2).empty());
  CHECK(channel.blocks_dropped.load() == 2);
}

TEST_CASE("Block lane: a claim not committed is handed out again", "[lanes]") {
  BlockChannel channel(128);
  BlockLane& lane = *channel.lanes[0];
  const std::span<float> first = lane.claim(0, 2, 2);
  REQUIRE_FALSE(first.empty());
  const std::span<float> again = lane.claim(1, 3, 2);  // the frame before turned out bad
  CHECK(again.data() == first.data());
  CHECK(again.size() == 6);
  lane.commit({0, 0, 0});
  for (int i = 0; i < 3; ++i)  // three more: the abandoned claim took no slot of its own
    CHECK(put(lane, 0, i, 1));
  CHECK(channel.blocks_dropped.load() == 0);
}

TEST_CASE("Lane merge: the earliest block in session time first, an empty lane not waited for",
          "[lanes]") {
  BlockChannel channel(2);
  LaneMerge reader(channel, two_streams());
  BlockLane& plates = *channel.lanes[0];  // stream 0 at 1 kHz
  BlockLane& emg = *channel.lanes[1];     // stream 1 at 2 kHz
  REQUIRE(put(plates, 0, 0, 10));         // 0 s
  REQUIRE(put(plates, 0, 10, 10));        // 10 ms
  REQUIRE(put(emg, 1, 10, 20));           // 5 ms
  REQUIRE(put(emg, 1, 30, 20));           // 15 ms
  REQUIRE(put(plates, 0, 20, 10));        // 20 ms
  std::vector<std::pair<std::uint16_t, std::int64_t>> order;
  order.reserve(8);
  std::uint16_t slot = 0;
  test::start_counting_allocations();
  while (reader.pop(slot))
    order.emplace_back(channel.pool[slot].header.stream, channel.pool[slot].header.first_sample);
  CHECK(test::stop_counting_allocations() == 0);
  CHECK(order == std::vector<std::pair<std::uint16_t, std::int64_t>>{
                     {0, 0}, {1, 10}, {0, 10}, {1, 30}, {0, 20}});
  CHECK(reader.empty());
  // Only the EMG has data: it comes out without waiting for the plates.
  REQUIRE(put(emg, 1, 50, 20));
  REQUIRE(reader.pop(slot));
  CHECK(channel.pool[slot].header.first_sample == 50);
}

TEST_CASE("Block channel: ended when every lane is closed, failed when one fails", "[lanes]") {
  BlockChannel channel(2);
  CHECK_FALSE(channel.source_ended());
  channel.lanes[0]->close("");
  CHECK_FALSE(channel.source_ended());
  CHECK_FALSE(channel.source_failed());
  channel.lanes[1]->close("delsys (tcp 10.0.0.5:50040): no banner within 2.0 s");
  CHECK(channel.source_ended());
  CHECK(channel.source_failed());
  CHECK(channel.failure() == "delsys (tcp 10.0.0.5:50040): no banner within 2.0 s");
  CHECK_THROWS_WITH(BlockChannel(0), Catch::Contains("between 1 and 512 lanes, not 0"));
}

TEST_CASE("Block lane: each thread that claims is moved to the sample path's core, once",
          "[lanes]") {
  const CorePlacement placement = choose_sample_core(true, -1);
  REQUIRE(placement.core >= 0);
  BlockChannel channel(1);
  channel.sample_core.store(placement.core);
  // Two producer threads one after the other (a device reopened on a new thread): each is
  // placed at its first claim; a thread that claims nothing keeps every core.
  for (int round = 0; round < 2; ++round) {
    int cores_before = 0;
    int cores_after = 0;
    bool on_core = false;
    bool put_done = false;
    std::thread producer([&] {  // no Catch assertions off the test's thread
      cpu_set_t set;
      sched_getaffinity(0, sizeof set, &set);
      cores_before = CPU_COUNT(&set);
      put_done = put(*channel.lanes[0], 0, round * 10, 2);
      sched_getaffinity(0, sizeof set, &set);
      cores_after = CPU_COUNT(&set);
      on_core = CPU_ISSET(placement.core, &set);
    });
    producer.join();
    REQUIRE(put_done);
    CHECK(cores_after == 1);
    CHECK(on_core);
    cpu_set_t mine;
    sched_getaffinity(0, sizeof mine, &mine);
    CHECK(cores_before == CPU_COUNT(&mine));
  }
  LaneMerge reader(channel, two_streams());
  std::uint16_t slot = 0;
  CHECK(reader.pop(slot));
  CHECK(reader.pop(slot));
}

TEST_CASE("Core placement: none when not shared, a core the process may not use is refused",
          "[lanes]") {
  CHECK(choose_sample_core(false, -1).core == -1);
  CHECK(choose_sample_core(false, -1).refusal.empty());
  const CorePlacement last = choose_sample_core(true, -1);
  REQUIRE(last.core >= 0);
  CHECK(choose_sample_core(true, last.core).core == last.core);
  const CorePlacement refused = choose_sample_core(true, CPU_SETSIZE + 5);
  CHECK(refused.core == -1);
  CHECK(refused.refusal.find("is not one this process may use") != std::string::npos);
}
