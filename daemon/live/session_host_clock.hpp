// Session time onto host time, for the engine thread: when, on the host's monotonic clock, a
// moment of the session's data happened. Each block says when its last sample reached the host
// (receipt_ns) and where it ends in session time; receipt − end is the transport's delay plus
// the host clock's offset. Its lower envelope is the best estimate of the offset alone (the
// blocks that waited least), as in the minimum filters of NTP and liblsl: a block that waited
// for the scheduler or the USB stack leaves the mapping where it was, so the contact a cue is
// timed from does not jump with each block's delay. The envelope may rise only slowly
// (kRisePerSecond of session time) to follow a device clock that runs slow against the host's,
// and is re-anchored outright when the data jumps (a device back after a gap, a paused host).
// Engine thread only; no allocation.
#pragma once

#include <cmath>
#include <cstdint>

namespace stridecue {

class SessionHostClock {
 public:
  // 1000 ppm: twenty times the drift of two 50 ppm crystals, small next to a 2 ms block.
  static constexpr double kRisePerSecond = 1e-3;
  // An offset this much above the envelope is a new mapping, not a late block.
  static constexpr std::int64_t kReanchorNs = 500'000'000;

  // A block whose last sample ends at `end_s` (session time) arrived at `receipt_ns`; blocks
  // without a receipt time (offline sources) are ignored.
  void observe(double end_s, std::int64_t receipt_ns) {
    if (receipt_ns <= 0) return;
    const std::int64_t offset = receipt_ns - std::llround(end_s * 1e9);
    if (!known_ || offset - offset_ns_ > kReanchorNs || offset < offset_ns_) {
      known_ = true;
      offset_ns_ = offset;
    } else if (end_s > last_end_s_) {
      const auto rise = std::llround((end_s - last_end_s_) * 1e9 * kRisePerSecond);
      offset_ns_ = offset < offset_ns_ + rise ? offset : offset_ns_ + rise;
    }
    if (end_s > last_end_s_) last_end_s_ = end_s;
  }

  bool known() const { return known_; }
  // Host monotonic ns of a session time; 0 before the first block with a receipt time.
  std::int64_t host_ns(double session_s) const {
    return known_ ? offset_ns_ + std::llround(session_s * 1e9) : 0;
  }

 private:
  bool known_ = false;
  std::int64_t offset_ns_ = 0;
  double last_end_s_ = 0.0;
};

}  // namespace stridecue
