// libFuzzer harness for the trial CSV reader: any bytes must end in `end` or `failed` with a
// message, never a crash, a hang or unbounded memory. Regression inputs live in
// corpus/trial_csv/ and are replayed as a CTest test (replay_main.cpp).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "files/trial_csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  stridecue::TrialCsvReader reader(file, "fuzz.csv");
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
