// libFuzzer harness for the .trc marker reader (drivers/files/trc_reader.hpp). A read either
// fails with a message or gives trajectories whose shape holds together. Regression inputs
// live in corpus/trc/.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "files/trc_reader.hpp"
#include "marker_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream file(std::string(reinterpret_cast<const char*>(data), size));
  stridecue::fuzz::check_markers(stridecue::read_trc(file, "fuzz.trc"));
  return 0;
}
