// The host's monotonic clock in nanoseconds: the one time base of receipt, decision and audio
// start, so their differences are the latencies the daemon reports.
#pragma once

#include <chrono>
#include <cstdint>

namespace stridecue {

inline std::int64_t monotonic_ns(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

inline std::int64_t monotonic_ns() {
  return monotonic_ns(std::chrono::steady_clock::now());
}

}  // namespace stridecue
