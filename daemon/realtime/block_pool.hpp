// Sample blocks in flight between a source thread and the engine thread. The source's own
// block is only valid until its next call, so each is copied into a slot sized once at start;
// the slot's index travels through the rings and comes back when the engine is done with it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue {

struct BlockSlot {
  SampleBlock header;  // samples points into `storage`
  std::vector<float> storage;

  // Copies `frames` frames of `block` from `first_frame` on: the caller splits a block larger
  // than the slot (a file reader may hand out thousands of frames at once).
  void copy(const SampleBlock& block, std::size_t first_frame, std::size_t frames) {
    header = block;
    header.first_sample = block.first_sample + static_cast<std::int64_t>(first_frame);
    header.frames = frames;
    const auto begin =
        block.samples.begin() + static_cast<std::ptrdiff_t>(first_frame * block.channels);
    std::copy(begin, begin + static_cast<std::ptrdiff_t>(frames * block.channels), storage.begin());
    header.samples = std::span<const float>(storage.data(), frames * block.channels);
  }
};

class BlockPool {
 public:
  BlockPool(std::size_t slots, std::size_t floats_per_slot) : slots_(slots) {
    for (auto& s : slots_)
      s.storage.resize(floats_per_slot);
  }
  BlockSlot& operator[](std::size_t i) { return slots_[i]; }
  std::size_t size() const { return slots_.size(); }
  std::size_t floats_per_slot() const { return slots_.front().storage.size(); }

 private:
  std::vector<BlockSlot> slots_;
};

}  // namespace stridecue
