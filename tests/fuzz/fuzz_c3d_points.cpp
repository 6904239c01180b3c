// libFuzzer harness for C3D POINT data as marker trajectories (drivers/files/c3d_points.hpp),
// on top of the C3D parser. Regression inputs live in corpus/c3d_points/.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "files/c3d_points.hpp"
#include "marker_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string error;
  const auto markers = stridecue::read_c3d_points(std::span(data, size), "fuzz.c3d", &error);
  stridecue::fuzz::check_markers(markers, error);
  return 0;
}
