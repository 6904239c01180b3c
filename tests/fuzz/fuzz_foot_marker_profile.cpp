// libFuzzer harness for the marker profile parser (daemon/report/foot_strike_angle.hpp): any
// text gives a profile whose set passes its own check, or an error with a place. Regression
// inputs live in corpus/foot_marker_profile/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "report/foot_strike_angle.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto profile = stridecue::parse_foot_marker_profile(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.toml");
  if (!profile) {
    if (profile.error().empty()) __builtin_trap();
  } else if (!stridecue::check_foot_marker_set(profile->markers).empty()) {
    __builtin_trap();
  }
  return 0;
}
