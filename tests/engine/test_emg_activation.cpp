#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "engine/glute_activation.hpp"

using namespace stridecue;

TEST_CASE("EMG activation: median frequency of a pure sine is its frequency", "[emg]") {
  for (const double rate_hz : {1000.0, 2000.0, 4000.0}) {
    GluteActivationAnalyzer a({}, rate_hz);
    for (const double hz : {60.0, 120.0, 250.0}) {
      CAPTURE(rate_hz, hz);
      std::vector<float> x(static_cast<std::size_t>(0.2 * rate_hz));  // a 200 ms burst
      for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = static_cast<float>(
            std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / rate_hz + 0.3));
      const auto mdf = a.median_frequency(x);
      REQUIRE(mdf);
      CHECK(*mdf == Approx(hz).margin(1.5));
    }
  }
  GluteActivationAnalyzer a({}, 2000.0);
  std::vector<float> silent(400, 0.0f);
  CHECK_FALSE(a.median_frequency(silent));
  CHECK_FALSE(a.median_frequency(std::span<const float>(silent).first(10)));
}

TEST_CASE("EMG activation: white noise has its median frequency mid-band", "[emg]") {
  GluteActivationAnalyzer a({}, 2000.0);
  std::mt19937 rng(2);
  std::normal_distribution<float> gauss(0.0f, 1.0f);
  std::vector<float> x(1000);
  double sum = 0.0;
  for (int k = 0; k < 20; ++k) {
    for (auto& v : x)
      v = gauss(rng);
    sum += *a.median_frequency(x);
  }
  CHECK(sum / 20.0 == Approx(500.0).epsilon(0.05));
}

TEST_CASE("EMG history: keeps the newest samples and clears on a gap", "[emg]") {
  EmgHistory h(1000.0, 0.1);  // 101 samples
  std::vector<float> block(2 * 30);
  double t = 5.0;
  for (int b = 0; b < 5; ++b) {
    for (std::size_t i = 0; i < 30; ++i) {
      block[2 * i] = -1.0f;
      block[2 * i + 1] = static_cast<float>(b * 30 + static_cast<int>(i));
    }
    h.append(t, block, 2, 1, 30);
    t += 0.030;
  }
  CHECK(h.size() == h.capacity());
  CHECK(h.at(h.size() - 1) == 149.0f);
  CHECK(h.at(0) == 49.0f);
  CHECK(h.newest_time_s() == Approx(5.149));
  CHECK(h.oldest_time_s() == Approx(5.049));
  // copy_to() gives at()'s samples for every stretch, across the ring's wrap too.
  std::vector<float> copied(h.size());
  for (std::size_t first = 0; first < h.size(); ++first) {
    for (std::size_t n = 0; first + n <= h.size(); n += 7) {
      std::fill(copied.begin(), copied.end(), 0.0f);
      h.copy_to(first, n, copied.data());
      for (std::size_t i = 0; i < n; ++i)
        REQUIRE(copied[i] == h.at(first + i));
    }
  }
  h.append(t + 0.5, block, 2, 1, 30);  // half a second missing
  CHECK(h.size() == 30);
  CHECK(h.oldest_time_s() == Approx(t + 0.5));
}

TEST_CASE("EMG activation: a synthetic burst around contact", "[emg]") {
  // A 150 Hz burst with a raised-cosine envelope from 120 ms before contact to 90 ms after,
  // peak at contact, on 5 µV background, at 2 kHz: onset and offset found where the burst
  // rises out of the background, the MDF of the carrier.
  const double rate_hz = 2000.0, contact_s = 10.0;
  const double onset_s = contact_s - 0.120, offset_s = contact_s + 0.090;
  EmgHistory h(rate_hz);
  GluteActivationAnalyzer a({}, rate_hz);
  std::mt19937 rng(9);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<float> block(20);
  for (double t0 = 8.0; t0 < contact_s + a.ready_delay_s(); t0 += 0.010) {
    for (std::size_t i = 0; i < 20; ++i) {
      const double t = t0 + static_cast<double>(i) / rate_hz;
      double env = 0.0;
      if (t > onset_s && t < contact_s)
        env = 0.5 * (1 - std::cos(std::numbers::pi * (t - onset_s) / 0.120));
      if (t >= contact_s && t < offset_s)
        env = 0.5 * (1 + std::cos(std::numbers::pi * (t - contact_s) / 0.090));
      // A 150 Hz sine carrier, so that the burst's MDF is known.
      block[i] = static_cast<float>(200e-6 * env * std::sin(2.0 * std::numbers::pi * 150.0 * t) +
                                    5e-6 * gauss(rng));
    }
    CHECK_FALSE(a.analyze(h, contact_s).mean_envelope_v);  // not ready yet
    h.append(t0, block, 1, 0, 20);
  }
  const GluteActivation r = a.analyze(h, contact_s);
  REQUIRE(r.mean_envelope_v);
  REQUIRE(r.onset_s);
  REQUIRE(r.offset_s);
  REQUIRE(r.mdf_hz);
  CHECK(*r.onset_s == Approx(-0.120).margin(0.015));
  CHECK(*r.offset_s == Approx(0.090).margin(0.030));
  CHECK(*r.duration_s == Approx(*r.offset_s - *r.onset_s));
  CHECK(*r.iemg_v_s == Approx(*r.mean_envelope_v * 0.250).epsilon(0.01));
  CHECK(*r.mdf_hz == Approx(150.0).margin(20.0));
  CHECK(r.threshold_v > r.rest_v);
}

TEST_CASE("EMG activation: a resting level that wanders does not move the burst's edges", "[emg]") {
  // Walking at 1.1 s per stride, 2 kHz: gaussian noise whose level wanders as on the
  // Rajagopal GMED (docs/emg.md, section 7): 1 × in early swing, 1.3 × in late swing, and a
  // 2 × bump for 150 ms after each burst; the burst itself is 8 × rest from contact to
  // +200 ms, switched on and off at once. The threshold must clear the bump and the wander,
  // so that the burst found is the one that is there.
  const double rate_hz = 2000.0, stride_s = 1.1, contact_s = 5.5, noise_v = 5e-6;
  const auto level = [&](double t) {
    const double phase = std::fmod(t, stride_s);  // contacts at multiples of 1.1 s
    if (phase < 0.200) return 8.0;
    if (phase >= 0.250 && phase < 0.400) return 2.0;
    return phase < 0.750 ? 1.0 : 1.3;
  };
  GluteActivationSettings settings;
  settings.offset_search_s = 0.5;
  EmgHistory h(rate_hz, 3.0);
  GluteActivationAnalyzer a(settings, rate_hz, 3.0);
  std::mt19937 rng(12);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<float> block(20);
  for (double t0 = 2.0; t0 < contact_s + a.ready_delay_s() + 0.01; t0 += 0.010) {
    for (std::size_t i = 0; i < 20; ++i) {
      const double t = t0 + static_cast<double>(i) / rate_hz;
      block[i] = static_cast<float>(noise_v * level(t) * gauss(rng));
    }
    h.append(t0, block, 1, 0, 20);
  }
  const GluteActivation r = a.analyze(h, contact_s);
  REQUIRE(r.onset_s);
  REQUIRE(r.offset_s);
  // The zero-phase 6 Hz envelope spreads a step over some ±40 ms, so a threshold at ~2 × rest
  // on a step to 8 × crosses ~30 ms before it; the burst ends before the bump (at +250 ms).
  CHECK(*r.onset_s > -0.040);
  CHECK(*r.onset_s < 0.0);
  CHECK(*r.offset_s > 0.200);
  CHECK(*r.offset_s < 0.250);
  // For contrast, the 5 % rise floor alone (~1.3 × rest, where the smooth envelope's sd put the
  // old threshold): the burst starts ~55 ms early and runs on through the bump.
  settings.threshold_sd = 0.0;
  REQUIRE(a.apply(settings));
  const GluteActivation f = a.analyze(h, contact_s);
  REQUIRE(f.onset_s);
  REQUIRE(f.offset_s);
  CHECK(*f.onset_s < -0.045);
  CHECK(*f.offset_s > 0.400);
  // Rest from several quiet pieces: between the 1 × and the 1.3 × level (rectified gaussian
  // noise has a mean of 0.8 sd), and the threshold above the 2 × bump's envelope.
  CHECK(r.rest_v > 0.8 * noise_v * 0.9);
  CHECK(r.rest_v < 0.8 * noise_v * 1.3);
  CHECK(r.threshold_v > 0.8 * noise_v * 2.0);
}

TEST_CASE("EMG activation: no burst in background noise, and not before the history", "[emg]") {
  const double rate_hz = 1000.0;
  EmgHistory h(rate_hz);
  GluteActivationAnalyzer a({}, rate_hz);
  std::mt19937 rng(4);
  std::normal_distribution<float> gauss(0.0f, 5e-6f);
  std::vector<float> block(10);
  for (double t0 = 0.0; t0 < 3.0; t0 += 0.010) {
    for (auto& v : block)
      v = gauss(rng);
    h.append(t0, block, 1, 0, 10);
  }
  const GluteActivation r = a.analyze(h, 2.5);
  REQUIRE(r.mean_envelope_v);
  CHECK_FALSE(r.duration_s);
  CHECK_FALSE(a.analyze(h, 0.5).mean_envelope_v);  // the window starts before the history
  GluteActivationSettings s;
  s.lookback_s = 2.9;
  CHECK_FALSE(a.apply(s));  // more than the buffers hold
  s.threshold_sd = -1.0;
  CHECK(s.problem() != nullptr);
  s = {};
  s.rest_fraction = 0.0;
  CHECK(s.problem() != nullptr);
  s.rest_fraction = 1.5;
  CHECK(s.problem() != nullptr);
}
