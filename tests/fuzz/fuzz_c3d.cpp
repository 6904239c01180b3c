// libFuzzer harness for the C3D reader (parser, force platforms, EMG channels, blocks), each
// input read twice: EMG by label, and EMG through a built-in profile (the harness needs no
// files). Regression inputs live in corpus/c3d/: small synthetic files written by the
// `[.c3d-corpus]` test in tests/drivers/test_c3d_file.cpp (never the shared real-data files),
// plus every crash found.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "files/c3d_reader.hpp"
#include "fuzz_emg_profile.hpp"

namespace {

const stridecue::EmgChannelProfile& emg_profile() {
  static const stridecue::EmgChannelProfile profile = stridecue::fuzz::parse_profile_or_trap(R"(
      name = "fuzz_emg"
      [channels]
      "R GMed" = { muscle = "gmed", side = "right" }
      EMG = { muscle = "gmax", side = "left", gain = 1e-30 }
    )");
  return profile;
}

float read_all(std::span<const std::uint8_t> bytes,
               std::optional<stridecue::EmgChannelProfile> profile) {
  stridecue::C3dReader reader(bytes, "fuzz.c3d", std::move(profile));
  const bool failed_at_start = !reader.failure().empty();
  const auto& streams = reader.layout().streams;
  if (failed_at_start && !streams.empty()) __builtin_trap();
  if (streams.size() > 2) __builtin_trap();
  (void)reader.emg_note();
  stridecue::SampleBlock block;
  float sum = 0.0F;
  stridecue::SourceStatus status;
  std::int64_t next[2] = {0, 0};
  while ((status = reader.next(block)) == stridecue::SourceStatus::block) {
    if (block.stream >= streams.size()) __builtin_trap();
    if (block.channels != streams[block.stream].channels.size()) __builtin_trap();
    if (block.samples.size() != block.frames * block.channels) __builtin_trap();
    if (block.frames == 0 || block.frames > stridecue::C3dReader::block_frames) __builtin_trap();
    if (block.first_sample != next[block.stream]) __builtin_trap();
    next[block.stream] += static_cast<std::int64_t>(block.frames);
    for (const float sample : block.samples)
      sum += sample;
  }
  if ((status == stridecue::SourceStatus::failed) != failed_at_start) __builtin_trap();
  // Both streams cover the same analog samples.
  if (streams.size() == 2 && next[0] != next[1]) __builtin_trap();
  return sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const float sum = read_all(bytes, std::nullopt) + read_all(bytes, emg_profile());
  return sum == 12345.0F ? 1 : 0;
}
