#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <vector>

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

TEST_CASE("process_in_place gives process()'s bits, forwards and backwards", "[biquad]") {
  // The zero-phase passes of the strike and glute stages filter blocks in place; their results
  // must not move by a bit from sample-by-sample filtering.
  std::vector<double> input(3000);
  std::uint64_t state = 2026;
  for (double& v : input) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    v = 1000.0 * std::sin(0.01 * static_cast<double>(&v - input.data())) +
        static_cast<double>(state >> 40) * 1e-3;
  }
  for (const bool backwards : {false, true}) {
    auto by_sample = BiquadCascade::butterworth_lowpass(6, 40.0, 2000.0);
    by_sample.settle_to(input.front());
    auto by_block = by_sample;
    std::vector<double> expected = input;
    if (backwards) {
      for (std::size_t i = expected.size(); i-- > 0;)
        expected[i] = by_sample.process(expected[i]);
    } else {
      for (double& v : expected)
        v = by_sample.process(v);
    }
    std::vector<double> got = input;
    by_block.process_in_place(got.data(), got.size(), backwards);
    INFO("backwards " << backwards);
    REQUIRE(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)) == 0);
    // And the state carries on as after process(): the next sample agrees too.
    const double next_expected = by_sample.process(5.0);
    const double next_got = by_block.process(5.0);
    CHECK(std::memcmp(&next_got, &next_expected, sizeof(double)) == 0);
  }
}
