// The loading-rate, cadence and glute-onset cues on simulated runners (docs/cues.md): a runner
// whose VALR, step rate or gluteus medius onset crosses the band gets the cue within a few
// strides of crossing it, and one who stays inside gets none. The simulator's truth says when
// the runner crossed (SimulatorConfig: strike mix, cadence_change_s, emg_onset_delay_s).
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "engine/session_core.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/only_cue_settings.hpp"

using namespace stridecue;

namespace {

struct Session : SessionSink {
  std::vector<StrideRecord> strides;
  std::vector<Cue> cues;
  void on_strike(const StrikeEvent&) override {}
  void on_stride(const StrideRecord& r) override { strides.push_back(r); }
  void on_cue(const Cue& c) override { cues.push_back(c); }
};

using test::only;

Session run(const SimulatorConfig& config, const CueSettings& cue) {
  EngineSettings settings;
  add_known_runner(config, settings);  // the body mass: VALR in BW/s
  RunnerSimulator sim(config);
  SessionCore core(sim.layout(), settings, cue);
  Session out;
  SampleBlock block;
  while (sim.next(block) == SourceStatus::block)
    core.process(block, out);
  core.finish(out);
  return out;
}

SimulatorConfig runner(std::uint64_t seed, double duration_s) {
  SimulatorConfig c;
  c.seed = seed;
  c.duration_s = duration_s;
  return c;
}

std::size_t count_kind(const Session& s, CueKind kind) {
  return static_cast<std::size_t>(
      std::count_if(s.cues.begin(), s.cues.end(), [kind](const Cue& c) { return c.kind == kind; }));
}

// The mean VALR of each side's first `n` strides, as the policy learns it.
double mean_first_valr(const Session& s, Side side, int n) {
  double sum = 0.0;
  int count = 0;
  for (const StrideRecord& r : s.strides) {
    if (r.side != side || !r.valr_bw_s || count == n) continue;
    sum += *r.valr_bw_s;
    ++count;
  }
  return sum / count;
}

}  // namespace

TEST_CASE(
    "Run softer: a heel striker above 80 % of the learnt baseline is cued at once, "
    "a forefoot runner below the band never",
    "[evidence_cues]") {
  // A rearfoot striker keeps his baseline loading rate: every judged stride is above 80 % of it.
  CueSettings cue = only(CueKind::loading_rate);
  cue.loading_rate.baseline_strides = 10;
  const Session heel = run(runner(3, 30.0), cue);
  REQUIRE(heel.strides.size() > 60);
  const std::size_t cues = count_kind(heel, CueKind::loading_rate);
  CHECK(cues == heel.cues.size());
  // Per side: the first judged stride (the 11th with a VALR) is cued, and so is nearly every
  // later one (the simulator's impact varies ±15 % around the mean).
  for (const Side side : {Side::left, Side::right}) {
    std::vector<const StrideRecord*> of_side;
    for (const StrideRecord& r : heel.strides)
      if (r.side == side && r.valr_bw_s) of_side.push_back(&r);
    REQUIRE(of_side.size() > 20);
    const double limit = 0.8 * mean_first_valr(heel, side, 10);
    std::size_t above = 0, cued = 0;
    for (std::size_t i = 10; i < of_side.size(); ++i) {
      const bool is_above = *of_side[i]->valr_bw_s > limit;
      const bool was_cued = std::any_of(heel.cues.begin(), heel.cues.end(), [&](const Cue& c) {
        return c.side == side && c.contact_s == of_side[i]->contact_s;
      });
      CHECK(was_cued == is_above);  // the cue is the stride's own verdict
      above += is_above;
      cued += was_cued;
    }
    CHECK(above >= (of_side.size() - 10) * 9 / 10);
    CHECK(cued == above);
  }
  for (const Cue& c : heel.cues) {
    CHECK(*c.reason.valr_bw_s > *c.reason.valr_limit_bw_s);
    CHECK(c.decided_s >= c.contact_s);
  }

  // The same runner's baseline given as a setting, and a forefoot runner: no impact peak, a
  // loading rate well inside the band, no cue.
  CueSettings set = only(CueKind::loading_rate);
  set.loading_rate.baseline_bw_s = mean_first_valr(heel, Side::left, 10);
  SimulatorConfig soft = runner(3, 30.0);
  soft.mix_start = soft.mix_end = {0.0, 0.0, 1.0};
  const Session forefoot = run(soft, set);
  REQUIRE(forefoot.strides.size() > 60);
  CHECK(forefoot.cues.empty());
  // With the heel striker's set baseline the heel striker is still cued: the setting is used.
  CHECK(count_kind(run(runner(3, 30.0), set), CueKind::loading_rate) > 40);
}

TEST_CASE("Cadence: a runner below the target is cued until he steps quicker, then not",
          "[evidence_cues]") {
  // 170 steps/min; the target is the learnt baseline + 7.5 % (~183). At 40 s the runner takes
  // the advice and steps at 183.
  SimulatorConfig c = runner(5, 70.0);
  c.cadence_change_s = 40.0;
  c.cadence_after_steps_per_min = 183.0;
  CueSettings cue = only(CueKind::cadence);
  cue.cadence.baseline_steps = 20;
  cue.cadence.mean_steps = 6;
  const Session s = run(c, cue);
  REQUIRE(s.strides.size() > 200);
  // The 20 learning steps plus the 6 of the mean: judged from the ~27th stride, cued at once.
  const StrideRecord& first_judged = s.strides[26];
  REQUIRE_FALSE(s.cues.empty());
  CHECK(s.cues.front().kind == CueKind::cadence);
  CHECK(s.cues.front().contact_s <= first_judged.contact_s + 1e-9);
  CHECK(*s.cues.front().reason.cadence_steps_min < *s.cues.front().reason.cadence_target_steps_min);
  // Every stride until the change is cued (no refractory, every-stride mode) …
  const auto before =
      std::count_if(s.cues.begin(), s.cues.end(), [](const Cue& q) { return q.contact_s < 40.0; });
  const auto strides_before =
      std::count_if(s.strides.begin(), s.strides.end(), [&](const StrideRecord& r) {
        return r.contact_s >= s.cues.front().contact_s && r.contact_s < 40.0;
      });
  CHECK(before >= strides_before - 1);
  // … and once the mean of six has caught up with the new step rate, none.
  const double settled_s = 40.0 + 8 * 60.0 / 183.0;
  for (const Cue& cue_after : s.cues)
    CHECK(cue_after.contact_s < settled_s);

  // A runner at an absolute target inside its band gets none.
  CueSettings at_target = only(CueKind::cadence);
  at_target.cadence.target_steps_min = 170.0;
  CHECK(run(runner(5, 40.0), at_target).cues.empty());
  // At 160 against that target he is cued.
  SimulatorConfig slow = runner(5, 40.0);
  slow.cadence_steps_per_min = 160.0;
  CHECK(count_kind(run(slow, at_target), CueKind::cadence) > 80);
}

TEST_CASE("Hips early: a gluteus medius burst that starts late is cued within a few strides",
          "[evidence_cues]") {
  // The burst starts 100-150 ms before contact; from 30 s it comes 200 ms later, i.e. 50-100 ms
  // after contact, past the limit of 0 ms.
  SimulatorConfig c = runner(7, 60.0);
  c.emg_onset_delay_s = 0.2;
  c.emg_onset_delay_from_s = 30.0;
  CueSettings cue = only(CueKind::glute_onset);
  cue.glute_onset.late_ms = 0.0;
  const Session s = run(c, cue);
  REQUIRE(s.strides.size() > 150);
  REQUIRE_FALSE(s.cues.empty());
  // None before the change, and the first within two strides of it.
  CHECK(s.cues.front().contact_s >= 30.0);
  const auto first_late = std::find_if(s.strides.begin(), s.strides.end(), [](const auto& r) {
    return r.contact_s >= 30.0 && r.gmed() != nullptr;
  });
  REQUIRE(first_late != s.strides.end());
  CHECK(s.cues.front().contact_s <= first_late->contact_s + 2 * 0.36);
  // From then on the late strides are cued (all but the odd one whose onset was not found).
  std::size_t late_strides = 0;
  for (const StrideRecord& r : s.strides)
    if (r.contact_s >= 30.0 && r.gmed() && r.gmed()->onset_ms) ++late_strides;
  CHECK(count_kind(s, CueKind::glute_onset) >= late_strides * 9 / 10);
  for (const Cue& c2 : s.cues)
    CHECK(*c2.reason.glute_onset_ms > 0.0);

  // The same runner without the delay: onsets well before contact, no cue.
  CHECK(run(runner(7, 60.0), cue).cues.empty());
}
