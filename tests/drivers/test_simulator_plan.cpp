// The simulator's stride plan and ground truth: timing, strike mix, truth CSV, config checks.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <string>

#include "simulator/runner_simulator.hpp"
#include "simulator/truth_csv.hpp"

using namespace stridecue;

TEST_CASE("simulator: strides alternate sides at the configured cadence", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 120.0;
  const RunnerSimulator sim(config);
  const auto& truth = sim.truth();
  const double step_s = 60.0 / config.cadence_steps_per_min;
  // 120 s at 170 steps/min, less the first contact's delay.
  REQUIRE(truth.size() > 330);
  REQUIRE(truth.size() < 342);

  double step_sum_s = 0.0;
  for (std::size_t i = 1; i < truth.size(); ++i) {
    CHECK(truth[i].side != truth[i - 1].side);
    CHECK(truth[i].contact_s > truth[i - 1].toe_off_s);  // no double support
    step_sum_s += truth[i].contact_s - truth[i - 1].contact_s;
  }
  CHECK(step_sum_s / static_cast<double>(truth.size() - 1) == Approx(step_s).epsilon(0.01));

  for (const TruthStride& s : truth) {
    const double contact_time_s = s.toe_off_s - s.contact_s;
    CHECK(contact_time_s > 0.22);
    CHECK(contact_time_s < 0.28);
    CHECK(s.contact_s < config.duration_s);
    CHECK(s.emg_onset_s < s.contact_s - 0.08);
    CHECK(s.emg_onset_s > s.contact_s - 0.17);
    CHECK(s.emg_offset_s > s.contact_s + 0.29 * contact_time_s);
    CHECK(s.emg_offset_s < s.contact_s + 0.41 * contact_time_s);
    CHECK(s.activation_ratio == 1.0);
  }
}

TEST_CASE("simulator: the seed decides the strides", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 30.0;
  config.mix_start = {1.0, 1.0, 1.0};
  const RunnerSimulator a(config);
  const RunnerSimulator b(config);
  config.seed += 1;
  const RunnerSimulator c(config);
  REQUIRE(a.truth().size() == b.truth().size());
  for (std::size_t i = 0; i < a.truth().size(); ++i) {
    CHECK(a.truth()[i].contact_s == b.truth()[i].contact_s);
    CHECK(a.truth()[i].strike_index == b.truth()[i].strike_index);
  }
  CHECK(a.truth().front().contact_s != c.truth().front().contact_s);
}

TEST_CASE("simulator: strike index lies in its pattern's range", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 60.0;
  config.mix_start = config.mix_end = {1.0, 1.0, 1.0};
  const RunnerSimulator sim(config);
  int count[3] = {0, 0, 0};
  for (const TruthStride& s : sim.truth()) {
    ++count[static_cast<int>(s.pattern)];
    CHECK(StrikeBoundaries{}.classify(s.strike_index) == s.pattern);  // the engine's classes
    switch (s.pattern) {
      case StrikePattern::rearfoot:
        CHECK(s.strike_index >= 0.05);
        CHECK(s.strike_index <= 0.25);
        CHECK(s.impact_transient);
        break;
      case StrikePattern::midfoot:
        CHECK(s.strike_index >= 0.54);
        CHECK(s.strike_index <= 0.66);
        CHECK_FALSE(s.impact_transient);
        break;
      case StrikePattern::forefoot:
        CHECK(s.strike_index >= 0.80);
        CHECK(s.strike_index <= 0.90);
        CHECK_FALSE(s.impact_transient);
        break;
    }
  }
  // ~56 strides of each in 170 strides: all three appear in plausible numbers.
  for (const int n : count)
    CHECK(n > 30);
}

TEST_CASE("simulator: the strike mix moves from start to end over the session", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 600.0;
  config.mix_start = {1.0, 0.0, 0.0};
  config.mix_end = {0.0, 0.0, 1.0};
  const RunnerSimulator sim(config);
  const auto& truth = sim.truth();
  int early_rear = 0, early = 0, late_fore = 0, late = 0;
  for (const TruthStride& s : truth) {
    CHECK(s.pattern != StrikePattern::midfoot);
    if (s.contact_s < 30.0) {
      ++early;
      early_rear += s.pattern == StrikePattern::rearfoot;
    } else if (s.contact_s > 570.0) {
      ++late;
      late_fore += s.pattern == StrikePattern::forefoot;
    }
  }
  // In the first and last 5 % at most 5 % of strides (about 4 of 85) take the other pattern.
  CHECK(early_rear >= early - 8);
  CHECK(late_fore >= late - 8);
  CHECK(truth.front().pattern == StrikePattern::rearfoot);
  CHECK(truth.back().pattern == StrikePattern::forefoot);
}

TEST_CASE("simulator: activation ratio follows the fatigue ramp", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 300.0;
  config.fatigue_onset_s = 60.0;
  config.fatigue_ramp_s = 120.0;
  config.fatigue_final_ratio = 0.7;
  CHECK(activation_ratio_at(config, 30.0) == 1.0);
  CHECK(activation_ratio_at(config, 120.0) == Approx(0.85));
  CHECK(activation_ratio_at(config, 250.0) == Approx(0.7));
  const RunnerSimulator sim(config);
  for (const TruthStride& s : sim.truth()) {
    CHECK(s.activation_ratio == activation_ratio_at(config, s.contact_s));
  }
}

TEST_CASE("simulator: truth CSV has a header and one row per stride", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 10.0;
  const RunnerSimulator sim(config);
  std::ostringstream out;
  write_truth_csv(sim.truth(), out);
  std::istringstream in(out.str());
  std::string line;
  REQUIRE(std::getline(in, line));
  CHECK(line ==
        "side,contact_s,toe_off_s,contact_time_s,pattern,strike_index,activation_ratio,"
        "emg_onset_s,emg_offset_s,peak_fz_n,impact_transient");
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    ++rows;
    CHECK(std::count(line.begin(), line.end(), ',') == 10);
    if (rows == 1) {
      CHECK(line.rfind(std::string(to_string(sim.truth()[0].side)) + ",", 0) == 0);
      CHECK(line.find(",rearfoot,") != std::string::npos);
    }
  }
  CHECK(rows == sim.truth().size());
}

TEST_CASE("simulator: a bad config is refused naming the field", "[simulator]") {
  SimulatorConfig config;
  CHECK(validate(config).empty());
  config.cadence_steps_per_min = 20.0;
  CHECK_THROWS_WITH(RunnerSimulator(config), Catch::Contains("cadence_steps_per_min"));
  config = {};
  config.mix_end = {0.0, 0.0, 0.0};
  CHECK_THROWS_AS(RunnerSimulator(config), std::invalid_argument);
  config = {};
  config.force_rate_hz = std::nan("");
  CHECK_THAT(validate(config), Catch::Contains("force_rate_hz"));
}

TEST_CASE("simulator: pattern and layout names round-trip", "[simulator]") {
  for (const auto p : {StrikePattern::rearfoot, StrikePattern::midfoot, StrikePattern::forefoot}) {
    CHECK(strike_pattern_from_string(to_string(p)) == p);
  }
  for (const auto l : {TreadmillLayout::split_belt, TreadmillLayout::single_belt}) {
    CHECK(treadmill_layout_from_string(to_string(l)) == l);
  }
  CHECK_FALSE(strike_pattern_from_string("heel").has_value());
}
