#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>

#include "engine/biquad.hpp"

using namespace stridecue;

namespace {
// Amplitude of the filter's steady-state output for a unit sine at `hz`, measured by running it.
double measured_gain(BiquadCascade filter, double hz, double rate_hz) {
  // RMS over the second of two seconds: sampled peaks miss the true peak between samples.
  double sum_sq = 0.0;
  const int n = static_cast<int>(rate_hz * 2.0);
  for (int i = 0; i < n; ++i) {
    const double y = filter.process(std::sin(2.0 * std::numbers::pi * hz * i / rate_hz));
    if (i >= n / 2) sum_sq += y * y;
  }
  return std::sqrt(2.0 * sum_sq / (n - n / 2));
}
}  // namespace

TEST_CASE("Butterworth low-pass is -3 dB at the cut-off and flat below", "[biquad]") {
  for (int order : {2, 4, 8}) {
    const auto lp = BiquadCascade::butterworth_lowpass(order, 50.0, 1000.0);
    CHECK(lp.size() == static_cast<std::size_t>(order / 2));
    CHECK(lp.magnitude_at(50.0, 1000.0) == Approx(1.0 / std::sqrt(2.0)).margin(1e-9));
    CHECK(lp.magnitude_at(1e-3, 1000.0) == Approx(1.0).margin(1e-9));
    CHECK(measured_gain(lp, 50.0, 1000.0) == Approx(1.0 / std::sqrt(2.0)).margin(0.01));
  }
  // Each doubling of the order halves the stop-band gain in dB terms at one octave up.
  const double g2 = BiquadCascade::butterworth_lowpass(2, 50.0, 1000.0).magnitude_at(100, 1000);
  const double g4 = BiquadCascade::butterworth_lowpass(4, 50.0, 1000.0).magnitude_at(100, 1000);
  CHECK(g4 < g2 * g2 * 1.5);
  CHECK(g2 < 0.3);
}

TEST_CASE("Butterworth high-pass blocks DC and passes high frequencies", "[biquad]") {
  const auto hp = BiquadCascade::butterworth_highpass(4, 20.0, 2000.0);
  CHECK(hp.magnitude_at(20.0, 2000.0) == Approx(1.0 / std::sqrt(2.0)).margin(1e-9));
  CHECK(hp.magnitude_at(0.5, 2000.0) < 1e-6);
  CHECK(measured_gain(hp, 300.0, 2000.0) == Approx(1.0).margin(0.01));
}

TEST_CASE("A notch removes its centre frequency and keeps its neighbours", "[biquad]") {
  BiquadCascade notch;
  REQUIRE(notch.add(BiquadCoefficients::notch(50.0, 1000.0, 10.0)));
  CHECK(notch.magnitude_at(50.0, 1000.0) < 1e-9);
  CHECK(measured_gain(notch, 50.0, 1000.0) < 0.01);
  CHECK(measured_gain(notch, 100.0, 1000.0) > 0.95);
}

TEST_CASE("settle_to starts a filter in the steady state of a constant input", "[biquad]") {
  auto lp = BiquadCascade::butterworth_lowpass(4, 10.0, 1000.0);
  lp.settle_to(800.0);
  for (int i = 0; i < 100; ++i)
    REQUIRE(lp.process(800.0) == Approx(800.0).epsilon(1e-12));
}

TEST_CASE("Filter design rejects impossible parameters", "[biquad]") {
  CHECK_THROWS_AS(BiquadCascade::butterworth_lowpass(3, 50.0, 1000.0), std::invalid_argument);
  CHECK_THROWS_AS(BiquadCascade::butterworth_lowpass(2, 600.0, 1000.0), std::invalid_argument);
  CHECK_THROWS_AS(BiquadCoefficients::notch(50.0, 0.0, 10.0), std::invalid_argument);
  BiquadCascade full = BiquadCascade::butterworth_lowpass(16, 10.0, 1000.0);
  CHECK_FALSE(full.add(BiquadCoefficients::lowpass(10.0, 1000.0, 0.7)));
}
