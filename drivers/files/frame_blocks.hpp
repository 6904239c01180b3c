// The frames of a one-stream reader gathered into fixed blocks and handed out one at a time:
// a handed-out block stays valid until the reader's next call, then its room is reused.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue {

class FrameBlocks {
 public:
  void size(std::size_t channels, std::size_t block_frames) {
    channels_ = channels;
    block_frames_ = block_frames;
    buffer_.assign(channels * block_frames, 0.0F);
  }
  // Room for one more frame; call only when not full().
  float* add_frame() { return buffer_.data() + (frames_++) * channels_; }
  bool full() const { return frames_ == block_frames_; }
  bool empty() const { return frames_ == 0; }

  // Forgets the frames gathered and not handed out (those a reader read while looking ahead).
  void discard() { frames_ = 0; }
  // At the start of each next(): forgets the block handed out last time.
  void release() {
    if (!given_) return;
    handed_out_ += static_cast<std::int64_t>(frames_);
    frames_ = 0;
    given_ = false;
  }
  void hand_out(SampleBlock& block, std::uint16_t stream = 0) {
    block.stream = stream;
    block.first_sample = handed_out_;
    block.receipt_ns = 0;
    block.frames = frames_;
    block.channels = channels_;
    block.samples = std::span<const float>(buffer_.data(), frames_ * channels_);
    given_ = true;
  }

 private:
  std::vector<float> buffer_;
  std::size_t channels_ = 0;
  std::size_t block_frames_ = 0;
  std::size_t frames_ = 0;
  std::int64_t handed_out_ = 0;
  bool given_ = false;
};

}  // namespace stridecue
