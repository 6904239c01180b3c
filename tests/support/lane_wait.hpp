// A device test's wait for its transport thread: until `count` blocks have entered the channel,
// for at most 10 s (a hang shows as a failed count, not a stuck test).
#pragma once

#include <chrono>
#include <cstdint>
#include <thread>

#include "live/block_channel.hpp"

namespace stridecue::test {

inline std::uint64_t wait_for_blocks(const BlockChannel& channel, std::uint64_t count) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (channel.blocks_in.load() < count && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return channel.blocks_in.load();
}

}  // namespace stridecue::test
