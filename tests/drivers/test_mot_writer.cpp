// OpenSim .mot out (files/mot_writer.hpp): what we write, the shipped `opensim_grf` profile — the
// one that reads Rajagopal's grf_run.mot — reads back as the same forces and COP per foot.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "drivers/simulator_recording.hpp"
#include "files/mot_writer.hpp"
#include "files/text_table_reader.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/engine_run.hpp"
#include "support/shipped_profile.hpp"

namespace stridecue {
namespace {

struct ScratchDir {
  std::filesystem::path root = std::filesystem::temp_directory_path() /
                               ("stridecue-mot-writer-" + std::to_string(::getpid()));
  ScratchDir() { std::filesystem::create_directories(root); }
  ~ScratchDir() { std::filesystem::remove_all(root); }
};

SimulatorConfig short_run(TreadmillLayout layout) {
  SimulatorConfig config;
  config.layout = layout;
  config.duration_s = 6.0;
  config.seed = 11;
  return config;
}

std::unique_ptr<SampleSource> read_back(const std::filesystem::path& path) {
  auto source = open_text_table(path, test::shipped_column_profile("opensim_grf.toml"));
  INFO(source->failure());
  REQUIRE(source->failure().empty());
  return source;
}

}  // namespace

TEST_CASE("OpenSim .mot out: split-belt forces and COP per foot read back as written",
          "[mot][writer]") {
  ScratchDir dir;
  const auto path = dir.root / "grf.mot";
  RunnerSimulator for_file(short_run(TreadmillLayout::split_belt));
  const MotWriteSummary summary = write_opensim_mot(for_file, {}, path);
  CHECK_FALSE(summary.split_by_stance);

  RunnerSimulator again(short_run(TreadmillLayout::split_belt));
  const StreamInfo ours = again.layout().streams[0];
  const test::SimulatorRecording sim = test::record(again);
  CHECK(summary.rows == sim.force_frames());

  auto back = read_back(path);
  const StreamInfo theirs = back->layout().streams[0];
  CHECK(theirs.rate_hz == Approx(ours.rate_hz));
  std::vector<float> values;
  SampleBlock block;
  while (back->next(block) == SourceStatus::block)
    values.insert(values.end(), block.samples.begin(), block.samples.end());
  REQUIRE(back->failure().empty());
  const std::size_t n = theirs.channels.size();
  REQUIRE(values.size() / n == sim.force_frames());
  std::size_t loaded = 0;
  for (Plate p : {Plate::left, Plate::right}) {
    for (Quantity q : {Quantity::force_x, Quantity::force_y, Quantity::force_z, Quantity::cop_x,
                       Quantity::cop_y}) {
      const auto a = ours.find(q, p), b = theirs.find(q, p);
      REQUIRE((a && b));
      const bool cop = q == Quantity::cop_x || q == Quantity::cop_y;
      for (std::size_t k = 0; k < sim.force_frames(); ++k) {
        if (cop && sim.force_at(k, *ours.find(Quantity::force_z, p)) < 100.0) continue;
        loaded += cop;
        CHECK(values[k * n + *b] == Approx(sim.force_at(k, *a)).epsilon(1e-5).margin(1e-3));
      }
    }
  }
  CHECK(loaded > 2000);

  std::ifstream text(path);
  std::string line;
  std::getline(text, line);
  CHECK(line == "name grf.mot");
  std::getline(text, line);
  CHECK(line == "datacolumns 19");
  std::getline(text, line);
  CHECK_THAT(line, Catch::StartsWith("datarows " + std::to_string(sim.force_frames()) + " "));
}

TEST_CASE("OpenSim .mot out: a single belt's samples go to the foot of each stance",
          "[mot][writer]") {
  ScratchDir dir;
  const auto path = dir.root / "belt.mot";
  RunnerSimulator first(short_run(TreadmillLayout::single_belt));
  const std::vector<StrideRecord> strides = test::run_engine(first);
  REQUIRE(strides.size() > 10);
  std::vector<StanceSide> stances;
  for (const StrideRecord& s : strides)
    stances.push_back({s.contact_s, s.toe_off_s, s.side});

  RunnerSimulator for_file(short_run(TreadmillLayout::single_belt));
  CHECK(write_opensim_mot(for_file, stances, path).split_by_stance);

  // Sample by sample: the belt's force is on exactly one foot, the one whose stance it is in.
  RunnerSimulator belt(short_run(TreadmillLayout::single_belt));
  const StreamInfo ours = belt.layout().streams[0];
  const test::SimulatorRecording sim = test::record(belt);
  auto back = read_back(path);
  const StreamInfo theirs = back->layout().streams[0];
  std::vector<float> values;
  SampleBlock block;
  while (back->next(block) == SourceStatus::block)
    values.insert(values.end(), block.samples.begin(), block.samples.end());
  const std::size_t n = theirs.channels.size();
  REQUIRE(values.size() / n == sim.force_frames());
  const auto fz = *ours.find(Quantity::force_z, Plate::belt);
  const auto left = *theirs.find(Quantity::force_z, Plate::left);
  const auto right = *theirs.find(Quantity::force_z, Plate::right);
  std::size_t in_stance = 0;
  for (std::size_t k = 0; k < sim.force_frames(); ++k) {
    const double l = values[k * n + left], r = values[k * n + right];
    CHECK(l + r == Approx(sim.force_at(k, fz)).epsilon(1e-5).margin(1e-3));
    CHECK((l == 0.0 || r == 0.0));
    const double t = static_cast<double>(k) / ours.rate_hz;
    for (const StanceSide& st : stances) {
      if (t < st.contact_s || t > st.toe_off_s) continue;
      ++in_stance;
      CHECK((st.side == Side::left ? r : l) == 0.0);
    }
  }
  CHECK(in_stance > 3000);

  // Read back as two plates: the engine finds as many stances, each on its own foot's plate.
  // (Not their exact times: each plate's flight phase now holds the other foot's zeros, which
  // changes the noise level the contact timing is set above; the samples are checked above.)
  auto back_again = read_back(path);
  const std::vector<StrideRecord> again = test::run_engine(*back_again);
  REQUIRE(again.size() == strides.size());
  for (std::size_t i = 0; i < strides.size(); ++i) {
    CHECK(again[i].contact_s == Approx(strides[i].contact_s).margin(0.02));
    CHECK(again[i].side == strides[i].side);
    CHECK(again[i].plate == (strides[i].side == Side::left ? Plate::left : Plate::right));
  }
}

TEST_CASE("OpenSim .mot out: a single belt without strides is refused, naming the file",
          "[mot][writer]") {
  ScratchDir dir;
  RunnerSimulator sim(short_run(TreadmillLayout::single_belt));
  CHECK_THROWS_WITH(write_opensim_mot(sim, {}, dir.root / "nofeet.mot"),
                    Catch::Contains("nofeet.mot") && Catch::Contains("strides"));
}

}  // namespace stridecue
