// libFuzzer harness for the device profiles a clinic writes by hand (config/devices/): the
// analog force-plate calibration and the Delsys Trigno profile. Either parses or says what
// was wrong and where; never crashes. Regression inputs live in corpus/device_profiles/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analog/analog_plate_profile.hpp"
#include "net/trigno_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace stridecue;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto plates = parse_analog_plate_profile(text, "fuzz.toml");
  if (!plates && plates.error().empty()) __builtin_trap();  // a refusal always says why
  const auto trigno = parse_trigno_profile(text, "fuzz.toml");
  if (!trigno && trigno.error().empty()) __builtin_trap();
  if (trigno && !validate(*trigno).empty()) __builtin_trap();  // parsed means usable
  return 0;
}
