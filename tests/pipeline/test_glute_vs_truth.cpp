// The gluteus medius building blocks (conditioner, quality, history, activation, baseline)
// against the simulator's ground truth, anchored on the truth contacts of each side (the
// engine's own contacts come when GaitEngine integrates them).
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <optional>
#include <vector>

#include "engine/emg_conditioner.hpp"
#include "engine/emg_quality.hpp"
#include "engine/glute_activation.hpp"
#include "engine/glute_baseline.hpp"
#include "simulator/runner_simulator.hpp"

using namespace stridecue;

namespace {

struct Stride {
  TruthStride truth;
  GluteActivation activation;
  GluteStrideRatio rated;
  EmgQualityFlags quality = EmgQualityFlags::none;
};

struct Run {
  std::vector<Stride> strides;
  std::array<EmgQualityFlags, 2> final_quality{};
};

// Drives the simulator's EMG stream through the chain. `tamper` may change the raw samples of
// a block (frames × 2, left then right) before they are processed.
Run run_chain(const SimulatorConfig& config,
              const std::function<void(std::span<float>, double)>& tamper = {}) {
  RunnerSimulator sim(config);
  const StreamInfo& stream = sim.layout().streams[1];
  REQUIRE(stream.name == "emg");
  const double rate_hz = stream.rate_hz;
  const std::size_t channels = stream.channels.size();
  std::array<std::size_t, 2> column{};
  for (std::size_t c = 0; c < channels; ++c) {
    if (stream.channels[c].muscle == "gmed" && stream.channels[c].side) {
      column[*stream.channels[c].side == Side::left ? 0 : 1] = c;
    }
  }
  EmgConditioner conditioner({}, rate_hz, channels);
  EmgQuality quality({}, rate_hz, channels);
  std::array<EmgHistory, 2> history{EmgHistory(rate_hz), EmgHistory(rate_hz)};
  std::array<GluteActivationAnalyzer, 2> analyzer{GluteActivationAnalyzer({}, rate_hz),
                                                  GluteActivationAnalyzer({}, rate_hz)};
  std::array<GluteBaseline, 2> baseline{};
  std::array<std::vector<TruthStride>, 2> pending;
  for (const TruthStride& t : sim.truth())
    pending[t.side == Side::left ? 0 : 1].push_back(t);
  std::array<std::size_t, 2> next{};

  std::vector<float> raw, filtered, mains;
  Run run;
  SampleBlock block;
  while (sim.next(block) == SourceStatus::block) {
    if (block.stream != 1) continue;
    const std::size_t n = block.frames * channels;
    raw.assign(block.samples.begin(), block.samples.begin() + static_cast<std::ptrdiff_t>(n));
    filtered.resize(n);
    mains.resize(n);
    const double t0 = static_cast<double>(block.first_sample) / rate_hz;
    if (tamper) tamper(raw, t0);
    conditioner.process(raw, block.frames, {filtered, {}, {}, mains});
    quality.update(raw, filtered, mains, block.frames);
    for (std::size_t side = 0; side < 2; ++side) {
      history[side].append(t0, filtered, channels, column[side], block.frames);
      auto& queue = pending[side];
      while (next[side] < queue.size() &&
             history[side].newest_time_s() >=
                 queue[next[side]].contact_s + analyzer[side].ready_delay_s()) {
        Stride s;
        s.truth = queue[next[side]++];
        s.activation = analyzer[side].analyze(history[side], s.truth.contact_s);
        s.quality = quality.flags(column[side]);
        // Bad or unknown signal: the stride is not rated (flagged, never silently used).
        std::optional<double> activation = s.activation.mean_envelope_v;
        if (any(s.quality)) activation.reset();
        s.rated = baseline[side].add_stride(activation, s.truth.contact_s);
        run.strides.push_back(s);
      }
    }
  }
  for (std::size_t side = 0; side < 2; ++side)
    run.final_quality[side] = quality.flags(column[side]);
  return run;
}

std::vector<Stride> of_side(const Run& run, Side side) {
  std::vector<Stride> out;
  for (const Stride& s : run.strides)
    if (s.truth.side == side) out.push_back(s);
  return out;
}

}  // namespace

TEST_CASE("Glute vs truth: activation ratio within 5 % of the simulated one", "[pipeline][emg]") {
  SimulatorConfig c;
  c.duration_s = 300.0;
  c.seed = 21;
  c.fatigue_onset_s = 60.0;
  c.fatigue_ramp_s = 120.0;
  c.fatigue_final_ratio = 0.7;
  // The truth ratio leaves out the simulator's stride-to-stride amplitude jitter (10 % sd);
  // without it, each stride's burst amplitude is exactly its truth ratio.
  c.emg_amplitude_jitter = 0.0;
  const Run run = run_chain(c);
  for (const Side side : {Side::left, Side::right}) {
    CAPTURE(to_string(side));
    const auto strides = of_side(run, side);
    std::vector<double> ratio_err;
    // Mean measured and true ratio before the fatigue (after the baseline) and on the final
    // plateau: each a steady state of 40-80 strides.
    double before = 0.0, before_truth = 0.0, plateau = 0.0, plateau_truth = 0.0;
    int n_before = 0, n_plateau = 0;
    for (const Stride& s : strides) {
      if (!s.rated.ratio) continue;
      ratio_err.push_back(*s.rated.ratio / s.truth.activation_ratio - 1.0);
      if (s.truth.contact_s < c.fatigue_onset_s) {
        before += *s.rated.ratio;
        before_truth += s.truth.activation_ratio;
        ++n_before;
      } else if (s.truth.contact_s > c.fatigue_onset_s + c.fatigue_ramp_s) {
        plateau += *s.rated.ratio;
        plateau_truth += s.truth.activation_ratio;
        ++n_plateau;
      }
    }
    REQUIRE(n_before > 30);
    REQUIRE(n_plateau > 60);
    WARN("mean ratio before fatigue " << before / n_before << " (truth " << before_truth / n_before
                                      << "), on the plateau " << plateau / n_plateau << " (truth "
                                      << plateau_truth / n_plateau << ")");
    CHECK(before / n_before == Approx(before_truth / n_before).epsilon(0.05));
    CHECK(plateau / n_plateau == Approx(plateau_truth / n_plateau).epsilon(0.05));
    const auto worst_mean_of = [&](std::size_t k) {
      double worst = 0.0;
      for (std::size_t i = 0; i + k <= ratio_err.size(); ++i) {
        double mean = 0.0;
        for (std::size_t j = i; j < i + k; ++j)
          mean += ratio_err[j] / static_cast<double>(k);
        worst = std::max(worst, std::abs(mean));
      }
      return worst;
    };
    double sum_sq = 0.0, bias = 0.0;
    for (const double e : ratio_err) {
      sum_sq += e * e;
      bias += e / static_cast<double>(ratio_err.size());
    }
    const double rms = std::sqrt(sum_sq / static_cast<double>(ratio_err.size()));
    WARN("ratio error: bias " << bias << ", per stride rms " << rms << " worst " << worst_mean_of(1)
                              << "; worst mean of 5 strides " << worst_mean_of(5) << ", of 10 "
                              << worst_mean_of(10) << ", of 20 " << worst_mean_of(20));
    // Per stride, the simulated carrier is random: the mean rectified value of ~100
    // independent samples of gaussian noise in the window varies by 0.76/√100 ≈ 7.6 %
    // (0.76 = sd/mean of |x|), whatever the processing; averages over strides shrink it.
    // The baseline itself is a median of 30 such strides (±1.7 %), which every ratio shares.
    CHECK(std::abs(bias) < 0.035);
    CHECK(rms < 0.09);
    CHECK(worst_mean_of(20) < 0.08);
  }
}

// The aim is 10 ms. What the threshold crossing achieves, over eight runners (seeds) rather
// than one favourable seed: the simulated burst rises as a raised cosine from its onset, so
// any level crossing comes out late on a slow rise and early on a fast one (about 0.36 ms per
// ms of rise time away from 125 ms) plus ~3 ms of noise; docs/emg.md has the table.
TEST_CASE("Glute vs truth: onsets near the simulated burst onset, over eight runners",
          "[pipeline][emg]") {
  std::vector<double> abs_err;
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
    CAPTURE(seed);
    SimulatorConfig c;
    c.duration_s = 120.0;
    c.seed = seed;
    const Run run = run_chain(c);
    std::vector<double> errors;
    for (const Stride& s : run.strides) {
      if (!s.activation.onset_s) continue;
      errors.push_back(s.truth.contact_s + *s.activation.onset_s - s.truth.emg_onset_s);
    }
    REQUIRE(errors.size() * 20 > run.strides.size() * 19);
    double mean = 0.0;
    for (const double e : errors) {
      abs_err.push_back(std::abs(e));
      mean += e / static_cast<double>(errors.size());
    }
    CHECK(std::abs(mean) < 0.007);  // the rise-time bias: -5.7 … +5.1 ms by runner
  }
  std::sort(abs_err.begin(), abs_err.end());
  const double p95 = abs_err[abs_err.size() * 95 / 100];
  const double p99 = abs_err[abs_err.size() * 99 / 100];
  WARN("onset error over " << abs_err.size() << " strides: median |e| "
                           << 1000 * abs_err[abs_err.size() / 2] << " ms, p95 " << 1000 * p95
                           << " ms, p99 " << 1000 * p99 << " ms, worst " << 1000 * abs_err.back()
                           << " ms");
  // What the method achieves on these eight runners (9.6, 12.4, 14.7 ms; the simulator is
  // deterministic): a change that loses precision fails here. The 10 ms holds for 95 %.
  CHECK(p95 < 0.010);
  CHECK(p99 < 0.013);
  CHECK(abs_err.back() < 0.016);
}

TEST_CASE("Glute vs truth: a drop to 70 % is flagged within 10 strides", "[pipeline][emg]") {
  for (const std::uint64_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    SimulatorConfig c;
    c.duration_s = 120.0;
    c.seed = seed;
    c.fatigue_onset_s = 60.0;
    c.fatigue_ramp_s = 0.0;  // a step: "onset" is unambiguous
    c.fatigue_final_ratio = 0.7;
    const Run run = run_chain(c);
    for (const Side side : {Side::left, Side::right}) {
      CAPTURE(to_string(side));
      const auto strides = of_side(run, side);
      std::optional<std::size_t> first_low, flagged;
      for (std::size_t i = 0; i < strides.size(); ++i) {
        if (strides[i].truth.contact_s <= c.fatigue_onset_s) {
          CHECK_FALSE(strides[i].rated.drop);
          continue;
        }
        if (!first_low) first_low = i;
        if (strides[i].rated.drop && !flagged) flagged = i;
      }
      REQUIRE(first_low);
      REQUIRE(flagged);
      WARN("drop flagged " << (*flagged - *first_low + 1) << " strides after the onset");
      CHECK(*flagged - *first_low + 1 <= 10);
      CHECK(strides.back().rated.drop);
      REQUIRE(strides.back().rated.trend_per_stride);
    }
  }
}

TEST_CASE("Glute vs truth: no flag over 30 minutes without fatigue", "[pipeline][emg]") {
  SimulatorConfig c;
  c.duration_s = 1800.0;
  c.seed = 8;
  const Run run = run_chain(c);
  std::size_t flagged = 0, rated = 0;
  double lowest = 10.0;
  for (const Stride& s : run.strides) {
    if (s.rated.drop) ++flagged;
    if (s.rated.ratio) {
      ++rated;
      lowest = std::min(lowest, *s.rated.ratio);
    }
  }
  WARN(rated << " strides rated, lowest ratio " << lowest);
  CHECK(rated > 4000);
  CHECK(flagged == 0);
}

TEST_CASE("Glute vs truth: bad signals are flagged, and their strides not rated",
          "[pipeline][emg]") {
  SimulatorConfig c;
  c.duration_s = 30.0;
  SECTION("flat: the left amplifier output stuck") {
    const Run run = run_chain(c, [](std::span<float> raw, double t) {
      if (t < 10.0) return;
      for (std::size_t i = 0; i < raw.size(); i += 2)
        raw[i] = 0.0f;
    });
    CHECK(run.final_quality[0] == EmgQualityFlags::flat);
    CHECK(run.final_quality[1] == EmgQualityFlags::none);
    for (const Stride& s : of_side(run, Side::left)) {
      if (s.truth.contact_s > 11.0) CHECK_FALSE(s.rated.ratio);
    }
  }
  SECTION("clipped: the right channel at ±150 µV") {
    const Run run = run_chain(c, [](std::span<float> raw, double) {
      for (std::size_t i = 1; i < raw.size(); i += 2)
        raw[i] = std::clamp(raw[i], -150e-6f, 150e-6f);
    });
    CHECK(run.final_quality[0] == EmgQualityFlags::none);
    CHECK(any(run.final_quality[1] & EmgQualityFlags::clipped));
  }
  SECTION("hum: 1 mV of mains") {
    c.mains_hum_v = 1e-3;
    const Run run = run_chain(c);
    CHECK(run.final_quality[0] == EmgQualityFlags::mains);
    CHECK(run.final_quality[1] == EmgQualityFlags::mains);
    for (const Stride& s : run.strides)
      CHECK_FALSE(s.rated.ratio);
  }
}
