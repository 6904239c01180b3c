// How much faster than real time the engine analyses a long session, on one core.
//
// A 60-minute simulated split-belt session (2 plates × 6 channels at 1 kHz, EMG at 2 kHz) is
// generated once into memory, then fed to a fresh engine five times; the median run gives the
// ratio to real time. The simulator records the two gluteus medius; with a third argument N
// each EMG frame is widened to N channels (half per side, gmed first, copies of that side's
// signal under other muscle names), so that a 16-channel EMG setup is measured too.
// File parsing is measured separately (bench/analyze_file.sh).
//   bench_engine_throughput [minutes=60] [runs=5] [emg_channels=2]
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <vector>

#include "bench_stats.hpp"
#include "engine/gait_engine.hpp"
#include "simulator/runner_simulator.hpp"

using namespace stridecue;

namespace {

struct Counter : StrideSink {
  std::size_t strides = 0;
  void on_stride(const StrideRecord&) override { ++strides; }
};

struct StoredBlock {
  SampleBlock header;
  std::vector<float> samples;
};

}  // namespace

int main(int argc, char** argv) {
  const double minutes = argc > 1 ? std::atof(argv[1]) : 60.0;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::size_t emg_channels = argc > 3 ? static_cast<std::size_t>(std::atoi(argv[3])) : 2;

  SimulatorConfig config;
  config.duration_s = minutes * 60.0;
  config.seed = 2026;
  RunnerSimulator simulator(config);
  SourceLayout layout = simulator.layout();
  StreamInfo& emg = layout.streams[1];
  const ChannelInfo left = emg.channels[0], right = emg.channels[1];
  emg.channels.clear();
  for (std::size_t c = 0; c < emg_channels; ++c) {
    ChannelInfo ch = c < emg_channels / 2 ? left : right;
    const std::size_t n = c < emg_channels / 2 ? c : c - emg_channels / 2;
    if (n > 0) ch.muscle = fmt::format("m{}", n);
    ch.name = fmt::format("emg_{}_{}_v", ch.muscle, to_string(*ch.side));
    emg.channels.push_back(ch);
  }
  const auto generate_start = std::chrono::steady_clock::now();
  std::vector<StoredBlock> blocks;
  std::size_t samples = 0;
  SampleBlock b;
  while (simulator.next(b) == SourceStatus::block) {
    std::vector<float> data(b.samples.begin(), b.samples.end());
    if (b.stream == 1) {
      data.clear();
      for (std::size_t f = 0; f < b.frames; ++f) {
        for (std::size_t c = 0; c < emg_channels; ++c)
          data.push_back(b.at(f, c < emg_channels / 2 ? 0 : 1));
      }
      b.channels = emg_channels;
    }
    samples += data.size();
    blocks.push_back({b, std::move(data)});
  }
  for (auto& stored : blocks)
    stored.header.samples = stored.samples;
  const double generate_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - generate_start).count();

  EngineSettings settings;
  add_known_runner(config, settings);
  std::vector<double> seconds;
  std::size_t strides = 0;
  for (int run = 0; run < runs; ++run) {
    GaitEngine engine(layout, settings);
    Counter counter;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& stored : blocks)
      engine.process(stored.header, counter);
    engine.finish(counter);
    seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    strides = counter.strides;
  }
  const double median_s = bench::median(seconds);
  fmt::print(
      "session: {:.0f} min simulated, 2 plates x 6 ch at 1 kHz + {} EMG ch at 2 kHz: {} blocks, "
      "{:.1f} M samples, {} strides found\n",
      minutes, emg_channels, blocks.size(), static_cast<double>(samples) / 1e6, strides);
  fmt::print("simulator: generated in {:.2f} s ({:.0f}x real time)\n", generate_s,
             config.duration_s / generate_s);
  fmt::print(
      "engine: median {:.3f} s of {} runs (min {:.3f}, max {:.3f}) = {:.0f}x real time, "
      "{:.1f} ns per sample\n",
      median_s, runs, bench::percentile(seconds, 0), bench::percentile(seconds, 100),
      config.duration_s / median_s, median_s * 1e9 / static_cast<double>(samples));
  return 0;
}
