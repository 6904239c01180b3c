// libFuzzer harness for the Motion Analysis .anc reader with a built-in EMG channel profile
// (the harness needs no files). Regression inputs live in corpus/anc/.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "files/anc_reader.hpp"

namespace {

const stridecue::EmgChannelProfile& emg_profile() {
  static const stridecue::EmgChannelProfile profile = [] {
    std::string error;
    auto parsed = stridecue::parse_emg_channel_profile(R"(
      name = "fuzz_emg"
      [channels]
      GMED = { muscle = "gmed", side = "right" }
      GMAX = { muscle = "gmax", side = "right", gain = 1e-30 }
      TA = { muscle = "tibant", side = "left" }
    )",
                                                       "fuzz_profile.toml", &error);
    if (!parsed) __builtin_trap();
    return *parsed;
  }();
  return profile;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  stridecue::AncReader reader(file, "fuzz.anc", emg_profile());
  stridecue::SampleBlock block;
  float sum = 0.0F;
  stridecue::SourceStatus status;
  while ((status = reader.next(block)) == stridecue::SourceStatus::block) {
    if (block.samples.size() != block.frames * block.channels) __builtin_trap();
    for (const float sample : block.samples)
      sum += sample;
  }
  if ((status == stridecue::SourceStatus::failed) == reader.failure().empty()) __builtin_trap();
  return sum == 12345.0F ? 1 : 0;
}
