// A real single-belt treadmill in C3D ($STRIDECUE_DATA/rbds/RBDS001runT35.c3d, Fukuchi et al.
// 2017, see shared/data/README.md): runner 001 (62 kg) at 3.5 m/s for 30 s, one type-4 plate
// (1800 × 486 mm) whose 6 analog channels are volts (ANALOG:SCALE −1) turned into N and N·mm by
// its CAL_MATRIX, in a Y-up lab (X forward, Z to the runner's right), COP not stored.
//
// The reader must recognise the plate as the belt, put the lab into our axes (x forward, y left,
// z up) and give forces a runner makes; the engine must find every stance. The reference is
// counted here from the file's raw vertical channel (first sample of a ≥ 30-sample run above
// 50 N, as shared/data/rbds/reference/ was derived), and which foot each stance is comes from
// the markers (the lower foot at onset), independently of the force.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/gait_engine.hpp"
#include "files/c3d_file.hpp"
#include "files/c3d_reader.hpp"
#include "realdata/c3d_data.hpp"
#include "support/engine_run.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using test::parse_c3d_file;

namespace {

constexpr double kRateHz = 300.0;
constexpr double kOnsetN = 50.0;
constexpr std::size_t kMinRun = 30;
constexpr double kHalfLengthM = 0.9, kHalfWidthM = 0.243;  // the plate's 1800 × 486 mm

std::filesystem::path rbds_path(const char* name) {
  const auto path = test::data_dir() / "rbds" / name;
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  return path;
}

struct Run {
  std::size_t first = 0, last = 0;  // analog samples, inclusive
  double onset_s() const { return static_cast<double>(first) / kRateHz; }
};

// Runs of at least kMinRun samples above kOnsetN.
std::vector<Run> stances(const std::vector<double>& fz) {
  std::vector<Run> runs;
  for (std::size_t i = 0; i < fz.size();) {
    if (!(fz[i] > kOnsetN)) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < fz.size() && fz[end] > kOnsetN)
      ++end;
    if (end - i >= kMinRun) runs.push_back({i, end - 1});
    i = end;
  }
  return runs;
}

std::size_t point_index(const C3dFile& file, const std::string& label) {
  const C3dParameter* labels = file.find("POINT", "LABELS");
  REQUIRE(labels);
  const auto it = std::find(labels->strings.begin(), labels->strings.end(), label);
  REQUIRE(it != labels->strings.end());
  return static_cast<std::size_t>(it - labels->strings.begin());
}

}  // namespace

TEST_CASE("c3d treadmill RBDS001 3.5 m/s: a belt in our axes, every stance found",
          "[realdata][c3d]") {
  const auto path = rbds_path("RBDS001runT35.c3d");
  const C3dFile file = parse_c3d_file(path);
  REQUIRE(file.analog_rate_hz == kRateHz);
  REQUIRE(file.analog_channels == 6);

  // The raw vertical force, by hand: channel F1Z (volts, already × ANALOG:SCALE −1) times its
  // CAL_MATRIX gain, negated (the plate's z points down, into the floor).
  const C3dParameter* cal = file.find("FORCE_PLATFORM", "CAL_MATRIX");
  REQUIRE(cal);
  const double fz_gain = cal->numbers.at(2 * 6 + 2);
  CHECK(fz_gain == 1000.0);  // N/V
  const std::size_t samples = file.analog_samples();
  REQUIRE(samples == 9000);
  std::vector<double> raw_fz(samples);
  for (std::size_t i = 0; i < samples; ++i)
    raw_fz[i] = -fz_gain * file.analog_values[i * file.analog_channels + 2];
  const auto raw = stances(raw_fz);

  // Which foot, from the markers: the lower of heel-bottom and MT1 of each foot at onset.
  const std::size_t heel[2] = {point_index(file, "L.Heel.Bottom"),
                               point_index(file, "R.Heel.Bottom")};
  const std::size_t mt1[2] = {point_index(file, "L.MT1"), point_index(file, "R.MT1")};
  const auto height = [&](std::size_t frame, std::size_t point) {
    return file.point_values[(frame * file.points + point) * 4 + 1];  // lab Y is up
  };
  std::vector<Side> foot;
  for (const Run& r : raw) {
    const std::size_t frame = r.first / file.analog_samples_per_frame;
    const double left = std::min(height(frame, heel[0]), height(frame, mt1[0]));
    const double right = std::min(height(frame, heel[1]), height(frame, mt1[1]));
    foot.push_back(left < right ? Side::left : Side::right);
  }

  C3dReader reader(path);
  REQUIRE(reader.failure().empty());
  CHECK(reader.treadmill());
  CHECK(reader.plates() == 1);
  const StreamInfo& stream = reader.layout().streams.at(0);
  CHECK(stream.rate_hz == kRateHz);
  REQUIRE(stream.find(Quantity::force_z, Plate::belt) == 2u);
  CHECK(stream.channels[0].name == "belt_fx_n");
  CHECK_FALSE(stream.find(Quantity::force_z, Plate::floor1));
  std::printf("RBDS001runT35: %s\n", reader.frame_note().c_str());

  std::vector<float> all;
  {
    C3dReader again(path);
    SampleBlock block;
    while (again.next(block) == SourceStatus::block)
      all.insert(all.end(), block.samples.begin(), block.samples.end());
    REQUIRE(again.failure().empty());
  }
  REQUIRE(all.size() == samples * 6);
  const auto at = [&](std::size_t i, std::size_t c) { return static_cast<double>(all[i * 6 + c]); };

  SECTION("forces: a 62 kg runner's, flight near 0, the same stances as the raw channel") {
    double peak = 0.0, lowest = 0.0;
    std::vector<double> fz(samples);
    for (std::size_t i = 0; i < samples; ++i) {
      fz[i] = at(i, 2);
      peak = std::max(peak, fz[i]);
      lowest = std::min(lowest, fz[i]);
    }
    CHECK(peak > 1300.0);
    CHECK(peak < 2000.0);
    CHECK(lowest > -50.0);
    // Flight: every sample outside the stances, and their mean.
    std::vector<bool> in_stance(samples, false);
    for (const Run& r : raw) {
      for (std::size_t i = r.first; i <= r.last; ++i)
        in_stance[i] = true;
    }
    double flight_sum = 0.0, flight_max = 0.0;
    std::size_t flight = 0;
    for (std::size_t i = 0; i < samples; ++i) {
      if (in_stance[i]) continue;
      flight_sum += fz[i];
      flight_max = std::max(flight_max, std::fabs(fz[i]));
      ++flight;
    }
    const double flight_mean = flight_sum / static_cast<double>(flight);
    std::printf("RBDS001runT35: peak %.0f N, lowest %.1f N, flight mean %.1f N (%zu samples)\n",
                peak, lowest, flight_mean, flight);
    CHECK(std::fabs(flight_mean) < 15.0);
    const auto ours = stances(fz);
    REQUIRE(ours.size() == raw.size());
    for (std::size_t k = 0; k < raw.size(); ++k)
      CHECK(ours[k].first == raw[k].first);
  }

  SECTION("COP inside the plate, travelling backwards with the belt, feet apart") {
    std::size_t loaded = 0, outside = 0, backwards = 0;
    double y_sum[2] = {0, 0}, early_y_sum[2] = {0, 0};
    std::size_t y_n[2] = {0, 0};
    for (std::size_t k = 0; k < raw.size(); ++k) {
      const Run& r = raw[k];
      double y = 0.0;
      for (std::size_t i = r.first; i <= r.last; ++i) {
        ++loaded;
        if (std::fabs(at(i, 3)) > kHalfLengthM || std::fabs(at(i, 4)) > kHalfWidthM) ++outside;
        y += at(i, 4);
      }
      const std::size_t n = r.last - r.first + 1;
      if (at(r.last - n / 10, 3) < at(r.first + n / 10, 3)) ++backwards;
      const std::size_t s = foot[k] == Side::left ? 0 : 1;
      y_sum[s] += y / static_cast<double>(n);
      early_y_sum[s] += at(r.first + n / 10, 4);
      ++y_n[s];
    }
    REQUIRE(y_n[0] > 0);
    REQUIRE(y_n[1] > 0);
    const double left_y = y_sum[0] / static_cast<double>(y_n[0]);
    const double right_y = y_sum[1] / static_cast<double>(y_n[1]);
    const double early_left = early_y_sum[0] / static_cast<double>(y_n[0]);
    const double early_right = early_y_sum[1] / static_cast<double>(y_n[1]);
    std::printf(
        "RBDS001runT35: %zu loaded samples, %zu COP outside the plate; %zu/%zu stances move "
        "backwards; mean COP y left foot %+.3f m, right %+.3f m; at 10%% of stance %+.3f, "
        "%+.3f m\n",
        loaded, outside, backwards, raw.size(), left_y, right_y, early_left, early_right);
    CHECK(outside == 0);
    CHECK(backwards == raw.size());
    // y is positive to the left: the left foot's COP lies left of the right foot's.
    CHECK(left_y > right_y);
    CHECK(early_left - early_right > 0.03);
  }

  SECTION("the engine finds every stance, at the raw onsets") {
    EngineSettings settings;
    settings.runner.body_mass_kg = 62.0;
    settings.treadmill.belt_speed_m_s = 3.5;
    const auto strides = test::run_engine(reader, settings);
    std::printf("RBDS001runT35: %zu stances in the raw force, the engine finds %zu\n", raw.size(),
                strides.size());
    // The first raw stance is under way at the first sample: the engine cannot see it begin.
    CHECK(raw.front().first == 0);
    CHECK(std::abs(static_cast<long>(strides.size()) - static_cast<long>(raw.size())) <= 1);
    std::size_t matched = 0;
    double worst_ms = 0.0;
    for (const auto& s : strides) {
      CHECK(s.plate == Plate::belt);
      const auto nearest =
          std::min_element(raw.begin(), raw.end(), [&](const Run& a, const Run& b) {
            return std::fabs(a.onset_s() - s.contact_s) < std::fabs(b.onset_s() - s.contact_s);
          });
      const double off_ms = (s.contact_s - nearest->onset_s()) * 1e3;
      worst_ms = std::max(worst_ms, std::fabs(off_ms));
      // The engine times contact at 5 N, before the 50 N reference: a few samples earlier.
      if (off_ms <= 0.0 && off_ms > -20.0) ++matched;
      CHECK(s.peak_fz_n > 1000.0);
      CHECK(s.peak_fz_n < 2000.0);
    }
    std::printf(
        "RBDS001runT35: %zu of %zu contacts within 20 ms before a raw onset (worst %.1f ms)\n",
        matched, strides.size(), worst_ms);
    CHECK(matched == strides.size());
  }
}

TEST_CASE("c3d treadmill RBDS001 static: markers only, the plate's channels absent",
          "[realdata][c3d]") {
  // The standing trial keeps the FORCE_PLATFORM group but no analog data at all: the reader
  // refuses it, naming the parameter, rather than inventing forces.
  C3dReader reader(rbds_path("RBDS001static.c3d"));
  CHECK_THAT(reader.failure(),
             Catch::Contains("FORCE_PLATFORM:CHANNEL platform 1 channel 1 is 1, but the file has "
                             "0 analog channels"));
  const C3dFile file = parse_c3d_file(rbds_path("RBDS001static.c3d"));
  CHECK(file.points == 48);
  CHECK(file.frames == 150);
  CHECK(file.analog_channels == 0);
}
