// A sample block kept by a test: a source's block samples live only until its next next(), so
// tests that drain a live source keep copies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue::test {

struct BlockCopy {
  std::int64_t first_sample = 0;
  std::int64_t receipt_ns = 0;
  std::size_t frames = 0;
  std::size_t channels = 0;
  std::vector<float> samples;

  static BlockCopy of(const SampleBlock& block) {
    return {block.first_sample, block.receipt_ns, block.frames, block.channels,
            std::vector<float>(block.samples.begin(), block.samples.end())};
  }
  float at(std::size_t frame, std::size_t channel) const {
    return samples[frame * channels + channel];
  }
};

}  // namespace stridecue::test
