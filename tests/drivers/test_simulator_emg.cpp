// The simulator's gluteus medius EMG: bursts around contact, scaled by the fatigue ramp.
#include <catch2/catch.hpp>

#include <cmath>

#include "simulator_recording.hpp"

using namespace stridecue;
using stridecue::test::record;
using stridecue::test::SimulatorRecording;

namespace {

double rms_v(const SimulatorRecording& r, std::size_t side, double from_s, double to_s) {
  const auto first = static_cast<std::size_t>(std::ceil(from_s * r.emg_rate_hz));
  const auto end = std::min(r.emg_frames(), static_cast<std::size_t>(to_s * r.emg_rate_hz));
  double sum_sq = 0.0;
  for (std::size_t f = first; f < end; ++f)
    sum_sq += double{r.emg_at(f, side)} * r.emg_at(f, side);
  return end > first ? std::sqrt(sum_sq / static_cast<double>(end - first)) : 0.0;
}

std::size_t side_index(Side s) {
  return s == Side::left ? 0 : 1;
}

}  // namespace

TEST_CASE("simulator: EMG bursts sit around each contact", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 30.0;
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  for (const TruthStride& s : sim.truth()) {
    if (s.emg_offset_s > config.duration_s || s.contact_s < 1.0) continue;
    const std::size_t side = side_index(s.side);
    const double burst = rms_v(r, side, s.emg_onset_s, s.emg_offset_s);
    // From this foot's toe-off to 30 ms before its next onset (~0.45 s later) it is quiet.
    const double quiet = rms_v(r, side, s.toe_off_s + 0.05, s.toe_off_s + 0.25);
    CHECK(burst > 50e-6);
    CHECK(quiet < 15e-6);  // background 5 µV plus 10 µV hum (≈ 7.5 µV RMS)
  }
}

TEST_CASE("simulator: EMG burst RMS falls with the fatigue ratio", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 300.0;
  config.fatigue_onset_s = 60.0;
  config.fatigue_ramp_s = 120.0;
  config.fatigue_final_ratio = 0.7;
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  double early = 0.0, late = 0.0;
  int n_early = 0, n_late = 0;
  for (const TruthStride& s : sim.truth()) {
    if (s.emg_offset_s > config.duration_s) continue;
    const double rms = rms_v(r, side_index(s.side), s.emg_onset_s, s.emg_offset_s);
    if (s.contact_s < 55.0) {
      CHECK(s.activation_ratio == 1.0);
      early += rms;
      ++n_early;
    } else if (s.contact_s > 185.0) {
      CHECK(s.activation_ratio == Approx(0.7));
      late += rms;
      ++n_late;
    }
  }
  REQUIRE(n_early > 100);
  REQUIRE(n_late > 250);
  CHECK((late / n_late) / (early / n_early) == Approx(0.7).epsilon(0.10));
}

TEST_CASE("simulator: clean EMG is silent between bursts", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 10.0;
  config.clean = true;
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  for (const TruthStride& s : sim.truth()) {
    CHECK(rms_v(r, side_index(s.side), s.toe_off_s, s.toe_off_s + 0.2) == 0.0);
  }
}
