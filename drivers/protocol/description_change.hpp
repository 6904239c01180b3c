// Whether a device that came back after an unplug still describes the same streams: one
// session timeline only makes sense if the columns mean what they meant before the gap.
#pragma once

#include <fmt/format.h>

#include <string>

#include "protocol/protocol_device.hpp"

namespace stridecue::protocol {

// Empty when `after` has the same streams, rates, formats and channels (names, scale,
// offset) as `before`; else the first difference, e.g. "stream 0 (force): rate 1000 Hz, was
// 500 Hz".
inline std::string description_change(const DeviceDescription& before,
                                      const DeviceDescription& after) {
  if (before.identity.kind != after.identity.kind) {
    return fmt::format("device kind {}, was {}", kind_name(after.identity.kind),
                       kind_name(before.identity.kind));
  }
  if (before.streams.size() != after.streams.size()) {
    return fmt::format("{} streams, was {}", after.streams.size(), before.streams.size());
  }
  for (std::size_t s = 0; s < before.streams.size(); ++s) {
    const auto& b = before.streams[s];
    const auto& a = after.streams[s];
    const auto where = fmt::format("stream {} ({})", s, b.name);
    if (a.name != b.name) return fmt::format("{}: named {}", where, a.name);
    if (a.rate_hz != b.rate_hz) {
      return fmt::format("{}: rate {} Hz, was {} Hz", where, a.rate_hz, b.rate_hz);
    }
    if (a.format != b.format) {
      return fmt::format("{}: format {}, was {}", where, to_string(a.format), to_string(b.format));
    }
    if (a.channels != b.channels || after.channels[s].size() != before.channels[s].size()) {
      return fmt::format("{}: {} channels, was {}", where, a.channels, b.channels);
    }
    for (std::size_t c = 0; c < before.channels[s].size(); ++c) {
      const auto& bc = before.channels[s][c];
      const auto& ac = after.channels[s][c];
      if (ac.name != bc.name || ac.quantity != bc.quantity || ac.scale != bc.scale ||
          ac.offset != bc.offset || ac.plate != bc.plate || ac.side != bc.side) {
        return fmt::format(
            "{}: channel {} is now {} (scale {}, offset {}), was {} (scale {}, "
            "offset {})",
            where, c, ac.name, ac.scale, ac.offset, bc.name, bc.scale, bc.offset);
      }
    }
  }
  return {};
}

}  // namespace stridecue::protocol
