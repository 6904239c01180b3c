#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "engine/emg_conditioner.hpp"
#include "engine/emg_quality.hpp"

using namespace stridecue;

namespace {

constexpr double kRateHz = 2000.0;

// Runs `seconds` of a one-channel signal through conditioner and quality in 10 ms blocks and
// returns the flags at the end.
template <class Signal>
EmgQualityFlags run(Signal&& signal, double seconds, EmgQualitySettings settings = {}) {
  EmgConditioner conditioner({}, kRateHz, 1);
  EmgQuality quality(settings, kRateHz, 1);
  std::vector<float> raw(20), filtered(20), mains(20);
  const auto frames = static_cast<std::size_t>(seconds * kRateHz);
  for (std::size_t f = 0; f < frames; f += 20) {
    for (std::size_t i = 0; i < 20; ++i)
      raw[i] = static_cast<float>(signal(static_cast<double>(f + i) / kRateHz));
    conditioner.process(raw, 20, {filtered, {}, {}, mains});
    quality.update(raw, filtered, mains, 20);
  }
  return quality.flags(0);
}

// Running-like EMG: 200 µV bursts of 0.25 s every 0.7 s on 5 µV of background noise, an
// electrode offset and 10 µV of hum; `extra` adds the fault.
struct Emg {
  std::mt19937 rng{11};
  std::normal_distribution<double> gauss{0.0, 1.0};
  double hum_v = 10e-6;
  double operator()(double t) {
    const double burst = std::fmod(t, 0.7) < 0.25 ? 200e-6 : 0.0;
    return 1e-3 + (burst + 5e-6) * gauss(rng) + hum_v * std::sin(2.0 * std::numbers::pi * 50 * t);
  }
};

}  // namespace

TEST_CASE("EMG quality: a good running signal is ok, and unknown before a full window", "[emg]") {
  EmgQuality q({}, kRateHz, 3);
  CHECK(q.flags(2) == EmgQualityFlags::unknown);
  CHECK(to_string(q.flags(2)) == "unknown");
  CHECK(run(Emg{}, 5.0) == EmgQualityFlags::none);
  CHECK(to_string(EmgQualityFlags::none) == "ok");
  CHECK(to_string(EmgQualityFlags::flat | EmgQualityFlags::mains) == "flat|mains");
}

TEST_CASE("EMG quality: flat line", "[emg]") {
  CHECK(run([](double) { return 1.5e-3; }, 3.0) == EmgQualityFlags::flat);
  CHECK(run([](double) { return 0.0; }, 3.0) == EmgQualityFlags::flat);
}

TEST_CASE("EMG quality: clipping at the amplifier's rails", "[emg]") {
  Emg emg;
  const auto clipped = [&](double t) { return std::clamp(emg(t), 1e-3 - 150e-6, 1e-3 + 150e-6); };
  CHECK(any(run(clipped, 3.0) & EmgQualityFlags::clipped));
  // Through a configured full scale: a signal pinned near ±full scale, with float jitter.
  EmgQualitySettings s;
  s.full_scale_v = 1e-3;
  Emg loud;
  const auto rails = [&](double t) { return std::clamp(20.0 * (loud(t) - 1e-3), -1e-3, 1e-3); };
  CHECK(any(run(rails, 3.0, s) & EmgQualityFlags::clipped));
}

TEST_CASE("EMG quality: excessive mains", "[emg]") {
  Emg hummy;
  hummy.hum_v = 1e-3;
  CHECK(run(hummy, 3.0) == EmgQualityFlags::mains);
  Emg mild;
  mild.hum_v = 15e-6;  // below the floor: the notches take care of it
  CHECK(run(mild, 3.0) == EmgQualityFlags::none);
}

TEST_CASE("EMG quality: lost electrode contact", "[emg]") {
  Emg drifting;
  // The offset wanders by 20 mV per second: an electrode lifting off.
  CHECK(any(run([&](double t) { return drifting(t) + 20e-3 * t; }, 3.0) &
            EmgQualityFlags::lost_contact));
  Emg huge;
  // 20 mV RMS broadband: no muscle makes that at the skin.
  CHECK(any(run([&](double t) { return 100.0 * huge(t); }, 3.0) & EmgQualityFlags::lost_contact));
}
