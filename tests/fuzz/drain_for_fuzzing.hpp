// The common body of the reader fuzz harnesses: reads a source to its end and traps on any
// broken promise of the SampleSource interface (a block whose size does not add up, a failure
// without a message or a message without a failure).
#pragma once

#include "source/sample_source.hpp"

namespace stridecue::fuzz {

inline int drain(SampleSource& source) {
  SampleBlock block;
  float sum = 0.0F;
  SourceStatus status;
  while ((status = source.next(block)) == SourceStatus::block) {
    if (block.samples.size() != block.frames * block.channels) __builtin_trap();
    for (const float sample : block.samples)
      sum += sample;  // touch every sample for ASan
  }
  if ((status == SourceStatus::failed) == source.failure().empty()) __builtin_trap();
  return sum == 12345.0F ? 1 : 0;  // keeps the loop from being optimised away
}

}  // namespace stridecue::fuzz
