#include "live/block_channel.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "engine/sample_block.hpp"
#include "realtime/core_placement.hpp"
#include "realtime/thread_priority.hpp"

namespace stridecue {

BlockLane::BlockLane(BlockChannel& channel, std::uint16_t first_slot, std::uint16_t slots)
    : channel_(channel) {
  for (std::uint16_t i = 0; i < slots; ++i)
    free.try_push(static_cast<std::uint16_t>(first_slot + i));
}

std::span<float> BlockLane::claim(std::uint16_t stream, std::size_t frames, std::size_t channels) {
  const std::size_t floats = frames * channels;
  if (closed()) return {};  // the source was stopped: nothing more is taken, nothing dropped
  if (placed_thread_ != this_thread_serial()) place_producer();
  if (floats > channel_.pool.floats_per_slot()) {
    channel_.blocks_dropped.fetch_add(1, std::memory_order_relaxed);
    return {};
  }
  if (claimed_ < 0) {
    std::uint16_t slot = 0;
    if (!free.try_pop(slot)) {  // a device cannot wait: the block is lost, and counted
      channel_.blocks_dropped.fetch_add(1, std::memory_order_relaxed);
      return {};
    }
    claimed_ = slot;
  }
  BlockSlot& slot = channel_.pool[static_cast<std::size_t>(claimed_)];
  slot.header.stream = stream;
  slot.header.frames = frames;
  slot.header.channels = channels;
  slot.header.samples = std::span<const float>(slot.storage.data(), floats);
  return {slot.storage.data(), floats};
}

void BlockLane::commit(const BlockStamp& stamp) {
  if (claimed_ < 0) return;
  const auto index = static_cast<std::uint16_t>(claimed_);
  BlockSlot& slot = channel_.pool[index];
  slot.header.first_sample = stamp.first_sample;
  slot.header.receipt_ns = stamp.receipt_ns;
  claimed_ = -1;
  full.try_push(index);  // cannot fail: the ring has a place for every slot
  channel_.blocks_in.fetch_add(1, std::memory_order_relaxed);
  channel_.notify_engine();
}

void BlockLane::place_producer() {
  placed_thread_ = this_thread_serial();
  // Refused (a cpuset changed under us), the thread stays where the scheduler puts it: slower
  // to wake the engine, nothing lost.
  pin_thread(pthread_self(), channel_.sample_core.load(std::memory_order_relaxed));
  request_realtime(pthread_self(), channel_.producer_priority.load(std::memory_order_relaxed));
}

std::size_t BlockLane::slot_floats() const {
  return channel_.pool.floats_per_slot();
}

bool BlockLane::has_room() const {
  return claimed_ >= 0 || free.size() > 0;
}

void BlockLane::close(const std::string& failure) {
  if (!failure.empty()) {
    {
      std::lock_guard lock(failure_mutex_);
      failure_ = failure;
    }
    failed_.store(true, std::memory_order_release);
  }
  closed_.store(true, std::memory_order_release);
  channel_.notify_engine();
}

std::string BlockLane::failure() const {
  std::lock_guard lock(failure_mutex_);
  return failure_;
}

BlockChannel::BlockChannel(std::size_t lane_count, std::size_t floats_per_slot)
    : pool(kSlots, floats_per_slot), slots_per_lane(lane_count > 0 ? kSlots / lane_count : 0) {
  if (lane_count == 0 || slots_per_lane == 0) {
    throw std::invalid_argument("block channel: between 1 and " + std::to_string(kSlots) +
                                " lanes, not " + std::to_string(lane_count));
  }
  for (std::size_t i = 0; i < lane_count; ++i) {
    lanes.push_back(std::make_unique<BlockLane>(*this,
                                                static_cast<std::uint16_t>(i * slots_per_lane),
                                                static_cast<std::uint16_t>(slots_per_lane)));
  }
}

bool BlockChannel::FreeRings::try_push(std::uint16_t slot) {
  const std::size_t lane = slot / channel->slots_per_lane;
  return lane < channel->lanes.size() && channel->lanes[lane]->free.try_push(slot);
}

bool BlockChannel::source_ended() const {
  return std::all_of(lanes.begin(), lanes.end(), [](const auto& l) { return l->closed(); });
}

bool BlockChannel::source_failed() const {
  return std::any_of(lanes.begin(), lanes.end(), [](const auto& l) { return l->failed(); });
}

std::string BlockChannel::failure() const {
  for (const auto& lane : lanes) {
    if (lane->failed()) return lane->failure();
  }
  return {};
}

LaneMerge::LaneMerge(BlockChannel& channel, const SourceLayout& layout) : channel_(channel) {
  for (const StreamInfo& s : layout.streams) {
    rate_hz_.push_back(s.rate_hz > 0.0 ? s.rate_hz : 1.0);
    start_s_.push_back(s.start_time_s);
  }
}

bool LaneMerge::pop(std::uint16_t& slot) {
  BlockLane* earliest = nullptr;
  double earliest_s = std::numeric_limits<double>::infinity();
  for (const auto& lane : channel_.lanes) {
    std::uint16_t head = 0;
    if (!lane->full.try_peek(head)) continue;
    const SampleBlock& b = channel_.pool[head].header;
    const double start_s =
        b.stream < rate_hz_.size()
            ? start_s_[b.stream] + static_cast<double>(b.first_sample) / rate_hz_[b.stream]
            : 0.0;
    if (earliest == nullptr || start_s < earliest_s) {
      earliest = lane.get();
      earliest_s = start_s;
    }
  }
  return earliest != nullptr && earliest->full.try_pop(slot);
}

bool LaneMerge::empty() const {
  return std::all_of(channel_.lanes.begin(), channel_.lanes.end(),
                     [](const auto& l) { return l->full.size() == 0; });
}

}  // namespace stridecue
