// The metronome's rate on the engine thread, fed a simulated session: the cadence target the
// cue policy learns from the runner's first steps is what the sound is given, once learnt and
// without allocating; nothing while cue.cadence.metronome is off or the cueing is off; and the
// beat follows the cue window (a program session's feedback phase).
#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "engine/session_core.hpp"
#include "live/engine_loop.hpp"
#include "live/source_feeder.hpp"
#include "settings/daemon_config.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;

namespace {

// Keeps each rate the engine thread gives, and how many blocks it had processed then, without
// touching the heap (the engine thread calls it). Read once the loop has finished.
struct MetronomeLog final : CueSound {
  struct Change {
    double steps_min = 0.0;
    std::uint64_t blocks = 0;
  };
  const EngineLoop* loop = nullptr;
  std::array<Change, 64> changes{};
  std::atomic<std::size_t> count{0};

  void play(CueKind, std::uint64_t, std::int64_t, std::int64_t) override {}
  void set_metronome(double steps_min) override {
    const std::size_t i = count.load(std::memory_order_relaxed);
    if (i < changes.size()) changes[i] = {steps_min, loop->blocks_processed()};
    count.store(i + 1, std::memory_order_release);
  }
  std::vector<Change> all() const {
    return {changes.begin(),
            changes.begin() + static_cast<std::ptrdiff_t>(std::min(count.load(), changes.size()))};
  }
};

SimulatorConfig runner(double duration_s) {
  SimulatorConfig sim = SourceSettings::live_simulator();
  sim.duration_s = duration_s;
  sim.cadence_steps_per_min = 170.0;
  return sim;
}

struct Run {
  std::vector<MetronomeLog::Change> changes;
  std::uint64_t blocks = 0;
  double status_steps_min = -1.0;
  double status_target = -1.0;
  std::uint64_t allocations = 0;
};

// Runs `sim` through an engine loop as fast as it goes, `before` posted ahead of the data.
Run run_engine(const SimulatorConfig& sim, const CueSettings& cues,
               const std::vector<EngineChange>& before = {}) {
  EngineSettings settings;
  SimulatorConfig s = sim;
  add_known_runner(s, settings);
  auto channel = std::make_unique<BlockChannel>();
  auto source = std::make_unique<RunnerSimulator>(s);
  const SourceLayout& layout = source->layout();
  MetronomeLog sound;
  EngineLoop loop(layout, settings, cues, *channel, &sound, 0.0);
  sound.loop = &loop;
  for (const EngineChange& c : before)
    REQUIRE(loop.post(c));
  SourceFeeder feeder(std::move(source), *channel, 0.0, 0.0);
  loop.start();
  test::watch_thread(loop.thread_id());
  feeder.start();
  std::uint16_t slot;
  LiveEvent e;
  for (;;) {
    bool any = false;
    while (loop.events().try_pop(e))
      any = true;
    while (channel->done.try_pop(slot)) {
      channel->free.try_push(slot);
      any = true;
    }
    if (!any && loop.finished()) break;
    if (!any) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  Run out;
  // Read before the end: the status's view while the metronome still played is in `changes`.
  out.status_steps_min = loop.metronome_steps_min();
  out.status_target = loop.cadence_target_steps_min();
  feeder.stop();
  loop.stop();
  test::stop_watching();
  out.allocations = test::watched_thread_allocations();
  out.changes = sound.all();
  out.blocks = loop.blocks_processed();
  return out;
}

// The target the same session's cue policy ends with, offline (the pure core, no thread).
double offline_target(const SimulatorConfig& sim, const CueSettings& cues) {
  EngineSettings settings;
  SimulatorConfig s = sim;
  add_known_runner(s, settings);
  RunnerSimulator source(s);
  SessionCore core(source.layout(), settings, cues);
  struct Ignore : SessionSink {
    void on_strike(const StrikeEvent&) override {}
    void on_stride(const StrideRecord&) override {}
    void on_cue(const Cue&) override {}
  } sink;
  SampleBlock block;
  bool learnt_early = false;
  std::size_t blocks = 0;
  while (source.next(block) == SourceStatus::block) {
    core.process(block, sink);
    // Nothing is known during the first steps: the baseline takes 20 of them (~7 s).
    if (++blocks < 100 && core.cadence_target_steps_min()) learnt_early = true;
  }
  core.finish(sink);
  CHECK_FALSE(learnt_early);
  REQUIRE(core.cadence_target_steps_min());
  return *core.cadence_target_steps_min();
}

}  // namespace

TEST_CASE("The cadence target learnt from the runner's first steps reaches the metronome",
          "[metronome][threads]") {
  const SimulatorConfig sim = runner(40.0);
  CueSettings cues;
  cues.cadence.metronome = true;  // the cadence cue itself stays off: the beat needs no cue
  REQUIRE(cues.cadence.baseline_steps == 20);
  REQUIRE_FALSE(cues.cadence.target_steps_min);
  const double expected = offline_target(sim, cues);
  // Willy et al. 2016: the runner's own rate + 7.5 %.
  CHECK(expected == Approx(170.0 * 1.075).margin(2.0));

  const Run run = run_engine(sim, cues);
  INFO(run.changes.size() << " changes over " << run.blocks << " blocks");
  // Silent while the baseline was learnt, then the target, to the bit, and silence at the end of
  // the data; nothing between.
  REQUIRE(run.changes.size() == 2);
  CHECK(run.changes[0].steps_min == expected);
  // 20 steps at 170 steps/min are about 7 s of the 40 s.
  CHECK(run.changes[0].blocks > run.blocks / 8);
  CHECK(run.changes[0].blocks < run.blocks / 2);
  CHECK(run.changes[1].steps_min == 0.0);
  CHECK(run.status_target == expected);
  CHECK(run.status_steps_min == 0.0);  // the data ended
  CHECK(run.allocations == 0);
}

TEST_CASE("No metronome with the setting off or the cueing off", "[metronome][threads]") {
  const SimulatorConfig sim = runner(12.0);
  CueSettings cues;
  cues.cadence.target_steps_min = 180.0;  // known from the first block

  SECTION("the setting off") {
    const Run run = run_engine(sim, cues);
    CHECK(run.changes.empty());
    CHECK(run.status_target == 180.0);  // the target is known all the same
  }
  SECTION("the cueing off (no session)") {
    cues.cadence.metronome = true;
    EngineChange off;
    off.kind = EngineChange::Kind::cueing;
    off.on = false;
    const Run run = run_engine(sim, cues, {off});
    CHECK(run.changes.empty());
  }
  SECTION("on, for comparison: from the engine's start (before its first block) to the end") {
    cues.cadence.metronome = true;
    const Run run = run_engine(sim, cues);
    REQUIRE(run.changes.size() == 2);
    CHECK(run.changes[0].steps_min == 180.0);
    CHECK(run.changes[0].blocks == 0);
    CHECK(run.changes[1].steps_min == 0.0);
    CHECK(run.changes[1].blocks == run.blocks);
  }
}

TEST_CASE("The metronome plays in the cue window only (a program's feedback phase)",
          "[metronome][threads]") {
  const SimulatorConfig sim = runner(30.0);
  CueSettings cues;
  cues.cadence.target_steps_min = 180.0;
  cues.cadence.metronome = true;
  EngineChange window;
  window.kind = EngineChange::Kind::cue_window;
  window.from_s = 10.0;
  window.to_s = 20.0;
  const Run run = run_engine(sim, cues, {window});
  REQUIRE(run.changes.size() == 2);
  CHECK(run.changes[0].steps_min == 180.0);
  CHECK(run.changes[1].steps_min == 0.0);
  // The blocks come at an even pace of data time: on at a third of them, off at two thirds.
  const auto share = [&](std::uint64_t blocks) {
    return static_cast<double>(blocks) / static_cast<double>(run.blocks);
  };
  CHECK(share(run.changes[0].blocks) == Approx(1.0 / 3.0).margin(0.01));
  CHECK(share(run.changes[1].blocks) == Approx(2.0 / 3.0).margin(0.01));
}
