// Sample blocks in flight between the producers and the engine thread: slots sized once at
// start, which a producer writes into (a transport decodes straight into one; a file's pacing
// adapter copies), and whose index travels through the rings and comes back when the engine
// and the recorder are done with it.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue {

struct BlockSlot {
  SampleBlock header;  // samples points into `storage`
  std::vector<float> storage;
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
