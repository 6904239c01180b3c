// How much faster than real time the engine analyses a long session, on one core.
//
// A 60-minute simulated split-belt session (2 plates × 6 channels at 1 kHz, 2 EMG channels at
// 2 kHz) is generated once into memory, then fed to a fresh engine five times; the median
// run gives the ratio to real time. File parsing is measured separately (bench/analyze_file.sh).
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

  SimulatorConfig config;
  config.duration_s = minutes * 60.0;
  config.seed = 2026;
  RunnerSimulator simulator(config);
  const auto generate_start = std::chrono::steady_clock::now();
  std::vector<StoredBlock> blocks;
  std::size_t samples = 0;
  SampleBlock b;
  while (simulator.next(b) == SourceStatus::block) {
    blocks.push_back({b, std::vector<float>(b.samples.begin(), b.samples.end())});
    samples += b.samples.size();
  }
  for (auto& stored : blocks)
    stored.header.samples = stored.samples;
  const double generate_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - generate_start).count();

  EngineSettings settings;
  settings.runner.body_mass_kg = config.body_mass_kg;
  std::vector<double> seconds;
  std::size_t strides = 0;
  for (int run = 0; run < runs; ++run) {
    GaitEngine engine(simulator.layout(), settings);
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
  fmt::print("session: {:.0f} min simulated, {} blocks, {:.1f} M samples, {} strides found\n",
             minutes, blocks.size(), static_cast<double>(samples) / 1e6, strides);
  fmt::print("simulator: generated in {:.2f} s ({:.0f}x real time)\n", generate_s,
             config.duration_s / generate_s);
  fmt::print(
      "engine: median {:.3f} s of {} runs (min {:.3f}, max {:.3f}) = {:.0f}x real time, "
      "{:.1f} ns per sample\n",
      median_s, runs, bench::percentile(seconds, 0), bench::percentile(seconds, 100),
      config.duration_s / median_s, median_s * 1e9 / static_cast<double>(samples));
  return 0;
}
