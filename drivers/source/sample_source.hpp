// The one interface every source implements: the simulator and the trial-file readers now,
// the USB, serial and TCP drivers later. A source describes its streams once (layout) and
// then hands out sample blocks one at a time until it ends or fails.
#pragma once

#include <string>
#include <string_view>

#include "engine/sample_block.hpp"

namespace stridecue {

enum class SourceStatus { block, end, failed };
std::string_view to_string(SourceStatus status);

class SampleSource {
 public:
  virtual ~SampleSource() = default;

  // Valid from construction; does not change while the source runs.
  virtual const SourceLayout& layout() const = 0;

  // Fills `block` with the next block. Its samples stay valid until the next call.
  // After `end` or `failed` every later call returns the same status.
  virtual SourceStatus next(SampleBlock& block) = 0;

  // Why the source failed, naming what was wrong and where ("trial.csv:12:3: ..."); empty
  // while it is fine. A file reader that finds its header bad fails at construction: check
  // this before building anything on layout().
  virtual const std::string& failure() const = 0;
};

}  // namespace stridecue
