// A live change of the EMG filters through the whole engine: the simulated amplifier picks up
// 1 mV of 60 Hz hum, the engine starts with 50 Hz notches, and the coach moves them to 60 Hz
// mid-run. Before, the hum passes as if it were muscle; after, the notches take it out, and
// the quality check (which compares what the notches removed with the EMG) flags it.
#include <catch2/catch.hpp>

#include "simulator/runner_simulator.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;

TEST_CASE("Engine: moving the notches from 50 to 60 Hz mid-run takes out a 60 Hz hum",
          "[emg][engine][live]") {
  SimulatorConfig c;
  c.duration_s = 30.0;
  c.seed = 9;
  c.mains_hz = 60.0;
  c.mains_hum_v = 1e-3;
  RunnerSimulator sim(c);
  GaitEngine engine(sim.layout(), {});
  test::CollectStrides out;
  const double change_s = 15.0;
  EngineSettings us;
  us.glute.emg.mains_hz = 60.0;
  bool changed = false;
  SampleBlock block;
  while (sim.next(block) == SourceStatus::block) {
    const StreamInfo& stream = sim.layout().streams[block.stream];
    const double t_s =
        stream.start_time_s + static_cast<double>(block.first_sample) / stream.rate_hz;
    if (!changed && t_s >= change_s) {
      engine.apply(us);
      changed = true;
    }
    engine.process(block, out);
  }
  engine.finish(out);
  REQUIRE(changed);

  double before_sum = 0.0, after_sum = 0.0;
  int before_n = 0, after_n = 0, unknown_n = 0;
  for (const auto& s : out.strides) {
    const MuscleActivation* g = s.gmed();
    REQUIRE(g);
    CAPTURE(s.contact_s, to_string(g->quality));
    if (s.contact_s > 2.0 && s.contact_s < change_s - 0.3) {
      // 50 Hz notches remove nothing of a 60 Hz hum: unflagged, and in the activation.
      CHECK(g->quality == EmgQualityFlags::none);
      REQUIRE(g->activation_v);
      before_sum += *g->activation_v;
      ++before_n;
    } else if (s.contact_s > change_s && s.contact_s < change_s + 0.7) {
      CHECK(g->quality == EmgQualityFlags::unknown);  // the quality window restarted
      CHECK_FALSE(g->ratio);
      ++unknown_n;
    } else if (s.contact_s > change_s + 1.5) {
      CHECK(g->quality == EmgQualityFlags::mains);
      CHECK_FALSE(g->ratio);
      REQUIRE(g->activation_v);
      after_sum += *g->activation_v;
      ++after_n;
    }
  }
  REQUIRE(before_n > 20);
  REQUIRE(after_n > 20);
  CHECK(unknown_n >= 1);
  const double before = before_sum / before_n, after = after_sum / after_n;
  WARN("mean activation with 1 mV of 60 Hz hum: " << before * 1e6 << " µV through 50 Hz notches, "
                                                  << after * 1e6 << " µV through 60 Hz ones");
  CHECK(after < 0.5 * before);
}
