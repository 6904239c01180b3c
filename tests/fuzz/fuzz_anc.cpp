// libFuzzer harness for the Motion Analysis .anc reader with a built-in EMG channel profile
// (the harness needs no files). Regression inputs live in corpus/anc/.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "drain_for_fuzzing.hpp"
#include "files/anc_reader.hpp"
#include "fuzz_emg_profile.hpp"

namespace {

const stridecue::EmgChannelProfile& emg_profile() {
  static const stridecue::EmgChannelProfile profile = stridecue::fuzz::parse_profile_or_trap(R"(
      name = "fuzz_emg"
      [channels]
      GMED = { muscle = "gmed", side = "right" }
      GMAX = { muscle = "gmax", side = "right", gain = 1e-30 }
      TA = { muscle = "tibant", side = "left" }
    )");
  return profile;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  stridecue::AncReader reader(file, "fuzz.anc", emg_profile());
  return stridecue::fuzz::drain(reader);
}
