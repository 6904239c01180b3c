// C3D out (files/c3d_writer.hpp): what we write, our own reader reads back as the same forces,
// COP, EMG and events — the plates through their FORCE_PLATFORM entries, as other tools read them.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <vector>

#include <unistd.h>
#include "drivers/simulator_recording.hpp"
#include "files/c3d_reader.hpp"
#include "files/c3d_writer.hpp"
#include "simulator/runner_simulator.hpp"

namespace stridecue {
namespace {

// A folder of this test's own, removed with everything in it.
struct ScratchDir {
  std::filesystem::path root = std::filesystem::temp_directory_path() /
                               ("stridecue-c3d-writer-" + std::to_string(::getpid()));
  ScratchDir() { std::filesystem::create_directories(root); }
  ~ScratchDir() { std::filesystem::remove_all(root); }
  std::filesystem::path path() const { return root; }
};

SimulatorConfig short_run(TreadmillLayout layout) {
  SimulatorConfig config;
  config.layout = layout;
  config.duration_s = 8.0;  // eight loadings per belt make a treadmill to the reader
  config.seed = 7;
  return config;
}

struct ReadBack {
  std::vector<float> force, emg;
  SourceLayout layout;
  std::vector<C3dEvent> events;
  bool treadmill = false;
};

ReadBack read_back(const std::filesystem::path& path) {
  C3dReader reader(path);
  REQUIRE(reader.failure().empty());
  ReadBack r;
  r.layout = reader.layout();
  r.events = reader.events();
  r.treadmill = reader.treadmill();
  SampleBlock block;
  while (reader.next(block) == SourceStatus::block) {
    auto& out = block.stream == 0 ? r.force : r.emg;
    out.insert(out.end(), block.samples.begin(), block.samples.end());
  }
  REQUIRE(reader.failure().empty());
  return r;
}

// Every force sample of the simulation against the file's, channel by channel: the file is at the
// EMG's 2 kHz, so force frame k is file sample 2k.
void check_plates(const test::SimulatorRecording& sim, const SourceLayout& sim_layout,
                  const ReadBack& back, std::initializer_list<Plate> plates) {
  const StreamInfo& ours = sim_layout.streams[0];
  const StreamInfo& theirs = back.layout.streams[0];
  const std::size_t step = static_cast<std::size_t>(std::lround(theirs.rate_hz / ours.rate_hz));
  REQUIRE(step == 2);
  std::size_t loaded = 0;
  for (Plate p : plates) {
    const auto fz = ours.find(Quantity::force_z, p), fz_back = theirs.find(Quantity::force_z, p);
    const auto fx = ours.find(Quantity::force_x, p), fx_back = theirs.find(Quantity::force_x, p);
    const auto cx = ours.find(Quantity::cop_x, p), cx_back = theirs.find(Quantity::cop_x, p);
    const auto cy = ours.find(Quantity::cop_y, p), cy_back = theirs.find(Quantity::cop_y, p);
    REQUIRE((fz && fz_back && fx && fx_back && cx && cx_back && cy && cy_back));
    const std::size_t n = theirs.channels.size();
    for (std::size_t k = 0; k < sim.force_frames() && k * step < back.force.size() / n; ++k) {
      const double z = sim.force_at(k, *fz);
      CHECK(back.force[k * step * n + *fz_back] == Approx(z).margin(0.01));
      CHECK(back.force[k * step * n + *fx_back] == Approx(sim.force_at(k, *fx)).margin(0.01));
      if (z < 100.0) continue;
      ++loaded;
      CHECK(back.force[k * step * n + *cx_back] == Approx(sim.force_at(k, *cx)).margin(1e-4));
      CHECK(back.force[k * step * n + *cy_back] == Approx(sim.force_at(k, *cy)).margin(1e-4));
    }
  }
  CHECK(loaded > 1000);
}

}  // namespace

TEST_CASE("C3D out: split-belt forces, COP, EMG and foot events read back as written",
          "[c3d][writer]") {
  ScratchDir dir;
  const auto path = dir.path() / "session.c3d";
  RunnerSimulator for_file(short_run(TreadmillLayout::split_belt));
  const std::vector<C3dEventOut> events = {{"Foot Strike", "Left", 1.0125},
                                           {"Foot Off", "Left", 1.2625},
                                           {"Foot Strike", "Right", 1.3655}};
  const C3dWriteSummary summary = write_c3d(for_file, events, path);
  CHECK(summary.plates == 2);
  CHECK(summary.emg_channels == 2);
  CHECK(summary.analog_rate_hz == 2000.0);

  RunnerSimulator again(short_run(TreadmillLayout::split_belt));
  const SourceLayout sim_layout = again.layout();
  const test::SimulatorRecording sim = test::record(again);
  const ReadBack back = read_back(path);
  CHECK(back.treadmill);
  check_plates(sim, sim_layout, back, {Plate::left, Plate::right});

  // EMG at its own rate: sample for sample.
  REQUIRE(back.layout.streams.size() == 2);
  REQUIRE(back.emg.size() >= sim.emg.size() - 2);
  for (std::size_t i = 0; i + 2 < sim.emg.size(); ++i)
    CHECK(back.emg[i] == Approx(sim.emg[i]).margin(1e-9));

  REQUIRE(back.events.size() == events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    CHECK(back.events[i].label == events[i].label);
    CHECK(back.events[i].context == events[i].context);
    CHECK(back.events[i].time_s == Approx(events[i].time_s - summary.first_sample_s).margin(1e-5));
  }
}

TEST_CASE("C3D out: a single belt reads back as one treadmill plate", "[c3d][writer]") {
  ScratchDir dir;
  const auto path = dir.path() / "belt.c3d";
  RunnerSimulator for_file(short_run(TreadmillLayout::single_belt));
  write_c3d(for_file, {}, path);
  RunnerSimulator again(short_run(TreadmillLayout::single_belt));
  const SourceLayout sim_layout = again.layout();
  const ReadBack back = read_back(path);
  CHECK(back.treadmill);
  CHECK(back.events.empty());
  check_plates(test::record(again), sim_layout, back, {Plate::belt});
}

TEST_CASE("C3D out: more events than a parameter dimension holds", "[c3d][writer]") {
  ScratchDir dir;
  const auto path = dir.path() / "long.c3d";
  RunnerSimulator sim(short_run(TreadmillLayout::split_belt));
  std::vector<C3dEventOut> events;
  for (int i = 0; i < 600; ++i)
    events.push_back({i % 2 ? "Foot Off" : "Foot Strike", i % 4 < 2 ? "Left" : "Right", 0.005 * i});
  write_c3d(sim, events, path);
  const ReadBack back = read_back(path);
  REQUIRE(back.events.size() == 600);
  CHECK(back.events[599].label == "Foot Off");
  CHECK(back.events[599].context == "Right");
  CHECK(back.events[599].time_s == Approx(0.005 * 599).margin(1e-5));
  CHECK(back.events[300].time_s == Approx(1.5).margin(1e-5));
}

TEST_CASE("C3D out: a source without force plates is refused, naming the file", "[c3d][writer]") {
  ScratchDir dir;
  const auto path = dir.path() / "empty.c3d";
  struct NoPlates final : SampleSource {
    SourceLayout layout_{{StreamInfo{"emg", 1000.0, 0.0, {}}}};
    std::string failure_;
    const SourceLayout& layout() const override { return layout_; }
    SourceStatus next(SampleBlock&) override { return SourceStatus::end; }
    const std::string& failure() const override { return failure_; }
  } source;
  CHECK_THROWS_WITH(write_c3d(source, {}, path),
                    Catch::Contains("empty.c3d") && Catch::Contains("no force plate"));
  CHECK_FALSE(std::filesystem::exists(path));
}

}  // namespace stridecue
