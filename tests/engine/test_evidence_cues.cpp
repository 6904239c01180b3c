// The three cues beside the heel and hips cues (docs/cues.md): "run softer" (VALR above a band
// set from the runner's baseline), cadence (the running mean step rate outside its band) and
// "hips early" (a late gluteus medius onset), on hand-made stride records. The same modes,
// refractory time and faded schedule hold for them as for the first two.
#include <catch2/catch.hpp>

#include <limits>
#include <string>
#include <vector>

#include "engine/cue_policy.hpp"
#include "support/allocation_counter.hpp"
#include "support/only_cue_settings.hpp"

using namespace stridecue;
using Catch::Matchers::Contains;

namespace {

using test::only;

StrideRecord stride(double contact_s, Side side = Side::left) {
  StrideRecord r;
  r.side = side;
  r.contact_s = contact_s;
  r.toe_off_s = contact_s + 0.25;
  return r;
}

StrideRecord with_valr(double contact_s, double valr_bw_s, Side side = Side::left) {
  StrideRecord r = stride(contact_s, side);
  r.valr_bw_s = valr_bw_s;
  r.valr_n_s = valr_bw_s * 70.0 * 9.80665;
  return r;
}

StrideRecord with_step(double contact_s, double steps_min) {
  StrideRecord r = stride(contact_s);
  r.step_time_ms = 60000.0 / steps_min;
  return r;
}

StrideRecord with_onset(double contact_s, double onset_ms) {
  StrideRecord r = stride(contact_s);
  r.emg.count = 1;
  r.emg.muscles[0].muscle = "gmed";
  r.emg.muscles[0].ratio = 1.0;
  r.emg.muscles[0].onset_ms = onset_ms;
  r.emg.gmed = 0;
  return r;
}

std::vector<Cue> of_kind(const CueList& list, CueKind kind) {
  std::vector<Cue> out;
  for (const Cue& c : list)
    if (c.kind == kind) out.push_back(c);
  return out;
}

}  // namespace

TEST_CASE("The new kinds have names for the stream and back, and words", "[cue]") {
  CHECK(to_string(CueKind::loading_rate) == "loading_rate");
  CHECK(to_string(CueKind::cadence) == "cadence");
  CHECK(to_string(CueKind::glute_onset) == "glute_onset");
  for (const CueKind k : kCueKinds) {
    CHECK(cue_kind_from_string(to_string(k)) == k);
    CHECK_FALSE(cue_words(k).empty());
  }
  CHECK(cue_words(CueKind::loading_rate) == "RUN SOFTER");
  CHECK(cue_words(CueKind::glute_onset) == "HIPS EARLY");
}

TEST_CASE("Every new kind is off by default", "[cue]") {
  const CueSettings s;
  CHECK_FALSE(s.loading_rate.enabled);
  CHECK_FALSE(s.cadence.enabled);
  CHECK_FALSE(s.glute_onset.enabled);
  // Strides that miss every new band (and raise no glute drop-off) earn nothing by default.
  CuePolicy policy(s);
  std::size_t cues = 0;
  for (int i = 0; i < 60; ++i) {
    StrideRecord r = with_onset(0.35 * i, 120.0);
    r.valr_bw_s = i < 20 ? 50.0 : 200.0;
    r.step_time_ms = 60000.0 / 120.0;
    cues += policy.on_stride(r).size();
  }
  CHECK(cues == 0);
}

TEST_CASE("Run softer: the baseline is learnt per side, then VALR above the band's top cues",
          "[cue]") {
  CueSettings s = only(CueKind::loading_rate);
  s.loading_rate.baseline_strides = 4;
  s.loading_rate.max_share = 0.8;
  CuePolicy policy(s);
  // Four left strides at 100 BW/s make the left baseline; none of them is judged.
  for (int i = 0; i < 4; ++i)
    CHECK(policy.on_stride(with_valr(0.7 * i, 100.0)).empty());
  REQUIRE(policy.valr_baseline_bw_s(Side::left) == Approx(100.0));
  CHECK_FALSE(policy.valr_baseline_bw_s(Side::right));
  // The right foot has no baseline yet: nothing to judge it by.
  CHECK(policy.on_stride(with_valr(3.0, 150.0, Side::right)).empty());
  // 85 BW/s is above 80 % of 100: a cue that carries the stride's VALR and the band's top.
  const auto cues = policy.on_stride(with_valr(3.5, 85.0));
  REQUIRE(cues.size() == 1);
  const Cue& cue = cues.front();
  CHECK(cue.kind == CueKind::loading_rate);
  CHECK(cue.side == Side::left);
  CHECK(cue.contact_s == 3.5);
  CHECK(cue.decided_s == 3.75);  // the toe-off: the record knows no later time
  CHECK(cue.reason.valr_bw_s == 85.0);
  CHECK(*cue.reason.valr_limit_bw_s == Approx(80.0));
  CHECK_THAT(describe(cue), Contains("Loading-rate cue, left foot") && Contains("VALR 85 BW/s") &&
                                Contains("above 80 BW/s"));
  // At 75 BW/s the runner is inside the band.
  CHECK(policy.on_stride(with_valr(4.2, 75.0)).empty());
  // A stride without a VALR (no body mass) says nothing.
  CHECK(policy.on_stride(stride(4.9)).empty());
}

TEST_CASE("Run softer: a baseline set by a setting is used from the first stride", "[cue]") {
  CueSettings s = only(CueKind::loading_rate);
  s.loading_rate.baseline_bw_s = 60.0;
  s.loading_rate.max_share = 0.5;
  CuePolicy policy(s);
  CHECK(policy.on_stride(with_valr(0.0, 29.0)).empty());
  CHECK(policy.on_stride(with_valr(0.7, 31.0)).size() == 1);
  CHECK(policy.on_stride(with_valr(1.4, 31.0, Side::right)).size() == 1);
}

TEST_CASE("Cadence: a running mean outside the band cues, one odd step does not", "[cue]") {
  CueSettings s = only(CueKind::cadence);
  s.cadence.target_steps_min = 180.0;
  s.cadence.tolerance_share = 0.03;  // 174.6 … 185.4
  s.cadence.mean_steps = 4;
  CuePolicy policy(s);
  double t = 0.0;
  const auto step = [&](double rate) {
    t += 60.0 / rate;
    return of_kind(policy.on_stride(with_step(t, rate)), CueKind::cadence);
  };
  // Until the mean has its four steps, nothing is judged.
  for (int i = 0; i < 4; ++i)
    CHECK(step(180.0).empty());
  // One step at 160 moves the mean of four to 175: still inside.
  CHECK(step(160.0).empty());
  // Back at 180 the mean is still 175; one more slow step takes it out of the band.
  CHECK(step(180.0).empty());
  const auto cue = step(165.0);  // (180 + 160 + 180 + 165) / 4 = 171.25: below 174.6
  REQUIRE(cue.size() == 1);
  CHECK(*cue[0].reason.cadence_steps_min == Approx(171.25));
  CHECK(cue[0].reason.cadence_target_steps_min == 180.0);
  CHECK_THAT(describe(cue[0]), Contains("Cadence cue") && Contains("cadence 171 steps/min") &&
                                   Contains("below the target 180"));
  // Too quick is a miss too.
  for (int i = 0; i < 3; ++i)
    step(200.0);
  const auto quick = step(200.0);
  REQUIRE(quick.size() == 1);
  CHECK_THAT(describe(quick[0]), Contains("above the target 180"));
  // A missed contact (a step three times as long) is not a step rate: it is skipped.
  t += 1.0;
  StrideRecord gap = with_step(t, 60.0);
  CHECK(policy.on_stride(gap).empty());
}

TEST_CASE("Cadence: the target is the learnt baseline raised by the increase", "[cue]") {
  CueSettings s = only(CueKind::cadence);
  s.cadence.baseline_steps = 6;
  s.cadence.increase_share = 0.075;  // Willy et al. 2016
  s.cadence.mean_steps = 3;
  CuePolicy policy(s);
  double t = 0.0;
  int cues = 0;
  for (int i = 0; i < 6; ++i) {
    t += 60.0 / 160.0;
    cues += static_cast<int>(policy.on_stride(with_step(t, 160.0)).size());
  }
  CHECK(cues == 0);  // learning
  REQUIRE(policy.cadence_baseline_steps_min() == Approx(160.0));
  // Still at 160: below 172 ± 3 %, a cue at once.
  t += 60.0 / 160.0;
  const auto first = policy.on_stride(with_step(t, 160.0));
  REQUIRE(first.size() == 1);
  CHECK(*first.front().reason.cadence_target_steps_min == Approx(172.0));
  // At 172 the runner is inside the band once the mean has caught up (three steps).
  int late = 0;
  for (int i = 0; i < 10; ++i) {
    t += 60.0 / 172.0;
    if (!policy.on_stride(with_step(t, 172.0)).empty() && i >= 2) ++late;
  }
  CHECK(late == 0);
}

TEST_CASE("A new runner learns their own baselines: nothing of the last runner's is kept",
          "[cue]") {
  CueSettings s = only(CueKind::loading_rate);
  s.loading_rate.baseline_strides = 4;
  s.cadence.enabled = true;
  s.cadence.baseline_steps = 4;
  s.cadence.mean_steps = 2;
  s.cadence.increase_share = 0.0;  // the target is the baseline itself
  CuePolicy policy(s);
  double t = 0.0;
  const auto step = [&](double valr, double steps_min, Side side = Side::left) {
    t += 60.0 / steps_min;
    StrideRecord r = with_valr(t, valr, side);
    r.step_time_ms = 60000.0 / steps_min;
    return policy.on_stride(r);
  };
  // The first runner: a soft 40 BW/s and 150 steps/min make their baselines.
  for (int i = 0; i < 4; ++i) {
    step(40.0, 150.0);
    step(40.0, 150.0, Side::right);
  }
  REQUIRE(policy.valr_baseline_bw_s(Side::left) == Approx(40.0));
  REQUIRE(policy.cadence_baseline_steps_min() == Approx(150.0));
  // One side's reset forgets that side's VALR baseline only.
  policy.reset_baselines(Side::left);
  CHECK_FALSE(policy.valr_baseline_bw_s(Side::left));
  CHECK(policy.valr_baseline_bw_s(Side::right) == Approx(40.0));
  CHECK(policy.cadence_baseline_steps_min() == Approx(150.0));
  // The next runner lands at 90 BW/s and 175 steps/min. Judged against 40 and 150 they would be
  // cued from their first step; after the new runner's reset their first strides learn their
  // own baselines, and the band is 80 % of their 90 BW/s.
  policy.reset_for_new_runner();
  CHECK_FALSE(policy.valr_baseline_bw_s(Side::right));
  CHECK_FALSE(policy.cadence_baseline_steps_min());
  int learning_cues = 0;
  int cadence_cues = 0;
  std::vector<double> limits;
  for (int i = 0; i < 12; ++i) {
    for (const Side side : {Side::left, Side::right}) {
      for (const Cue& c : step(90.0, 175.0, side)) {
        if (i < 4) ++learning_cues;
        if (c.kind == CueKind::cadence) ++cadence_cues;
        if (c.reason.valr_limit_bw_s) limits.push_back(*c.reason.valr_limit_bw_s);
      }
    }
  }
  CHECK(learning_cues == 0);
  CHECK(cadence_cues == 0);  // at their own cadence, the target (increase 0)
  REQUIRE(limits.size() == 16);
  for (const double limit : limits)
    CHECK(limit == Approx(72.0));
  CHECK(policy.valr_baseline_bw_s(Side::right) == Approx(90.0));
  CHECK(*policy.cadence_baseline_steps_min() == Approx(175.0));
}

TEST_CASE("Hips early: a gluteus medius onset later than the limit cues", "[cue]") {
  CueSettings s = only(CueKind::glute_onset);
  s.glute_onset.late_ms = -20.0;
  CuePolicy policy(s);
  CHECK(policy.on_stride(with_onset(0.0, -110.0)).empty());
  CHECK(policy.on_stride(with_onset(0.7, -20.0)).empty());  // at the limit: not late
  const auto cues = policy.on_stride(with_onset(1.4, 35.0));
  REQUIRE(cues.size() == 1);
  CHECK(cues.front().kind == CueKind::glute_onset);
  CHECK(cues.front().reason.glute_onset_ms == 35.0);
  CHECK(cues.front().reason.glute_onset_limit_ms == -20.0);
  CHECK_THAT(describe(cues.front()),
             Contains("Glute-onset cue") && Contains("onset +35 ms") && Contains("-20 ms"));
  // A stride whose burst had no onset, or no gluteus medius at all, says nothing.
  StrideRecord no_onset = with_onset(2.1, 0.0);
  no_onset.emg.muscles[0].onset_ms.reset();
  CHECK(policy.on_stride(no_onset).empty());
  CHECK(policy.on_stride(stride(2.8)).empty());
}

TEST_CASE("The new kinds keep the modes: bandwidth, summary and the refractory time", "[cue]") {
  SECTION("bandwidth: three of the last five onsets late") {
    CueSettings s = only(CueKind::glute_onset);
    s.mode = CueMode::bandwidth;
    s.bandwidth_misses = 3;
    s.bandwidth_strides = 5;
    CuePolicy policy(s);
    const double onsets[] = {30, 30, -100, 30, 30, -100};
    std::vector<int> cued;
    for (int i = 0; i < 6; ++i)
      if (!policy.on_stride(with_onset(0.7 * i, onsets[i])).empty()) cued.push_back(i);
    CHECK(cued == std::vector<int>{3, 4});
  }
  SECTION("summary: one verdict per block, with the mean VALR of its misses") {
    CueSettings s = only(CueKind::loading_rate);
    s.loading_rate.baseline_bw_s = 100.0;
    s.mode = CueMode::summary;
    s.summary_strides = 4;
    s.summary_min_share = 0.5;
    CuePolicy policy(s);
    const double valr[] = {90, 70, 94, 60, 70, 70, 70, 90};
    std::vector<Cue> cues;
    for (int i = 0; i < 8; ++i)
      for (const Cue& c : policy.on_stride(with_valr(0.7 * i, valr[i])))
        cues.push_back(c);
    REQUIRE(cues.size() == 1);  // the second block had one miss in four
    CHECK(cues[0].reason.misses == 2);
    CHECK(cues[0].reason.window == 4);
    CHECK(*cues[0].reason.valr_bw_s == Approx(92.0));
    CHECK_THAT(describe(cues[0]),
               Contains("2 of 4 strides in the block missed") && Contains("mean VALR 92 BW/s"));
  }
  SECTION("refractory: per kind, not across kinds") {
    CueSettings s = only(CueKind::loading_rate);
    s.glute_onset.enabled = true;
    s.loading_rate.baseline_bw_s = 100.0;
    s.refractory_s = 1.0;
    CuePolicy policy(s);
    const auto both = [](double t) {
      StrideRecord r = with_onset(t, 40.0);
      r.valr_bw_s = 120.0;
      return r;
    };
    CHECK(policy.on_stride(both(0.0)).size() == 2);  // two kinds, one stride
    CHECK(policy.on_stride(both(0.5)).empty());      // 0.5 s later: both held back
    CHECK(policy.on_stride(both(1.1)).size() == 2);
  }
  SECTION("faded schedule: no feedback in the last session") {
    CueSettings s = only(CueKind::glute_onset);
    s.fading.enabled = true;
    s.session_number = s.fading.sessions;
    CuePolicy policy(s);
    for (int i = 0; i < 10; ++i)
      CHECK(policy.on_stride(with_onset(0.7 * i, 40.0)).empty());
  }
}

TEST_CASE("The new kinds' settings are checked, and the message names them", "[cue]") {
  const auto problem_with = [](auto change) {
    CueSettings s;
    change(s);
    return std::string(s.problem() ? s.problem() : "");
  };
  CHECK_THAT(problem_with([](CueSettings& s) { s.loading_rate.max_share = 0.0; }),
             Contains("cue.loading_rate.max_share"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.loading_rate.baseline_strides = 0; }),
             Contains("cue.loading_rate.baseline_strides"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.loading_rate.baseline_bw_s = -3.0; }),
             Contains("cue.loading_rate.baseline_bw_s"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.cadence.target_steps_min = 40.0; }),
             Contains("cue.cadence.target_steps_min"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.cadence.tolerance_share = 0.0; }),
             Contains("cue.cadence.tolerance_share"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.cadence.mean_steps = 65; }),
             Contains("cue.cadence.mean_steps"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.cadence.baseline_steps = 0; }),
             Contains("cue.cadence.baseline_steps"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.cadence.increase_share = 0.9; }),
             Contains("cue.cadence.increase_share"));
  CHECK_THAT(problem_with([](CueSettings& s) {
               s.glute_onset.late_ms = std::numeric_limits<double>::infinity();
             }),
             Contains("cue.glute_onset.late_ms"));
}

TEST_CASE("The new kinds allocate nothing on the engine thread", "[cue][alloc]") {
  CueSettings s;
  s.refractory_s = 0.0;
  s.loading_rate.enabled = true;
  s.loading_rate.baseline_strides = 5;
  s.cadence.enabled = true;
  s.cadence.baseline_steps = 5;
  s.glute_onset.enabled = true;
  CueSettings summary = s;
  summary.mode = CueMode::summary;
  summary.summary_strides = 4;
  CuePolicy policy(s);
  int cues = 0;
  test::start_counting_allocations();
  for (int i = 0; i < 300; ++i) {
    if (i == 150) policy.apply(summary);
    StrideRecord r = with_onset(0.35 * i, i < 10 ? -100.0 : 30.0);
    r.valr_bw_s = i < 10 ? 60.0 : 90.0;
    r.step_time_ms = i < 10 ? 350.0 : 400.0;
    cues += static_cast<int>(policy.on_stride(r, r.toe_off_s + 0.1, 1).size());
  }
  const long allocations = test::stop_counting_allocations();
  CHECK(allocations == 0);
  CHECK(cues > 300);  // all three kinds cued: the paths that build a cue ran
}
