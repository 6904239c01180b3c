// The gluteus medius through the whole engine, as `stridecue analyze` and the daemon run it:
// the engine's own contacts anchor the activation, strides wait for their EMG, and the drop-off
// flag rises when the simulated hips tire.
#include <catch2/catch.hpp>
#include <cmath>

#include "simulator/runner_simulator.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;

namespace {

std::vector<StrideRecord> run(const SimulatorConfig& config) {
  RunnerSimulator sim(config);
  EngineSettings settings;
  settings.runner.body_mass_kg = config.body_mass_kg;
  settings.treadmill.belt_speed_m_s = config.belt_speed_m_s;
  return test::run_engine(sim, settings);
}

}  // namespace

TEST_CASE("Engine: a drop to 70 % is flagged within 10 strides, per side", "[emg][engine]") {
  SimulatorConfig c;
  c.duration_s = 150.0;
  c.seed = 31;
  c.emg_amplitude_jitter = 0.0;
  c.fatigue_onset_s = 60.0;
  c.fatigue_ramp_s = 0.01;  // a step: the onset is one stride
  c.fatigue_final_ratio = 0.7;
  const auto strides = run(c);
  REQUIRE(strides.size() > 380);
  for (const Side side : {Side::left, Side::right}) {
    CAPTURE(to_string(side));
    int after_onset = 0;
    std::optional<int> flagged_after;
    double plateau_sum = 0.0;
    int plateau_n = 0;
    for (const auto& s : strides) {
      if (s.side != side) continue;
      const MuscleActivation* g = s.gmed();
      REQUIRE(g);
      // Quality is `unknown` until the first full window (1 s) has been judged.
      if (s.contact_s > 1.5) CHECK(g->quality == EmgQualityFlags::none);
      REQUIRE(g->activation_v);
      if (s.contact_s < c.fatigue_onset_s) {
        CHECK_FALSE(s.emg.glute_drop);
        continue;
      }
      ++after_onset;
      if (s.emg.glute_drop && !flagged_after) flagged_after = after_onset;
      if (after_onset > 20 && g->ratio) {
        plateau_sum += *g->ratio;
        ++plateau_n;
      }
    }
    REQUIRE(flagged_after);
    CHECK(*flagged_after <= 10);
    REQUIRE(plateau_n > 20);
    CHECK(plateau_sum / plateau_n == Approx(0.7).epsilon(0.05));
    WARN(to_string(side) << ": flagged " << *flagged_after << " strides after the onset; "
                         << "plateau ratio " << plateau_sum / plateau_n);
  }
}

TEST_CASE("Engine: a baseline from a calibration run rates strides from the first",
          "[emg][engine]") {
  SimulatorConfig c;
  c.duration_s = 60.0;
  c.seed = 12;
  c.emg_amplitude_jitter = 0.0;
  // Calibration: a fresh runner; its baselines are what the engine learnt.
  RunnerSimulator calibration(c);
  GaitEngine first(calibration.layout(), {});
  test::CollectStrides ignored;
  SampleBlock block;
  while (calibration.next(block) == SourceStatus::block)
    first.process(block, ignored);
  first.finish(ignored);
  REQUIRE(first.glute_baseline_v(Side::left));
  REQUIRE(first.glute_baseline_v(Side::right));

  // The session: already tired to 70 % from the start, rated against the calibration.
  c.seed = 13;
  c.fatigue_onset_s = 0.0;
  c.fatigue_ramp_s = 0.01;
  RunnerSimulator session(c);
  GaitEngine engine(session.layout(), {});
  for (const Side side : {Side::left, Side::right}) {
    CHECK(engine.set_glute_baseline(side, *first.glute_baseline_v(side)));
  }
  test::CollectStrides out;
  while (session.next(block) == SourceStatus::block)
    engine.process(block, out);
  engine.finish(out);
  double sum = 0.0;
  int n = 0;
  for (const auto& s : out.strides) {
    if (s.contact_s < 2.0) continue;  // the quality window is still filling
    REQUIRE(s.gmed()->ratio);         // rated from the start: no 30-stride wait
    sum += *s.gmed()->ratio;
    ++n;
  }
  CHECK(sum / n == Approx(0.7).epsilon(0.06));
  CHECK(out.strides.back().emg.glute_drop);
}

TEST_CASE("Engine: strides wait for their EMG and keep their order", "[emg][engine]") {
  SimulatorConfig c;
  c.duration_s = 20.0;
  c.seed = 4;
  const auto strides = run(c);
  REQUIRE(strides.size() > 50);
  for (std::size_t i = 0; i < strides.size(); ++i) {
    CHECK(strides[i].index == i);
    const MuscleActivation* g = strides[i].gmed();
    REQUIRE(g);
    // The burst starts before contact (the muscle prepares the landing) in the simulator.
    if (g->onset_ms) CHECK(*g->onset_ms < 0.0);
  }
  // Before 30 strides of a side there is no baseline, so no ratio.
  CHECK_FALSE(strides.front().gmed()->ratio);
}
