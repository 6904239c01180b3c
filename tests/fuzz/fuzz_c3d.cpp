// libFuzzer harness for the C3D reader (parser, force platforms, blocks). Regression inputs
// live in corpus/c3d/: small synthetic files written by the `[.c3d-corpus]` test in
// tests/drivers/test_c3d_file.cpp (never the shared real-data files), plus every crash found.
#include <cstddef>
#include <cstdint>
#include <span>

#include "files/c3d_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  stridecue::C3dReader reader(std::span<const std::uint8_t>(data, size), "fuzz.c3d");
  const bool failed_at_start = !reader.failure().empty();
  stridecue::SampleBlock block;
  float sum = 0.0F;
  stridecue::SourceStatus status;
  while ((status = reader.next(block)) == stridecue::SourceStatus::block) {
    if (block.samples.size() != block.frames * block.channels) __builtin_trap();
    if (block.frames == 0 || block.frames > stridecue::C3dReader::block_frames) __builtin_trap();
    for (const float sample : block.samples)
      sum += sample;
  }
  if ((status == stridecue::SourceStatus::failed) != failed_at_start) __builtin_trap();
  if (failed_at_start && !reader.layout().streams.empty()) __builtin_trap();
  return sum == 12345.0F ? 1 : 0;
}
