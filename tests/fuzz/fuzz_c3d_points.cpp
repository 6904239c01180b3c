// libFuzzer harness for C3D POINT data as marker trajectories (drivers/files/c3d_points.hpp),
// on top of the C3D parser. Regression inputs live in corpus/c3d_points/.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "files/c3d_points.hpp"
#include "marker_invariants.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  stridecue::fuzz::check_markers(stridecue::read_c3d_points(std::span(data, size), "fuzz.c3d"));
  return 0;
}
