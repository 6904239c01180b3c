// Test support: run a RunnerSimulator to its end and keep every sample, per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "simulator/runner_simulator.hpp"

namespace stridecue::test {

struct SimulatorRecording {
  std::vector<float> force;  // frames × force_channels, frame-major
  std::vector<float> emg;    // frames × 2
  std::size_t force_channels = 0;
  double force_rate_hz = 0.0;
  double emg_rate_hz = 0.0;
  std::size_t blocks = 0;
  bool in_order = true;  // every block continues its stream and alternates force / emg

  std::size_t force_frames() const { return force.size() / force_channels; }
  std::size_t emg_frames() const { return emg.size() / 2; }
  float force_at(std::size_t frame, std::size_t channel) const {
    return force[frame * force_channels + channel];
  }
  float emg_at(std::size_t frame, std::size_t side) const { return emg[frame * 2 + side]; }
};

inline SimulatorRecording record(RunnerSimulator& sim) {
  SimulatorRecording r;
  const SourceLayout& layout = sim.layout();
  r.force_channels = layout.streams[0].channels.size();
  r.force_rate_hz = layout.streams[0].rate_hz;
  r.emg_rate_hz = layout.streams[1].rate_hz;
  SampleBlock block;
  std::uint16_t expected_stream = 0;
  while (sim.next(block) == SourceStatus::block) {
    std::vector<float>& out = block.stream == 0 ? r.force : r.emg;
    const std::size_t channels = block.stream == 0 ? r.force_channels : 2;
    if (block.stream != expected_stream || block.channels != channels ||
        block.first_sample != static_cast<std::int64_t>(out.size() / channels)) {
      r.in_order = false;
    }
    expected_stream = block.stream == 0 ? 1 : 0;
    out.insert(out.end(), block.samples.begin(), block.samples.end());
    ++r.blocks;
  }
  return r;
}

}  // namespace stridecue::test
