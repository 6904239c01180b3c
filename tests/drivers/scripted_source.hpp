// Test helper: a source that hands out blocks generated from a formula, interleaving its
// streams the way the simulator and devices do (one block per stream per `block_s`).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "source/sample_source.hpp"

namespace stridecue::test {

class ScriptedSource final : public SampleSource {
 public:
  // value(stream, sample, channel) gives every sample; each stream runs for `duration_s`.
  using Value = std::function<float(std::size_t, std::int64_t, std::size_t)>;

  ScriptedSource(SourceLayout layout, double duration_s, double block_s, Value value)
      : layout_(std::move(layout)), block_s_(block_s), value_(std::move(value)) {
    for (const StreamInfo& stream : layout_.streams) {
      total_.push_back(static_cast<std::int64_t>(std::llround(duration_s * stream.rate_hz)));
      next_.push_back(0);
    }
  }

  const SourceLayout& layout() const override { return layout_; }
  const std::string& failure() const override { return failure_; }

  SourceStatus next(SampleBlock& block) override {
    for (std::size_t tries = 0; tries <= layout_.streams.size(); ++tries) {
      const std::size_t s = turn_;
      turn_ = (turn_ + 1) % layout_.streams.size();
      const StreamInfo& stream = layout_.streams[s];
      if (next_[s] >= total_[s]) continue;
      const auto per_block = static_cast<std::int64_t>(std::llround(block_s_ * stream.rate_hz));
      const std::int64_t frames = std::min(per_block, total_[s] - next_[s]);
      const std::size_t channels = stream.channels.size();
      samples_.clear();
      for (std::int64_t f = 0; f < frames; ++f) {
        for (std::size_t c = 0; c < channels; ++c)
          samples_.push_back(value_(s, next_[s] + f, c));
      }
      block.stream = static_cast<std::uint16_t>(s);
      block.first_sample = next_[s];
      block.receipt_ns = 0;
      block.frames = static_cast<std::size_t>(frames);
      block.channels = channels;
      block.samples = samples_;
      next_[s] += frames;
      return SourceStatus::block;
    }
    return SourceStatus::end;
  }

 private:
  SourceLayout layout_;
  double block_s_;
  Value value_;
  std::vector<std::int64_t> total_;
  std::vector<std::int64_t> next_;
  std::size_t turn_ = 0;
  std::vector<float> samples_;
  std::string failure_;
};

inline ChannelInfo force_channel(Quantity quantity, Plate plate, std::string name = "") {
  ChannelInfo channel;
  channel.name = std::move(name);
  channel.quantity = quantity;
  channel.plate = plate;
  return channel;
}

inline ChannelInfo emg_channel(std::string muscle, Side side) {
  ChannelInfo channel;
  channel.name = fmt::format("emg_{}_{}_v", muscle, to_string(side));
  channel.quantity = Quantity::emg;
  channel.side = side;
  channel.muscle = std::move(muscle);
  return channel;
}

}  // namespace stridecue::test
