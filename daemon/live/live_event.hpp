// What the engine thread tells the rest of the daemon, through one ring to the dispatcher:
// fixed-size values (no allocation to make one), turned into JSON, rows and sounds off the
// real-time path.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "engine/cue_policy.hpp"
#include "engine/stride_record.hpp"

namespace stridecue {

enum class LiveEventType : std::uint8_t {
  strike,            // a stance's class became known (early or at toe-off)
  stride,            // a stride record (after its EMG)
  cue,               // the cue policy fired
  settings_applied,  // a settings version took effect
  baseline_reset,
  signals,  // live traces for display, decimated
};

// Decimated traces for a screen, not for analysis: the vertical force of each plate and the
// mean rectified EMG of each channel over the last interval.
struct DisplaySignals {
  static constexpr std::size_t kMaxPlates = 4;
  static constexpr std::size_t kMaxEmg = 16;
  std::array<float, kMaxPlates> fz_n{};
  std::size_t plates = 0;
  std::array<float, kMaxEmg> emg_v{};
  std::size_t emg_channels = 0;
};

struct LiveEvent {
  LiveEventType type = LiveEventType::stride;
  double session_s = 0.0;       // data time of the event
  std::uint64_t seq = 0;        // cue: its number; settings_applied: the version
  std::int64_t receipt_ns = 0;  // receipt of the block that decided it
  std::int64_t decided_ns = 0;  // when the engine thread decided it
  std::optional<Side> side;     // baseline_reset: the side, or none for both
  StrikeEvent strike;
  StrideRecord stride;
  Cue cue;
  DisplaySignals signals;
};

}  // namespace stridecue
