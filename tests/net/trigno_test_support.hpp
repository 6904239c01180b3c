// Helpers for the Trigno tests: rows of known values, and a loop that drives a source the way
// the daemon's source thread does, keeping copies of what it hands out.
#pragma once

#include <bit>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <vector>

#include "net/delsys_trigno_source.hpp"
#include "support/block_copy.hpp"

namespace stridecue::test {

// The value the fake server sends for `sensor` (0-based column) in row `row`: distinct for
// every row and column, and exactly representable so it can be compared bit for bit.
inline float trigno_value(std::int64_t row, std::size_t sensor) {
  return static_cast<float>(sensor + 1) * 0.001f + static_cast<float>(row % 4096) * 1e-6f;
}

// Rows first_row … first_row + rows - 1, 16 little-endian float32 each.
inline std::vector<std::uint8_t> trigno_rows(std::int64_t first_row, std::int64_t rows) {
  std::vector<std::uint8_t> bytes;
  for (std::int64_t r = first_row; r < first_row + rows; ++r) {
    for (std::size_t s = 0; s < 16; ++s) {
      const auto bits = std::bit_cast<std::uint32_t>(trigno_value(r, s));
      for (int b = 0; b < 4; ++b)
        bytes.push_back(static_cast<std::uint8_t>(bits >> (8 * b)));
    }
  }
  return bytes;
}

struct Drained {
  std::vector<BlockCopy> blocks;
  std::vector<SourceEvent> events;
  std::size_t frames = 0;
  double longest_call_s = 0.0;  // the longest single next()
  SourceStatus last = SourceStatus::waiting;
};

// Calls next() until `frames` frames have come (or `limit` passes, or the source fails).
inline void drain(DelsysTrignoSource& source, std::size_t frames, Drained& out,
                  std::chrono::milliseconds limit = std::chrono::milliseconds(10000)) {
  using Clock = std::chrono::steady_clock;
  const auto end = Clock::now() + limit;
  const std::size_t target = out.frames + frames;
  SampleBlock block;
  while (out.frames < target && Clock::now() < end) {
    const auto before = Clock::now();
    out.last = source.next(block);
    out.longest_call_s =
        std::max(out.longest_call_s, std::chrono::duration<double>(Clock::now() - before).count());
    for (auto& e : source.take_events())
      out.events.push_back(std::move(e));
    if (out.last == SourceStatus::failed) return;
    if (out.last != SourceStatus::block) continue;
    out.blocks.push_back(BlockCopy::of(block));
    out.frames += block.frames;
  }
}

inline DelsysTrignoOptions options_for(std::uint16_t command_port, std::uint16_t emg_port) {
  DelsysTrignoOptions o;
  o.command_port = command_port;
  o.emg_port = emg_port;
  o.channels = {{1, Side::left, "gmed"}, {3, Side::right, "gmed"}, {16, Side::left, "tfl"}};
  o.reply_timeout_s = 1.0;
  o.data_timeout_s = 2.0;
  return o;
}

}  // namespace stridecue::test
