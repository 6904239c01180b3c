#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "engine/biquad.hpp"
#include "engine/emg_conditioner.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;

namespace {

// Steady-state amplitude of the band-passed output for a unit sine at `hz` on every channel,
// measured by running the conditioner (RMS over the last second of two, × √2).
double measured_gain(double hz, double rate_hz, std::size_t channels = 3) {
  EmgConditioner c({}, rate_hz, channels);
  const auto frames = static_cast<std::size_t>(2.0 * rate_hz);
  std::vector<float> in(frames * channels), filtered(in.size());
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t ch = 0; ch < channels; ++ch) {
      in[f * channels + ch] = static_cast<float>(
          std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(f) / rate_hz));
    }
  }
  c.process(in, frames, {filtered, {}, {}, {}});
  double sum_sq = 0.0;
  for (std::size_t f = frames / 2; f < frames; ++f)
    sum_sq += filtered[f * channels + channels - 1] * filtered[f * channels + channels - 1];
  return std::sqrt(2.0 * sum_sq / static_cast<double>(frames - frames / 2));
}

// EMG-like input on every channel: noise bursts at stride rhythm, a per-channel electrode
// offset and mains hum at `mains_hz` with its 3rd harmonic.
std::vector<float> emg_like(std::size_t frames, std::size_t channels, double rate_hz,
                            double mains_hz = 50.0) {
  std::vector<float> in(frames * channels);
  std::mt19937 rng(11);
  std::normal_distribution<double> gauss(0.0, 1.0);
  for (std::size_t f = 0; f < frames; ++f) {
    const double t = static_cast<double>(f) / rate_hz;
    const double burst = std::fmod(t, 0.7) < 0.25 ? 2e-4 : 5e-6;
    const double hum = 2e-5 * std::sin(2.0 * std::numbers::pi * mains_hz * t) +
                       7e-6 * std::sin(2.0 * std::numbers::pi * 3.0 * mains_hz * t);
    for (std::size_t ch = 0; ch < channels; ++ch) {
      in[f * channels + ch] =
          static_cast<float>(1e-3 * static_cast<double>(ch + 1) + burst * gauss(rng) + hum);
    }
  }
  return in;
}

// All four outputs of a run, frames × channels each.
struct Outputs {
  std::vector<float> filtered, envelope, rms, mains;
  explicit Outputs(std::size_t n) : filtered(n), envelope(n), rms(n), mains(n) {}
};

// Feeds frames [first, last) of `in` in 10 ms blocks (20 frames at 2 kHz) into `out` at the
// same place.
void run(EmgConditioner& c, const std::vector<float>& in, std::size_t first, std::size_t last,
         Outputs& out) {
  const std::size_t C = c.channels();
  for (std::size_t f = first; f < last;) {
    const std::size_t n = std::min<std::size_t>(20, last - f);
    const auto at = [&](std::vector<float>& v) {
      return std::span<float>(v).subspan(f * C, n * C);
    };
    c.process(std::span<const float>(in).subspan(f * C, n * C), n,
              {at(out.filtered), at(out.envelope), at(out.rms), at(out.mains)});
    f += n;
  }
}

// Whether frames [first, last) of two runs are the same, bit for bit, in every output.
bool same_frames(const Outputs& a, const Outputs& b, std::size_t first, std::size_t last,
                 std::size_t channels) {
  const auto same = [&](const std::vector<float>& x, const std::vector<float>& y) {
    return std::equal(x.begin() + static_cast<std::ptrdiff_t>(first * channels),
                      x.begin() + static_cast<std::ptrdiff_t>(last * channels),
                      y.begin() + static_cast<std::ptrdiff_t>(first * channels));
  };
  return same(a.filtered, b.filtered) && same(a.envelope, b.envelope) && same(a.rms, b.rms) &&
         same(a.mains, b.mains);
}

}  // namespace

TEST_CASE("EMG chain: notches kill the mains and its harmonics", "[emg]") {
  for (const double rate_hz : {1000.0, 2000.0, 4000.0}) {
    CAPTURE(rate_hz);
    EmgConditioner c({}, rate_hz, 2);
    CHECK(c.notch_count() == 3);
    for (const double hz : {50.0, 100.0, 150.0}) {
      CHECK(c.bandpass_magnitude_at(hz) < 1e-3);
      CHECK(measured_gain(hz, rate_hz) < 0.01);
    }
    // 10 % away from a notch, the pass band is back.
    CHECK(c.bandpass_magnitude_at(80.0) > 0.9);
  }
  EmgSettings us;
  us.mains_hz = 60.0;
  EmgConditioner c60(us, 2000.0, 1);
  CHECK(c60.bandpass_magnitude_at(60.0) < 1e-3);
  CHECK(c60.bandpass_magnitude_at(180.0) < 1e-3);
  CHECK(c60.bandpass_magnitude_at(150.0) > 0.9);
}

TEST_CASE("EMG chain: band-pass is -3 dB near 20 and 450 Hz", "[emg]") {
  for (const double rate_hz : {2000.0, 4000.0}) {
    CAPTURE(rate_hz);
    EmgConditioner c({}, rate_hz, 1);
    // The notches shave a little off the edges: within 0.5 dB of -3 dB.
    CHECK(c.bandpass_magnitude_at(20.0) == Approx(1.0 / std::sqrt(2.0)).epsilon(0.06));
    CHECK(c.bandpass_magnitude_at(450.0) == Approx(1.0 / std::sqrt(2.0)).epsilon(0.06));
    CHECK(c.bandpass_magnitude_at(5.0) < 0.01);
    CHECK(c.bandpass_magnitude_at(250.0) == Approx(1.0).epsilon(0.01));
    CHECK(measured_gain(250.0, rate_hz) == Approx(1.0).epsilon(0.02));
    CHECK(measured_gain(20.0, rate_hz) == Approx(1.0 / std::sqrt(2.0)).epsilon(0.08));
  }
  // At 1 kHz the top is capped at 0.45 × rate = 450 Hz; below 1 kHz it is capped lower.
  EmgConditioner slow({}, 800.0, 1);
  CHECK(slow.bandpass_high_hz() == Approx(360.0));
  EmgSettings bad;
  bad.envelope_cutoff_hz = 30.0;
  CHECK(bad.problem() != nullptr);
  CHECK_THROWS_AS(EmgConditioner(bad, 2000.0, 1), std::invalid_argument);
}

TEST_CASE("EMG chain: envelope of a noise burst is its mean rectified value", "[emg]") {
  const double rate_hz = 2000.0;
  const std::size_t channels = 17;  // more than two lane blocks, not a multiple of one
  EmgConditioner c({}, rate_hz, channels);
  std::mt19937 rng(7);
  std::normal_distribution<double> gauss(0.0, 1.0);
  const auto frames = static_cast<std::size_t>(4.0 * rate_hz);
  std::vector<float> in(frames * channels), filtered(in.size()), envelope(in.size()),
      rms(in.size()), mains(in.size());
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t ch = 0; ch < channels; ++ch) {
      // An electrode offset, 200 µV of noise scaled per channel, and hum.
      const double t = static_cast<double>(f) / rate_hz;
      in[f * channels + ch] =
          static_cast<float>(2e-3 + 200e-6 * (1.0 + 0.1 * static_cast<double>(ch)) * gauss(rng) +
                             30e-6 * std::sin(2.0 * std::numbers::pi * 50.0 * t));
    }
  }
  // Fed in 10 ms blocks, as from a device.
  for (std::size_t f = 0; f < frames; f += 20) {
    const std::size_t o = f * channels, n = 20 * channels;
    c.process(std::span<const float>(in).subspan(o, n), 20,
              {std::span<float>(filtered).subspan(o, n), std::span<float>(envelope).subspan(o, n),
               std::span<float>(rms).subspan(o, n), std::span<float>(mains).subspan(o, n)});
  }
  for (std::size_t ch = 0; ch < channels; ++ch) {
    CAPTURE(ch);
    double mean_abs = 0.0, mean_env = 0.0, sum_sq = 0.0, mean_rms = 0.0;
    std::size_t n = 0;
    for (std::size_t f = frames / 2; f < frames; ++f, ++n) {
      const float y = filtered[f * channels + ch];
      mean_abs += std::abs(y);
      sum_sq += static_cast<double>(y) * y;
      mean_env += envelope[f * channels + ch];
      mean_rms += rms[f * channels + ch];
    }
    const double nn = static_cast<double>(n);
    CHECK(mean_env / nn == Approx(mean_abs / nn).epsilon(0.01));
    CHECK(mean_rms / nn == Approx(std::sqrt(sum_sq / nn)).epsilon(0.02));
    // Gaussian noise: mean |x| = σ·√(2/π); the band keeps 430 of 1000 Hz of white noise.
    const double sigma = 200e-6 * (1.0 + 0.1 * static_cast<double>(ch)) * std::sqrt(0.43);
    CHECK(mean_abs / nn == Approx(sigma * std::sqrt(2.0 / std::numbers::pi)).epsilon(0.05));
  }
  // The mains output holds the hum (30 µV amplitude: 21.2 µV RMS) plus the noise inside the
  // notches: each removes an equivalent noise band of π/2 × its -3 dB width (50/30, 100/30,
  // 150/30 Hz), 1.6 % of the 1 kHz of white noise: 200 µV × √0.0157 = 25 µV RMS.
  double hum_sq = 0.0;
  for (std::size_t f = frames / 2; f < frames; ++f)
    hum_sq += mains[f * channels] * mains[f * channels];
  CHECK(std::sqrt(hum_sq / static_cast<double>(frames / 2)) ==
        Approx(std::hypot(21.2e-6, 25.1e-6)).epsilon(0.1));
}

TEST_CASE("EMG chain: float band-pass and double envelope match a double reference", "[emg]") {
  // The precision choice of docs/emg.md: within 1e-4 relative RMS of an all-double chain.
  for (const double rate_hz : {1000.0, 2000.0, 4000.0}) {
    CAPTURE(rate_hz);
    EmgConditioner c({}, rate_hz, 1);
    BiquadCascade bandpass = BiquadCascade::butterworth_highpass(4, 20.0, rate_hz);
    for (const double hz : {50.0, 100.0, 150.0})
      bandpass.add(BiquadCoefficients::notch(hz, rate_hz, 30.0));
    const BiquadCascade top = BiquadCascade::butterworth_lowpass(4, 450.0, rate_hz);
    BiquadCascade envelope_lp = BiquadCascade::butterworth_lowpass(2, 6.0, rate_hz);

    const auto frames = static_cast<std::size_t>(10.0 * rate_hz);
    std::mt19937 rng(3);
    std::normal_distribution<double> gauss(0.0, 1.0);
    std::vector<float> in(frames), filtered(frames), envelope(frames);
    for (std::size_t f = 0; f < frames; ++f) {
      const double t = static_cast<double>(f) / rate_hz;
      const double burst = std::fmod(t, 0.7) < 0.25 ? 1.0 : 0.03;
      in[f] = static_cast<float>(1e-3 + 2e-4 * burst * gauss(rng) +
                                 10e-6 * std::sin(2.0 * std::numbers::pi * 50.0 * t));
    }
    c.process(in, frames, {filtered, envelope, {}, {}});
    BiquadCascade top_run = top;
    bandpass.settle_to(in[0]);  // as the conditioner does: the high-pass at rest on the offset
    double err_f = 0.0, ref_f = 0.0, err_e = 0.0, ref_e = 0.0;
    for (std::size_t f = 0; f < frames; ++f) {
      const double y = top_run.process(bandpass.process(in[f]));
      const double e = envelope_lp.process(std::abs(y));
      if (f < static_cast<std::size_t>(rate_hz)) continue;
      err_f += (filtered[f] - y) * (filtered[f] - y);
      ref_f += y * y;
      err_e += (envelope[f] - e) * (envelope[f] - e);
      ref_e += e * e;
    }
    CHECK(std::sqrt(err_f / ref_f) < 1e-4);
    CHECK(std::sqrt(err_e / ref_e) < 1e-4);
  }
}

TEST_CASE("EMG chain: the same samples in any block sizes give the same output", "[emg]") {
  const std::size_t channels = 2, frames = 3000;
  std::vector<float> in(frames * channels);
  std::mt19937 rng(5);
  std::normal_distribution<float> gauss(0.0f, 1e-4f);
  for (auto& v : in)
    v = gauss(rng);
  std::vector<float> a(in.size()), b(in.size());
  EmgConditioner whole({}, 2000.0, channels, 256);
  whole.process(in, frames, {{}, a, {}, {}});
  EmgConditioner pieces({}, 2000.0, channels, 256);
  for (std::size_t f = 0; f < frames;) {
    const std::size_t n = std::min<std::size_t>(frames - f, 1 + f % 37);
    pieces.process(std::span<const float>(in).subspan(f * channels, n * channels), n,
                   {{}, std::span<float>(b).subspan(f * channels, n * channels), {}, {}});
    f += n;
  }
  CHECK(a == b);
}

TEST_CASE("EMG chain: after apply() the output is that of a conditioner started at the change",
          "[emg][live]") {
  const double rate_hz = 2000.0;
  const std::size_t channels = 11, frames = 12000;  // 6 s
  const std::vector<float> in = emg_like(frames, channels, rate_hz);
  // A longer chain (order 8, 8 harmonics where they fit, 4th-order envelope), then a shorter
  // one: the sections, the notch count and the RMS ring all change size.
  EmgSettings longer;
  longer.mains_hz = 60.0;
  longer.mains_harmonics = 8;
  longer.bandpass_order = 8;
  longer.envelope_order = 4;
  longer.envelope_cutoff_hz = 10.0;
  longer.rms_window_s = 0.2;
  EmgSettings shorter;
  shorter.mains_harmonics = 1;
  shorter.notch_q = 10.0;
  shorter.bandpass_order = 2;
  shorter.bandpass_low_hz = 30.0;
  shorter.bandpass_high_hz = 300.0;
  shorter.rms_window_s = 0.025;
  const std::size_t first_change = 4000, second_change = 8020;

  EmgConditioner live({}, rate_hz, channels);
  Outputs out(in.size());
  run(live, in, 0, first_change, out);
  REQUIRE(live.apply(longer));
  CHECK(live.settings() == longer);
  CHECK(live.notch_count() == 7);  // 420 Hz is the last multiple of 60 below 450 Hz
  run(live, in, first_change, second_change, out);
  REQUIRE(live.apply(shorter));
  CHECK(live.notch_count() == 1);
  CHECK(live.bandpass_high_hz() == 300.0);
  run(live, in, second_change, frames, out);

  EmgConditioner fresh_longer(longer, rate_hz, channels);
  Outputs ref(in.size());
  run(fresh_longer, in, first_change, second_change, ref);
  EmgConditioner fresh_shorter(shorter, rate_hz, channels);
  run(fresh_shorter, in, second_change, frames, ref);
  CHECK(same_frames(out, ref, first_change, frames, channels));

  // And the change did something: the longer chain's output differs from the default one's.
  EmgConditioner unchanged({}, rate_hz, channels);
  Outputs old(in.size());
  run(unchanged, in, 0, second_change, old);
  CHECK_FALSE(same_frames(out, old, first_change, second_change, channels));
}

TEST_CASE("EMG chain: a live change of mains from 50 to 60 Hz moves the notches", "[emg][live]") {
  const double rate_hz = 2000.0;
  EmgConditioner c({}, rate_hz, 2);
  CHECK(c.bandpass_magnitude_at(50.0) < 1e-3);
  CHECK(c.bandpass_magnitude_at(150.0) < 1e-3);
  CHECK(c.bandpass_magnitude_at(60.0) > 0.9);
  CHECK(c.bandpass_magnitude_at(180.0) > 0.9);

  EmgSettings us;
  us.mains_hz = 60.0;
  REQUIRE(c.apply(us));
  CHECK(c.notch_count() == 3);
  for (const double hz : {60.0, 120.0, 180.0})
    CHECK(c.bandpass_magnitude_at(hz) < 1e-3);
  for (const double hz : {50.0, 100.0, 150.0})
    CHECK(c.bandpass_magnitude_at(hz) > 0.9);

  // Measured: 60 Hz hum passes before the change and is gone after it (2 s each, the last
  // second's RMS against the hum's).
  const auto frames = static_cast<std::size_t>(4.0 * rate_hz);
  std::vector<float> in(frames * 2), filtered(in.size());
  for (std::size_t f = 0; f < frames; ++f) {
    in[2 * f] = in[2 * f + 1] = static_cast<float>(
        std::sin(2.0 * std::numbers::pi * 60.0 * static_cast<double>(f) / rate_hz));
  }
  const auto rms_of = [&](std::size_t first, std::size_t last) {
    double sum_sq = 0.0;
    for (std::size_t f = first; f < last; ++f)
      sum_sq += filtered[2 * f + 1] * filtered[2 * f + 1];
    return std::sqrt(sum_sq / static_cast<double>(last - first));
  };
  EmgConditioner europe({}, rate_hz, 2);
  const std::size_t half = frames / 2;
  europe.process(std::span<const float>(in).first(half * 2), half, {filtered, {}, {}, {}});
  REQUIRE(europe.apply(us));
  europe.process(std::span<const float>(in).subspan(half * 2), half,
                 {std::span<float>(filtered).subspan(half * 2), {}, {}, {}});
  const double hum_rms = 1.0 / std::sqrt(2.0);
  CHECK(rms_of(half / 2, half) > 0.9 * hum_rms);
  CHECK(rms_of(half + half / 2, frames) < 0.01 * hum_rms);
}

TEST_CASE("EMG chain: apply() and process() allocate nothing", "[emg][live][alloc]") {
  EmgSettings largest;  // the longest chain and RMS ring the settings allow
  largest.mains_hz = 50.0;
  largest.mains_harmonics = EmgSettings::kMaxHarmonics;
  largest.bandpass_order = EmgSettings::kMaxBandpassOrder;
  largest.envelope_order = EmgSettings::kMaxEnvelopeOrder;
  largest.rms_window_s = EmgSettings::kMaxRmsWindowS;
  EmgSettings us;
  us.mains_hz = 60.0;
  for (const double rate_hz : {1000.0, 4000.0}) {
    CAPTURE(rate_hz);
    const std::size_t channels = 9, frames = static_cast<std::size_t>(3.0 * rate_hz);
    const std::vector<float> in = emg_like(frames, channels, rate_hz);
    Outputs out(in.size());
    EmgConditioner c({}, rate_hz, channels);
    run(c, in, 0, 100, out);
    test::start_counting_allocations();
    const bool applied = c.apply(largest);
    run(c, in, 100, frames / 2, out);
    const bool back = c.apply(us);
    run(c, in, frames / 2, frames, out);
    const long allocations = test::stop_counting_allocations();
    CHECK(applied);
    CHECK(back);
    CHECK(allocations == 0);
    // 8 harmonics of 50 Hz below the top (450 Hz at 1 kHz): 50 … 400 Hz.
    CHECK(EmgConditioner(largest, rate_hz, 1).notch_count() == 8);
  }
}

TEST_CASE("EMG chain: an unusable or equal setting changes nothing", "[emg][live]") {
  const double rate_hz = 1000.0;
  const std::size_t channels = 3, frames = 6000;
  const std::vector<float> in = emg_like(frames, channels, rate_hz);
  EmgConditioner live({}, rate_hz, channels);
  EmgConditioner untouched({}, rate_hz, channels);
  Outputs out(in.size()), ref(in.size());
  run(live, in, 0, 2000, out);

  // Fine on its own, not at 1 kHz: the top is capped at 450 Hz, under the bottom.
  EmgSettings above_cap;
  above_cap.bandpass_low_hz = 460.0;
  above_cap.bandpass_high_hz = 480.0;
  REQUIRE(above_cap.problem() == nullptr);
  REQUIRE(above_cap.problem_at(rate_hz) != nullptr);
  CHECK_FALSE(live.apply(above_cap));
  EmgSettings odd_order;
  odd_order.bandpass_order = 5;
  CHECK_FALSE(live.apply(odd_order));
  EmgSettings too_many;
  too_many.mains_harmonics = EmgSettings::kMaxHarmonics + 1;
  CHECK_FALSE(live.apply(too_many));
  CHECK(live.settings() == EmgSettings{});
  CHECK(live.notch_count() == 3);
  run(live, in, 2000, 4000, out);
  // Equal settings: not even a restart (that would settle the filters again).
  CHECK(live.apply(EmgSettings{}));
  run(live, in, 4000, frames, out);

  run(untouched, in, 0, frames, ref);
  CHECK(same_frames(out, ref, 0, frames, channels));
}
