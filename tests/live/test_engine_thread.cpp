// The engine thread of the daemon, fed a simulated session: it allocates nothing while it
// runs (every sample block, stride, cue and signal event), and hands out every stride the
// engine finds offline, in order.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <thread>

#include "engine/gait_engine.hpp"
#include "live/engine_loop.hpp"
#include "live/source_feeder.hpp"
#include "settings/daemon_config.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;

namespace {

// Counts heel cues without touching the heap.
struct CountingSound final : CueSound {
  std::atomic<std::uint64_t> played{0};
  void play(CueKind, std::uint64_t, std::int64_t, std::int64_t) override { played.fetch_add(1); }
};

}  // namespace

TEST_CASE("The allocation counter sees allocations on the watched thread", "[alloc]") {
  test::watch_thread(std::this_thread::get_id());
  ::operator delete(::operator new(16));
  test::stop_watching();
  CHECK(test::watched_thread_allocations() == 1);
}

TEST_CASE("The engine thread allocates nothing while it runs a 3-minute session",
          "[alloc][threads]") {
  SimulatorConfig sim = SourceSettings::live_simulator();
  sim.duration_s = 180.0;
  sim.mix_start = {0.6, 0.2, 0.2};
  sim.mix_end = sim.mix_start;
  sim.fatigue_onset_s = 60.0;  // hips cues too
  sim.fatigue_ramp_s = 10.0;
  EngineSettings settings;
  add_known_runner(sim, settings);
  CueSettings cues;
  cues.refractory_s = 0.0;

  auto channel = std::make_unique<BlockChannel>();
  auto source = std::make_unique<RunnerSimulator>(sim);
  const SourceLayout& layout = source->layout();
  CountingSound sound;
  EngineLoop loop(layout, settings, cues, *channel, &sound, 50.0);
  SourceFeeder feeder(std::move(source), *channel, 0.0, 0.0);

  // Offline, for comparison.
  RunnerSimulator offline_source(sim);
  GaitEngine offline(offline_source.layout(), settings);
  struct Collect : StrideSink {
    std::vector<StrideRecord> strides;
    void on_stride(const StrideRecord& r) override { strides.push_back(r); }
  } expected;
  SampleBlock block;
  while (offline_source.next(block) == SourceStatus::block)
    offline.process(block, expected);
  offline.finish(expected);

  loop.start();
  // Watched from now: the engine thread has no blocks before the feeder starts.
  test::watch_thread(loop.thread_id());
  feeder.start();
  std::vector<StrideRecord> strides;
  std::size_t signals = 0, cue_events = 0, lost = 0;
  std::uint16_t slot;
  LiveEvent e;
  for (;;) {
    bool any = false;
    while (loop.events().try_pop(e)) {
      any = true;
      if (e.type == LiveEventType::stride) strides.push_back(e.stride);
      signals += e.type == LiveEventType::signals;
      cue_events += e.type == LiveEventType::cue;
    }
    while (channel->done.try_pop(slot)) {
      channel->free.try_push(slot);
      any = true;
    }
    if (!any && loop.finished()) break;
    if (!any) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  lost = loop.events_lost();
  feeder.stop();
  loop.stop();
  test::stop_watching();

  INFO(strides.size() << " strides, " << cue_events << " cues, " << signals << " signal events");
  CHECK(sound.played.load() > 100);
  CHECK(cue_events == sound.played.load());
  CHECK(lost == 0);
  CHECK(signals > 180 * 40);
  // Every block, stride, cue and signal event of the session, and the final flush.
  CHECK(test::watched_thread_allocations() == 0);
  REQUIRE(strides.size() == expected.strides.size());
  for (std::size_t i = 0; i < strides.size(); ++i) {
    CHECK(strides[i].contact_s == expected.strides[i].contact_s);
    CHECK(strides[i].strike == expected.strides[i].strike);
  }
}
