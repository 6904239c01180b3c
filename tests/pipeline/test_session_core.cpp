// The session core (engine + cue policy) on a simulated runner: the strides are the engine's,
// and each cue comes from the event that earned it, at that event's time, by the rules of
// docs/cues.md (heel cue only for a class decided by the deadline; hips cue at the block that
// brought the stride's EMG; refractory time; numbered in order).
#include <catch2/catch.hpp>
#include <optional>
#include <variant>
#include <vector>

#include "engine/session_core.hpp"
#include "simulator/runner_simulator.hpp"

using namespace stridecue;

namespace {

// Everything the core says, in order, and the session time of the block it said it in.
struct Event {
  std::variant<StrikeEvent, StrideRecord, Cue> what;
  double block_s = 0.0;
};

struct Recorder : SessionSink {
  std::vector<Event> events;
  double block_s = 0.0;
  void on_strike(const StrikeEvent& e) override { events.push_back({e, block_s}); }
  void on_stride(const StrideRecord& r) override { events.push_back({r, block_s}); }
  void on_cue(const Cue& c) override { events.push_back({c, block_s}); }
};

struct CollectStrides : StrideSink {
  std::vector<StrideRecord> strides;
  void on_stride(const StrideRecord& s) override { strides.push_back(s); }
};

// 70 s of a heel striker whose hips tire from 25 s (the baseline is set by then).
SimulatorConfig tiring_heel_striker() {
  SimulatorConfig c;
  c.seed = 18;
  c.duration_s = 70.0;
  c.mix_start = {0.7, 0.2, 0.1};
  c.mix_end = c.mix_start;
  c.fatigue_onset_s = 25.0;
  c.fatigue_ramp_s = 10.0;
  c.fatigue_final_ratio = 0.5;
  return c;
}

template <typename T>
const T* as(const Event& e) {
  return std::get_if<T>(&e.what);
}

}  // namespace

TEST_CASE("The session core gives the engine's strides and cues by the policy's rules",
          "[session_core]") {
  const SimulatorConfig config = tiring_heel_striker();
  EngineSettings settings;
  add_known_runner(config, settings);
  CueSettings cue;  // every stride, heel cue for rearfoot, 1 s refractory

  // The core, and beside it the engine alone on the same blocks.
  RunnerSimulator sim(config);
  SessionCore core(sim.layout(), settings, cue);
  GaitEngine engine(sim.layout(), settings);
  Recorder out;
  CollectStrides alone;
  SampleBlock block;
  std::int64_t receipt = 0;
  while (sim.next(block) == SourceStatus::block) {
    block.receipt_ns = ++receipt;  // names the block
    const StreamInfo& stream = sim.layout().streams[block.stream];
    out.block_s =
        std::max(out.block_s,
                 stream.start_time_s + static_cast<double>(block.first_sample) / stream.rate_hz);
    core.process(block, out);
    engine.process(block, alone);
    CHECK(core.session_s() == out.block_s);
  }
  core.finish(out);
  engine.finish(alone);

  std::vector<StrideRecord> strides;
  std::vector<Cue> cues;
  for (const auto& e : out.events) {
    if (const auto* s = as<StrideRecord>(e)) strides.push_back(*s);
    if (const auto* c = as<Cue>(e)) cues.push_back(*c);
  }
  REQUIRE(strides.size() > 150);
  REQUIRE(strides.size() == alone.strides.size());
  for (std::size_t i = 0; i < strides.size(); ++i) {
    CHECK(strides[i].index == alone.strides[i].index);
    CHECK(strides[i].contact_s == alone.strides[i].contact_s);
    CHECK(strides[i].strike == alone.strides[i].strike);
    CHECK(strides[i].emg.glute_drop == alone.strides[i].emg.glute_drop);
  }

  // Each cue right after the event that earned it, with that event's times.
  std::optional<double> last_heel_s, last_hips_s;
  std::uint64_t heel = 0, hips = 0, seq = 0;
  std::size_t early_rearfoot = 0, late_rearfoot = 0;
  for (std::size_t i = 0; i < out.events.size(); ++i) {
    const Event& e = out.events[i];
    if (const auto* strike = as<StrikeEvent>(e)) {
      const bool miss = strike->pattern == StrikePattern::rearfoot;
      (strike->early ? early_rearfoot : late_rearfoot) += miss;
      // every_stride: an early miss cues unless the last heel cue is less than 1 s before it.
      const bool due = miss && strike->early &&
                       (!last_heel_s || strike->decided_s - *last_heel_s >= cue.refractory_s);
      const Cue* next = i + 1 < out.events.size() ? as<Cue>(out.events[i + 1]) : nullptr;
      const bool cued = next != nullptr && next->kind == CueKind::heel_strike;
      CAPTURE(strike->contact_s, strike->early, to_string(strike->pattern));
      REQUIRE(cued == due);
      if (!cued) continue;
      CHECK(next->contact_s == strike->contact_s);
      CHECK(next->decided_s == strike->decided_s);
      CHECK(next->receipt_ns == strike->receipt_ns);
      CHECK(next->side == strike->side);
      last_heel_s = next->decided_s;
    } else if (const auto* stride = as<StrideRecord>(e)) {
      const bool due =
          stride->emg.glute_drop && (!last_hips_s || e.block_s - *last_hips_s >= cue.refractory_s);
      const Cue* next = i + 1 < out.events.size() ? as<Cue>(out.events[i + 1]) : nullptr;
      const bool cued = next != nullptr && next->kind == CueKind::hips;
      CAPTURE(stride->index, stride->contact_s);
      REQUIRE(cued == due);
      if (!cued) continue;
      CHECK(next->contact_s == stride->contact_s);
      CHECK(next->decided_s == e.block_s);  // the block that brought its EMG in
      CHECK(next->side == stride->side);
      REQUIRE(next->reason.glute_ratio);
      CHECK(*next->reason.glute_ratio < 1.0);
      last_hips_s = next->decided_s;
    } else if (const auto* c = as<Cue>(e)) {
      CHECK(c->seq == ++seq);
      ++(c->kind == CueKind::heel_strike ? heel : hips);
    }
  }
  CHECK(early_rearfoot > 50);
  CHECK(late_rearfoot > 0);  // each foot's first stance: known at toe-off, never cued
  CHECK(heel > 20);
  CHECK(hips > 5);
  CHECK(core.cues().heel_strike == heel);
  CHECK(core.cues().hips == hips);
  CHECK(cues.size() == seq);
}

TEST_CASE("The session core replays the same blocks to the same events", "[session_core]") {
  const SimulatorConfig config = tiring_heel_striker();
  EngineSettings settings;
  add_known_runner(config, settings);
  CueSettings cue;
  cue.mode = CueMode::bandwidth;
  cue.bandwidth_misses = 2;
  cue.bandwidth_strides = 4;
  const auto run = [&] {
    RunnerSimulator sim(config);
    SessionCore core(sim.layout(), settings, cue);
    Recorder out;
    SampleBlock block;
    while (sim.next(block) == SourceStatus::block)
      core.process(block, out);
    core.finish(out);
    return out.events;
  };
  const auto first = run(), second = run();
  REQUIRE(first.size() == second.size());
  std::size_t cues = 0;
  for (std::size_t i = 0; i < first.size(); ++i) {
    REQUIRE(first[i].what.index() == second[i].what.index());
    if (const auto* a = as<Cue>(first[i])) {
      const Cue* b = as<Cue>(second[i]);
      CHECK(a->seq == b->seq);
      CHECK(a->kind == b->kind);
      CHECK(a->contact_s == b->contact_s);
      CHECK(a->decided_s == b->decided_s);
      CHECK(a->reason.misses == b->reason.misses);
      CHECK(a->reason.mode == CueMode::bandwidth);
      ++cues;
    }
  }
  CHECK(cues > 20);
}

TEST_CASE("Settings and baseline resets reach the session core at the next block",
          "[session_core]") {
  const SimulatorConfig config = tiring_heel_striker();
  EngineSettings settings;
  add_known_runner(config, settings);
  RunnerSimulator sim(config);
  SessionCore core(sim.layout(), settings, CueSettings{});
  Recorder out;
  SampleBlock block;
  CueSettings quiet;
  quiet.heel_enabled = false;
  quiet.hips_enabled = false;
  CueSettings broken;
  broken.bandwidth_misses = 9;  // more than bandwidth_strides
  EngineSettings bad_engine = settings;
  bad_engine.contact.release_threshold_n = settings.contact.contact_threshold_n + 10.0;
  std::size_t cues_before = 0;
  bool applied = false;
  while (sim.next(block) == SourceStatus::block) {
    core.process(block, out);
    if (!applied && core.session_s() >= 40.0) {
      // A refusal from either part leaves both on the old settings.
      CHECK_THROWS_AS(core.apply(settings, broken), std::invalid_argument);
      CHECK_THROWS_AS(core.apply(bad_engine, quiet), std::invalid_argument);
      CHECK(core.cue_settings().heel_enabled);
      CHECK(core.engine().settings().contact.release_threshold_n ==
            settings.contact.release_threshold_n);
      REQUIRE(core.engine().glute_baseline_v(Side::left));
      core.reset_baselines(Side::left);
      CHECK_FALSE(core.engine().glute_baseline_v(Side::left));
      CHECK(core.engine().glute_baseline_v(Side::right));
      core.apply(settings, quiet);
      CHECK_FALSE(core.cue_settings().heel_enabled);
      cues_before = core.cues().total();
      applied = true;
    }
  }
  core.finish(out);
  REQUIRE(applied);
  CHECK(cues_before > 10);
  CHECK(core.cues().total() == cues_before);  // nothing cued after the change
}
