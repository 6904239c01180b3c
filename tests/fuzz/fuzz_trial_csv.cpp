// libFuzzer harness for the trial CSV reader: any bytes must end in `end` or `failed` with a
// message, never a crash, a hang or unbounded memory. Regression inputs live in
// corpus/trial_csv/ and are replayed as a CTest test (replay_main.cpp).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "drain_for_fuzzing.hpp"
#include "files/trial_csv_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  stridecue::TrialCsvReader reader(file, "fuzz.csv");
  return stridecue::fuzz::drain(reader);
}
