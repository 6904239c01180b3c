// Strike classification against the simulator's ground truth: every pattern right on clean
// data, at least 98 % with the default noise, strike index within 0.03, and the moment each
// class was known.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/gait_engine.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;

namespace {

struct Scores {
  std::size_t strides = 0, correct = 0, index_within_003 = 0, impact_agrees = 0, early = 0;
  double worst_index_error = 0.0, mean_decided_ms = 0.0, mean_early_ms = 0.0;
};

Scores score(const SimulatorConfig& config) {
  RunnerSimulator sim(config);
  EngineSettings settings;
  add_known_runner(config, settings);
  const auto strides = test::run_engine(sim, settings);

  Scores s;
  std::size_t t = 0;
  const auto& truth = sim.truth();
  for (const auto& stride : strides) {
    while (t < truth.size() && truth[t].contact_s < stride.contact_s - 0.05)
      ++t;
    REQUIRE(t < truth.size());
    REQUIRE(std::abs(truth[t].contact_s - stride.contact_s) < 0.005);
    ++s.strides;
    s.correct += stride.strike == truth[t].pattern;
    REQUIRE(stride.strike_index);
    const double err = std::abs(*stride.strike_index - truth[t].strike_index);
    s.worst_index_error = std::max(s.worst_index_error, err);
    s.index_within_003 += err <= 0.03;
    s.impact_agrees += stride.impact_peak_n.has_value() == truth[t].impact_transient;
    REQUIRE(stride.strike_decided_ms);
    s.mean_decided_ms += *stride.strike_decided_ms;
    if (stride.strike_early == stride.strike) {
      ++s.early;
      s.mean_early_ms += *stride.strike_decided_ms;
    }
  }
  s.mean_decided_ms /= static_cast<double>(s.strides);
  if (s.early > 0) s.mean_early_ms /= static_cast<double>(s.early);
  return s;
}

SimulatorConfig mixed(std::uint64_t seed, double minutes) {
  SimulatorConfig c;
  c.duration_s = minutes * 60.0;
  c.seed = seed;
  c.mix_start = {1.0, 1.0, 1.0};
  c.mix_end = {1.0, 1.0, 1.0};
  return c;
}

}  // namespace

TEST_CASE("Clean simulation: every strike pattern classified correctly", "[strike]") {
  for (double rate_hz : {500.0, 1000.0, 2000.0}) {
    SimulatorConfig c = mixed(21, 3.0);
    c.clean = true;
    c.force_rate_hz = rate_hz;
    const Scores s = score(c);
    CAPTURE(rate_hz, s.strides, s.correct, s.worst_index_error, s.impact_agrees, s.early,
            s.mean_early_ms, s.mean_decided_ms);
    CHECK(s.correct == s.strides);
    CHECK(s.worst_index_error <= 0.03);
    CHECK(s.impact_agrees == s.strides);
  }
}

TEST_CASE("Default noise: at least 98 % classified correctly, index within 0.03", "[strike]") {
  for (auto layout : {TreadmillLayout::split_belt, TreadmillLayout::single_belt}) {
    SimulatorConfig c = mixed(22, 10.0);
    c.layout = layout;
    const Scores s = score(c);
    const double accuracy = static_cast<double>(s.correct) / static_cast<double>(s.strides);
    const double early_share = static_cast<double>(s.early) / static_cast<double>(s.strides);
    CAPTURE(to_string(layout), s.strides, accuracy, s.worst_index_error, s.index_within_003,
            early_share, s.mean_early_ms, s.mean_decided_ms);
    CHECK(accuracy >= 0.98);
    CHECK(s.index_within_003 == s.strides);
    CHECK(s.impact_agrees >= s.strides * 98 / 100);
    // Decision delay: a runner who lands on a steady spot is classified moments after contact.
    CHECK(early_share >= 0.5);
    CHECK(s.mean_early_ms < 20.0);
    WARN("strike decided " << s.mean_early_ms << " ms after contact on average when early ("
                           << 100.0 * early_share << " % of strides), " << s.mean_decided_ms
                           << " ms over all strides");
  }
}
