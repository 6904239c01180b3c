// A built-in EMG channel profile for the reader harnesses, so they need no files: parsed once,
// and a profile that does not parse is a broken harness (trap).
#pragma once

#include <string>

#include "files/anc_reader.hpp"

namespace stridecue::fuzz {

inline EmgChannelProfile parse_profile_or_trap(const char* toml) {
  auto parsed = parse_emg_channel_profile(toml, "fuzz_profile.toml");
  if (!parsed) __builtin_trap();
  return *parsed;
}

}  // namespace stridecue::fuzz
