// `stridecue analyze FILE.c3d [--emg-profile P]` end to end on a C3D file written here: one
// floor plate with a stance every second and a left gluteus medius channel in mV that bursts
// around every contact. The engine alternates sides on one plate, so every other stride is
// a left one with glute fields.
#include <algorithm>
#include <catch2/catch.hpp>
#include <iterator>
#include <sstream>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/c3d_fixtures.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

constexpr double kAnalogHz = 1000.0;
constexpr int kFrames = 700;  // 7 s at 100 Hz
constexpr double kFirstContactS = 0.6, kStepS = 1.0, kStanceS = 0.6;
constexpr double kBurstFromS = -0.10, kBurstToS = 0.15;  // around each contact

// Noise in [−1, 1) from a fixed LCG: the file is the same on every run.
double noise(std::uint64_t& state) {
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 52) - 1.0;
}

void write_trial(const std::string& path) {
  C3dWriter w;
  w.float_storage = true;
  w.points = 1;
  w.frames = kFrames;
  w.analog_samples_per_frame = 10;
  w.analog_channels = 7;
  w.point_values.assign(static_cast<std::size_t>(kFrames) * 3, 1.0);
  std::uint64_t state = 42;
  for (int s = 0; s < kFrames * 10; ++s) {
    const double t = s / kAnalogHz;
    double fz = 0.0, emg_mv = 0.005 * noise(state);  // 5 µV of noise
    for (double c = kFirstContactS; c < t + 1.0; c += kStepS) {
      if (t >= c && t < c + kStanceS) fz = 700.0 * std::sin(M_PI * (t - c) / kStanceS);
      if (t >= c + kBurstFromS && t < c + kBurstToS) emg_mv += 0.2 * noise(state);
    }
    // Plate frame z points down (as AMTI plates): the foot pushes the Fz channel negative.
    for (const double v : {0.0, 0.0, -fz, 0.0, 0.0, 0.0, emg_mv})
      w.analog_raw.push_back(v);
  }
  w.add_basics({"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1", "L GMed"}, std::vector<double>(7, 1.0),
               std::vector<double>(7, 0.0));
  w.add_chars("ANALOG", "UNITS", {"N", "N", "N", "Nmm", "Nmm", "Nmm", "mV"});
  add_type2_plate(w);
  const auto bytes = w.write();
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

std::vector<Json> json_lines(const ProgramResult& r) {
  std::vector<Json> out;
  for (const auto& line : r.out_lines())
    out.push_back(Json::parse(line));
  return out;
}

}  // namespace

TEST_CASE("analyze a C3D file: EMG by label, glute fields on the left strides", "[cli][c3d]") {
  TempDir dir("cli-c3d");
  write_trial(dir / "t.c3d");
  const auto r = run_program(kStridecue + " analyze " + (dir / "t.c3d") + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("t.c3d: EMG from 1 channel (by label): \"L GMed\" = left gmed") !=
        std::string::npos);
  const auto lines = json_lines(r);
  // 6 strides and the summary: the 7th stance (6.6 s) has not ended when the data do (7 s).
  REQUIRE(lines.size() == 7);
  std::size_t left = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    const Json& s = lines[i];
    CAPTURE(s.dump());
    CHECK(s.at("contact_s").get<double>() ==
          Approx(kFirstContactS + kStepS * static_cast<double>(i)).margin(0.01));
    if (s.at("side") != "left") {
      CHECK(s.at("glute_activation").is_null());
      continue;
    }
    ++left;
    // The burst: 200 µV of uniform noise (115 µV RMS) from −100 to +150 ms.
    REQUIRE(s.at("glute_activation").is_number());
    CHECK(s.at("glute_activation").get<double>() > 30e-6);
    CHECK(s.at("glute_activation").get<double>() < 200e-6);
    REQUIRE(s.at("glute_onset_ms").is_number());
    // A burst that starts at full strength: the zero-phase envelope's backward pass spreads its
    // edge, and 5 % of the rise is reached ~50 ms early (measured −148 … −153 ms).
    CHECK(s.at("glute_onset_ms").get<double>() == Approx(-100.0).margin(70.0));
    REQUIRE(s.at("muscles").size() == 1);
    CHECK(s.at("muscles")[0].at("channel") == "emg_gmed_left_v");
  }
  CHECK(left == 3);

  // The table's glute_uV column: the activation in µV on the left steps, none on the right
  // (no channel); glute_%base stays empty without a baseline.
  const auto table = run_program(kStridecue + " analyze " + (dir / "t.c3d"));
  REQUIRE(table.exit_code == 0);
  std::vector<std::string> header;
  std::size_t glute_cells = 0;
  for (const auto& line : table.out_lines()) {
    std::istringstream in(line);
    std::vector<std::string> words{std::istream_iterator<std::string>(in), {}};
    if (words.size() > 2 && words[0] == "step") header = words;
    if (header.empty() || words.size() != header.size() || words[0] == "step") continue;
    const auto at = [&](const char* column) {
      return words[static_cast<std::size_t>(std::find(header.begin(), header.end(), column) -
                                            header.begin())];
    };
    if (at("glute_uV") != "-") {
      ++glute_cells;
      CHECK(at("side") == "left");
      CHECK(std::stod(at("glute_uV")) > 30.0);
    }
    CHECK(at("glute_%base") == "-");
  }
  CHECK(glute_cells == 3);
}

TEST_CASE("analyze a C3D file with --emg-profile, and its errors", "[cli][c3d]") {
  TempDir dir("cli-c3d-profile");
  write_trial(dir / "t.c3d");
  {
    std::ofstream f(dir / "good.toml");
    f << "name = \"lab\"\n[channels]\n\"L GMed\" = { muscle = \"gmed\", side = \"left\" }\n";
    std::ofstream g(dir / "bad.toml");
    g << "name = \"lab\"\n[channels]\nR_GMED = { muscle = \"gmed\", side = \"right\" }\n";
  }
  auto r = run_program(kStridecue + " analyze " + (dir / "t.c3d") +
                       " --format json --emg-profile " + (dir / "good.toml"));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("EMG from 1 channel (profile \"lab\")") != std::string::npos);

  r = run_program(kStridecue + " analyze " + (dir / "t.c3d") + " --emg-profile " +
                  (dir / "bad.toml"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("t.c3d: EMG profile \"lab\": \"R_GMED\" is not an analog label of the file "
                   "(its other analog labels: L GMed)") != std::string::npos);

  r = run_program(kStridecue + " analyze " + (dir / "t.c3d") + " --emg-profile no_such_profile");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no_such_profile: no such EMG profile file, nor ") != std::string::npos);
}
