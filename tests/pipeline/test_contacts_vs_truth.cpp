// The engine against the simulator's ground truth: every contact found, none extra, and timed
// within one sample on clean data and within 2 ms with the default sensor noise.
#include <catch2/catch.hpp>
#include <cmath>

#include "engine/gait_engine.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;

namespace {

std::vector<StrideRecord> analyse(RunnerSimulator& sim) {
  EngineSettings settings;
  settings.runner.body_mass_kg = sim.config().body_mass_kg;
  return test::run_engine(sim, settings);
}

// Strides the engine can report: complete, and followed by enough flight to be confirmed.
std::vector<TruthStride> reportable(const RunnerSimulator& sim) {
  std::vector<TruthStride> out;
  for (const auto& t : sim.truth()) {
    if (t.contact_s > 0.0 && t.toe_off_s + 0.05 < sim.config().duration_s) out.push_back(t);
  }
  return out;
}

struct Errors {
  double worst_contact_s = 0.0;
  double worst_toe_off_s = 0.0;
  std::size_t wrong_side = 0;
};

Errors compare(const std::vector<TruthStride>& truth, const std::vector<StrideRecord>& found) {
  REQUIRE(found.size() == truth.size());
  Errors e;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    e.worst_contact_s =
        std::max(e.worst_contact_s, std::abs(found[i].contact_s - truth[i].contact_s));
    e.worst_toe_off_s =
        std::max(e.worst_toe_off_s, std::abs(found[i].toe_off_s - truth[i].toe_off_s));
    if (found[i].side != truth[i].side) ++e.wrong_side;
  }
  return e;
}

}  // namespace

TEST_CASE("Clean split-belt simulation: every contact within one sample", "[pipeline]") {
  for (double rate_hz : {300.0, 1000.0, 2000.0}) {
    CAPTURE(rate_hz);
    SimulatorConfig c;
    c.duration_s = 90.0;
    c.clean = true;
    c.force_rate_hz = rate_hz;
    c.mix_start = {0.4, 0.3, 0.3};
    c.mix_end = {0.4, 0.3, 0.3};
    c.seed = 11;
    RunnerSimulator sim(c);
    const auto found = analyse(sim);
    const auto truth = reportable(sim);
    CHECK(truth.size() > 240);
    const Errors e = compare(truth, found);
    CHECK(e.worst_contact_s <= 1.0 / rate_hz);
    CHECK(e.worst_toe_off_s <= 1.0 / rate_hz);
    CHECK(e.wrong_side == 0);
  }
}

TEST_CASE("Default noise and offset: every contact within 2 ms, none extra", "[pipeline]") {
  for (auto layout : {TreadmillLayout::split_belt, TreadmillLayout::single_belt}) {
    CAPTURE(to_string(layout));
    SimulatorConfig c;
    c.duration_s = 180.0;
    c.layout = layout;
    c.mix_start = {0.6, 0.25, 0.15};
    c.mix_end = {0.2, 0.3, 0.5};
    c.seed = 5;
    RunnerSimulator sim(c);
    const auto found = analyse(sim);
    const auto truth = reportable(sim);
    const Errors e = compare(truth, found);
    CHECK(e.worst_contact_s <= 0.002);
    CHECK(e.worst_toe_off_s <= 0.002);
    CHECK(e.wrong_side == 0);
  }
}

TEST_CASE("Peak vertical force in body weights matches the simulated runner", "[pipeline]") {
  SimulatorConfig c;
  c.duration_s = 30.0;
  c.seed = 3;
  RunnerSimulator sim(c);
  const auto found = analyse(sim);
  const auto truth = reportable(sim);
  REQUIRE(found.size() == truth.size());
  const double bw_n = c.body_mass_kg * kStandardGravity_m_s2;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    REQUIRE(found[i].peak_fz_bw);
    CHECK(*found[i].peak_fz_bw == Approx(truth[i].peak_fz_n / bw_n).epsilon(0.03));
  }
}

TEST_CASE("Step and stride times follow the simulated cadence", "[pipeline]") {
  SimulatorConfig c;
  c.duration_s = 60.0;
  c.cadence_steps_per_min = 180.0;
  c.seed = 8;
  RunnerSimulator sim(c);
  const auto found = analyse(sim);
  double step_sum_ms = 0.0;
  std::size_t steps = 0;
  for (const auto& s : found) {
    if (s.step_time_ms) {
      step_sum_ms += *s.step_time_ms;
      ++steps;
    }
  }
  REQUIRE(steps > 100);
  CHECK(step_sum_ms / static_cast<double>(steps) == Approx(60000.0 / 180.0).epsilon(0.01));
}
