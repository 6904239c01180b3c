#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/cue_policy.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;
using Catch::Matchers::Contains;

namespace {

StrikePattern pattern_of(char c) {
  switch (c) {
    case 'R': return StrikePattern::rearfoot;
    case 'M': return StrikePattern::midfoot;
    default: return StrikePattern::forefoot;
  }
}

// A strike decided 20 ms after its contact, contacts `step_s` apart.
StrikeEvent strike_at(StrikePattern p, double contact_s, std::optional<double> index = {}) {
  StrikeEvent e;
  e.side = Side::left;
  e.contact_s = contact_s;
  e.pattern = p;
  e.strike_index = index;
  e.decided_s = contact_s + 0.02;
  e.early = true;  // decided by the deadline
  e.receipt_ns = static_cast<std::int64_t>(contact_s * 1e9) + 777;
  return e;
}

// Feeds one strike per letter (R rearfoot, M midfoot, F forefoot) `step_s`
// apart, starting at `start_s`; returns the positions that earned a cue.
std::vector<int> feed_strikes(CuePolicy& policy, const std::string& script, double step_s = 0.4,
                              double start_s = 0.0, std::vector<Cue>* cues = nullptr) {
  std::vector<int> cued;
  for (std::size_t i = 0; i < script.size(); ++i) {
    const auto cue = policy.on_strike(
        strike_at(pattern_of(script[i]), start_s + step_s * static_cast<double>(i)));
    if (cue) {
      cued.push_back(static_cast<int>(i));
      if (cues) cues->push_back(*cue);
    }
  }
  return cued;
}

// A stride with a gluteus medius measure (ratio to baseline) and the drop-off
// flag.
StrideRecord stride_with_gmed(double contact_s, double ratio, bool drop) {
  StrideRecord r;
  r.side = Side::right;
  r.contact_s = contact_s;
  r.toe_off_s = contact_s + 0.25;
  r.emg.count = 1;
  r.emg.muscles[0].muscle = "gmed";
  r.emg.muscles[0].ratio = ratio;
  r.emg.gmed = 0;
  r.emg.glute_drop = drop;
  return r;
}

CueSettings no_refractory() {
  CueSettings s;
  s.refractory_s = 0.0;
  return s;
}

}  // namespace

TEST_CASE("Kinds and modes have names for the config and back", "[cue]") {
  CHECK(to_string(CueKind::heel_strike) == "heel_strike");
  CHECK(to_string(CueKind::hips) == "hips");
  CHECK(to_string(CueMode::every_stride) == "every_stride");
  CHECK(to_string(CueMode::bandwidth) == "bandwidth");
  CHECK(to_string(CueMode::summary) == "summary");
  for (auto k : {CueKind::heel_strike, CueKind::hips})
    CHECK(cue_kind_from_string(to_string(k)) == k);
  for (auto m : {CueMode::every_stride, CueMode::bandwidth, CueMode::summary}) {
    CHECK(cue_mode_from_string(to_string(m)) == m);
  }
  CHECK_FALSE(cue_kind_from_string("heel"));
  CHECK_FALSE(cue_mode_from_string("every-stride"));
  CHECK_FALSE(cue_mode_from_string(""));
}

TEST_CASE("Every-stride mode cues each rearfoot strike and carries its facts", "[cue]") {
  CuePolicy policy(no_refractory());
  CHECK(feed_strikes(policy, "RFRMRRF") == std::vector<int>{0, 2, 4, 5});

  const auto cue = policy.on_strike(strike_at(StrikePattern::rearfoot, 10.0, 0.12));
  REQUIRE(cue);
  CHECK(cue->kind == CueKind::heel_strike);
  CHECK(cue->side == Side::left);
  CHECK(cue->contact_s == 10.0);
  CHECK(cue->decided_s == Approx(10.02));
  CHECK(cue->receipt_ns == 10'000'000'777);
  CHECK(cue->reason.mode == CueMode::every_stride);
  CHECK(cue->reason.pattern == StrikePattern::rearfoot);
  CHECK(cue->reason.strike_index == 0.12);
  CHECK_FALSE(cue->reason.glute_ratio);
  CHECK(cue->reason.misses == 1);
  CHECK(cue->reason.window == 1);
  CHECK(cue->reason.feedback_share == 1.0);
}

TEST_CASE("The heel classes decide which strikes miss", "[cue]") {
  CueSettings s = no_refractory();
  s.heel_classes = {true, true, false};  // rearfoot and midfoot
  CuePolicy policy(s);
  CHECK(feed_strikes(policy, "RFRMRRF") == std::vector<int>{0, 2, 3, 4, 5});

  s.heel_classes = {false, true, false};  // midfoot only
  CuePolicy midfoot_only(s);
  std::vector<Cue> cues;
  CHECK(feed_strikes(midfoot_only, "RFRMRRFM", 0.4, 0.0, &cues) == std::vector<int>{3, 7});
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].reason.pattern == StrikePattern::midfoot);
}

TEST_CASE("Bandwidth mode cues a miss once enough of the last strikes missed", "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::bandwidth;
  s.bandwidth_misses = 3;
  s.bandwidth_strides = 5;
  CuePolicy policy(s);
  std::vector<Cue> cues;
  // Misses in the last five after each strike: 1 1 2 2 3 3 3 2 2 2 2 3. Strike
  // 6 has three in its window but is itself forefoot: no cue for a good strike.
  CHECK(feed_strikes(policy, "RFRFRRFFFRRR", 0.4, 0.0, &cues) == std::vector<int>{4, 5, 11});
  REQUIRE(cues.size() == 3);
  CHECK(cues[0].reason.mode == CueMode::bandwidth);
  CHECK(cues[0].reason.misses == 3);
  CHECK(cues[0].reason.window == 5);
  CHECK(cues[0].reason.pattern == StrikePattern::rearfoot);
}

TEST_CASE("Bandwidth mode counts misses before its window has filled", "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::bandwidth;
  s.bandwidth_misses = 2;
  s.bandwidth_strides = 5;
  CuePolicy policy(s);
  std::vector<Cue> cues;
  CHECK(feed_strikes(policy, "RR", 0.4, 0.0, &cues) == std::vector<int>{1});
  REQUIRE(cues.size() == 1);
  CHECK(cues[0].reason.misses == 2);
  CHECK(cues[0].reason.window == 2);
}

TEST_CASE("Summary mode gives one cue per block that reached the share of misses", "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::summary;
  s.summary_strides = 4;
  s.summary_min_share = 0.5;
  CuePolicy policy(s);
  std::vector<Cue> cues;
  // Blocks: RFFF (1 miss) · RRFF (2, cue at its last strike, a forefoot one) ·
  // FRRR (3, cue) · FFFF (0) · R (block not complete).
  CHECK(feed_strikes(policy, "RFFFRRFFFRRRFFFFR", 0.4, 0.0, &cues) == std::vector<int>{7, 11});
  REQUIRE(cues.size() == 2);
  CHECK(cues[0].reason.mode == CueMode::summary);
  CHECK(cues[0].reason.misses == 2);
  CHECK(cues[0].reason.window == 4);
  CHECK(cues[0].reason.pattern == StrikePattern::rearfoot);
  CHECK(cues[0].contact_s == Approx(7 * 0.4));
  CHECK(cues[1].reason.misses == 3);
}

TEST_CASE("Summary mode: a share like 0.28 of 25 is reached by 7 misses", "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::summary;
  s.summary_strides = 25;
  s.summary_min_share = 0.28;  // × 25 = 7.000000000000001 in binary floating point
  CuePolicy policy(s);
  CHECK(feed_strikes(policy, "RRRRRRR" + std::string(18, 'F')) == std::vector<int>{24});
}

TEST_CASE(
    "Summary mode names the block's most frequent miss and its mean "
    "strike index",
    "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::summary;
  s.summary_strides = 4;
  s.summary_min_share = 0.75;
  s.heel_classes = {true, true, false};
  CuePolicy policy(s);
  CHECK_FALSE(policy.on_strike(strike_at(StrikePattern::midfoot, 0.0, 0.40)));
  CHECK_FALSE(policy.on_strike(strike_at(StrikePattern::midfoot, 0.4, 0.50)));
  CHECK_FALSE(policy.on_strike(strike_at(StrikePattern::forefoot, 0.8, 0.90)));
  const auto cue = policy.on_strike(strike_at(StrikePattern::rearfoot, 1.2, 0.10));
  REQUIRE(cue);
  CHECK(cue->reason.pattern == StrikePattern::midfoot);
  CHECK(*cue->reason.strike_index == Approx((0.40 + 0.50 + 0.10) / 3.0));
  CHECK(cue->reason.misses == 3);
}

TEST_CASE("The refractory time keeps cues of one kind apart, not of different kinds", "[cue]") {
  CueSettings s;
  s.refractory_s = 1.0;
  CuePolicy policy(s);
  // Decided at 0.02, 0.42, 0.82, 1.22 …: the next cue may come 1 s after the
  // last one.
  CHECK(feed_strikes(policy, "RRRRRRR", 0.4) == std::vector<int>{0, 3, 6});

  // A hips cue right after a heel cue is another kind: not held back.
  CuePolicy both(s);
  REQUIRE(both.on_strike(strike_at(StrikePattern::rearfoot, 5.0)));
  CHECK(both.on_stride(stride_with_gmed(4.9, 0.6, true)));
  CHECK_FALSE(both.on_stride(stride_with_gmed(5.3, 0.6, true)));
  CHECK(both.on_stride(stride_with_gmed(6.0, 0.6, true)));
}

TEST_CASE(
    "Strikes held back by the refractory time still count in the "
    "bandwidth window",
    "[cue]") {
  CueSettings s;
  s.mode = CueMode::bandwidth;
  s.bandwidth_misses = 2;
  s.bandwidth_strides = 3;
  s.refractory_s = 1.0;
  CuePolicy policy(s);
  // 0 R (1 of 1), 1 R (2 of 2, cue, decided 0.42), 2 R (held back, decided
  // 0.82), 3 F, 4 R (decided 1.62): its window R F R holds two misses only
  // because the held-back one counts.
  CHECK(feed_strikes(policy, "RRRFR", 0.4) == std::vector<int>{1, 4});
}

TEST_CASE("apply() mid-stream keeps the windows of misses", "[cue]") {
  CuePolicy policy(no_refractory());
  CHECK(feed_strikes(policy, "FRRRF") == std::vector<int>{1, 2, 3});

  CueSettings s = no_refractory();
  s.mode = CueMode::bandwidth;
  s.bandwidth_misses = 4;
  s.bandwidth_strides = 5;
  policy.apply(s);
  // The window reaches back into the strides before the change: R R R F R holds
  // four misses. A policy started afresh would have seen one.
  const auto cue = policy.on_strike(strike_at(StrikePattern::rearfoot, 2.0));
  REQUIRE(cue);
  CHECK(cue->reason.misses == 4);
  CHECK(cue->reason.window == 5);

  CuePolicy fresh(s);
  CHECK_FALSE(fresh.on_strike(strike_at(StrikePattern::rearfoot, 2.0)));

  // A wider window looks further back at once: the last 8 reach the first
  // strike, and F R R R F R R holds 5 misses in 7.
  s.bandwidth_misses = 5;
  s.bandwidth_strides = 8;
  policy.apply(s);
  const auto wider = policy.on_strike(strike_at(StrikePattern::rearfoot, 2.4));
  REQUIRE(wider);
  CHECK(wider->reason.misses == 5);
  CHECK(wider->reason.window == 7);
}

TEST_CASE("apply() refuses bad settings and keeps the old ones", "[cue]") {
  CuePolicy policy(no_refractory());
  CueSettings bad = no_refractory();
  bad.bandwidth_misses = 9;
  CHECK_THROWS_WITH(policy.apply(bad),
                    "cue.bandwidth_misses must be between 1 and cue.bandwidth_strides");
  CHECK(policy.settings().bandwidth_misses == 3);
  CHECK(feed_strikes(policy, "R") == std::vector<int>{0});
}

TEST_CASE("Faded schedule: full feedback, then a falling share, then none", "[cue]") {
  FadedSchedule f;  // 8 sessions, 4 full: Bowser et al. 2018
  REQUIRE(f.problem() == nullptr);
  for (int n = 1; n <= 4; ++n)
    CHECK(f.feedback_share(n) == 1.0);
  CHECK(f.feedback_share(5) == Approx(0.75));
  CHECK(f.feedback_share(6) == Approx(0.5));
  CHECK(f.feedback_share(7) == Approx(0.25));
  CHECK(f.feedback_share(8) == 0.0);
  CHECK(f.feedback_share(9) == 0.0);
  CHECK(f.feedback_share(100) == 0.0);

  f.sessions = 3;
  f.full_sessions = 0;
  CHECK(f.feedback_share(1) == Approx(2.0 / 3.0));
  CHECK(f.feedback_share(2) == Approx(1.0 / 3.0));
  CHECK(f.feedback_share(3) == 0.0);
}

TEST_CASE("Faded schedule settings are checked", "[cue]") {
  FadedSchedule f;
  f.sessions = 0;
  CHECK_THAT(f.problem(), Contains("cue.fading.sessions"));
  f = FadedSchedule{};
  f.full_sessions = 8;
  CHECK_THAT(f.problem(), Contains("cue.fading.full_sessions"));
  f.full_sessions = -1;
  CHECK_THAT(f.problem(), Contains("cue.fading.full_sessions"));
  f = FadedSchedule{};
  f.block_s = 0.0;
  CHECK_THAT(f.problem(), Contains("cue.fading.block_s"));
  f.block_s = std::numeric_limits<double>::quiet_NaN();
  CHECK_THAT(f.problem(), Contains("cue.fading.block_s"));
}

TEST_CASE("Within a faded session cues come only in the first share of each block", "[cue]") {
  CueSettings s = no_refractory();
  s.fading.enabled = true;
  s.fading.block_s = 60.0;
  s.session_number = 6;  // share 0.5: the first 30 s of every minute
  CuePolicy policy(s);
  std::vector<Cue> cues;
  // Rearfoot strikes every 5 s, decided at 0.02, 5.02 … 115.02.
  const auto cued = feed_strikes(policy, std::string(24, 'R'), 5.0, 0.0, &cues);
  CHECK(cued == std::vector<int>{0, 1, 2, 3, 4, 5, 12, 13, 14, 15, 16, 17});
  REQUIRE_FALSE(cues.empty());
  CHECK(cues[0].reason.feedback_share == Approx(0.5));

  s.session_number = 8;  // the last session: no feedback
  CuePolicy last(s);
  CHECK(feed_strikes(last, std::string(24, 'R'), 5.0).empty());

  s.fading.enabled = false;  // the schedule switched off: feedback throughout
  CuePolicy unfaded(s);
  CHECK(feed_strikes(unfaded, std::string(24, 'R'), 5.0).size() == 24);

  s.fading.enabled = true;
  s.session_number = 2;  // a full session
  CuePolicy full(s);
  CHECK(feed_strikes(full, std::string(24, 'R'), 5.0).size() == 24);
}

TEST_CASE("A hips cue comes from the glute drop-off flag", "[cue]") {
  CuePolicy policy(no_refractory());
  CHECK_FALSE(policy.on_stride(stride_with_gmed(0.0, 0.95, false)));
  const auto cue = policy.on_stride(stride_with_gmed(1.0, 0.72, true)).of(CueKind::hips);
  REQUIRE(cue);
  CHECK(cue->kind == CueKind::hips);
  CHECK(cue->side == Side::right);
  CHECK(cue->contact_s == 1.0);
  CHECK(cue->decided_s == 1.25);  // the toe-off: the record knows no later time
  CHECK(cue->receipt_ns == 0);
  CHECK(cue->reason.glute_ratio == 0.72);
  CHECK_FALSE(cue->reason.pattern);
  CHECK_FALSE(cue->reason.strike_index);

  // A caller that knows when the record came out stamps the cue with it.
  const auto stamped =
      policy.on_stride(stride_with_gmed(2.0, 0.7, true), 2.41, 123456789).of(CueKind::hips);
  REQUIRE(stamped);
  CHECK(stamped->decided_s == 2.41);
  CHECK(stamped->receipt_ns == 123456789);

  // Heel strikes never make a hips cue, nor hips strides a heel cue.
  CHECK_FALSE(policy.on_strike(strike_at(StrikePattern::forefoot, 3.0)));
}

TEST_CASE("Strides without a gluteus medius measure do not count for the hips", "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::bandwidth;
  s.bandwidth_misses = 2;
  s.bandwidth_strides = 2;
  CuePolicy policy(s);
  CHECK_FALSE(policy.on_stride(stride_with_gmed(0.0, 0.7, true)));
  StrideRecord no_emg;  // e.g. the foot without electrodes
  no_emg.contact_s = 0.4;
  no_emg.toe_off_s = 0.65;
  CHECK_FALSE(policy.on_stride(no_emg));
  const auto cue = policy.on_stride(stride_with_gmed(0.8, 0.7, true)).of(CueKind::hips);
  REQUIRE(cue);
  CHECK(cue->reason.misses == 2);
  CHECK(cue->reason.window == 2);
}

TEST_CASE("Summary mode for the hips reports the mean ratio of the dropped strides", "[cue]") {
  CueSettings s = no_refractory();
  s.mode = CueMode::summary;
  s.summary_strides = 3;
  s.summary_min_share = 0.6;
  CuePolicy policy(s);
  CHECK_FALSE(policy.on_stride(stride_with_gmed(0.0, 0.70, true)));
  CHECK_FALSE(policy.on_stride(stride_with_gmed(0.4, 0.95, false)));
  const auto cue = policy.on_stride(stride_with_gmed(0.8, 0.60, true)).of(CueKind::hips);
  REQUIRE(cue);
  CHECK(cue->reason.misses == 2);
  CHECK(cue->reason.window == 3);
  CHECK(*cue->reason.glute_ratio == Approx(0.65));
}

TEST_CASE("Switched-off cue kinds stay silent", "[cue]") {
  CueSettings s = no_refractory();
  s.heel_enabled = false;
  s.hips_enabled = false;
  CuePolicy policy(s);
  CHECK(feed_strikes(policy, "RRRR").empty());
  CHECK_FALSE(policy.on_stride(stride_with_gmed(0.0, 0.5, true)));

  // Switched back on, the heel cue fires at once: the silent strikes were
  // counted.
  s.heel_enabled = true;
  s.mode = CueMode::bandwidth;
  s.bandwidth_misses = 5;
  s.bandwidth_strides = 5;
  policy.apply(s);
  CHECK(policy.on_strike(strike_at(StrikePattern::rearfoot, 2.0)));
}

TEST_CASE("Each cue setting is checked, and the message names it", "[cue]") {
  CHECK(CueSettings{}.problem() == nullptr);
  const auto problem_with = [](auto change) {
    CueSettings s;
    change(s);
    return std::string(s.problem() ? s.problem() : "");
  };
  CHECK(problem_with([](CueSettings& s) { s.bandwidth_strides = 0; }) ==
        "cue.bandwidth_strides must be between 1 and 64");
  CHECK(problem_with([](CueSettings& s) { s.bandwidth_strides = 65; }) ==
        "cue.bandwidth_strides must be between 1 and 64");
  CHECK(problem_with([](CueSettings& s) { s.bandwidth_misses = 0; }) ==
        "cue.bandwidth_misses must be between 1 and cue.bandwidth_strides");
  CHECK(problem_with([](CueSettings& s) { s.bandwidth_misses = 6; }) ==
        "cue.bandwidth_misses must be between 1 and cue.bandwidth_strides");
  CHECK_THAT(problem_with([](CueSettings& s) { s.summary_strides = 0; }),
             Contains("cue.summary_strides"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.summary_min_share = 0.0; }),
             Contains("cue.summary_min_share"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.summary_min_share = 1.5; }),
             Contains("cue.summary_min_share"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.refractory_s = -0.1; }),
             Contains("cue.refractory_s"));
  CHECK_THAT(problem_with(
                 [](CueSettings& s) { s.refractory_s = std::numeric_limits<double>::infinity(); }),
             Contains("cue.refractory_s"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.session_number = 0; }),
             Contains("cue.session_number"));
  CHECK_THAT(problem_with([](CueSettings& s) {
               s.heel_classes = {false, false, false};
             }),
             Contains("cue.heel_classes"));
  // No class needed while the heel cue is off.
  CHECK(problem_with([](CueSettings& s) {
          s.heel_enabled = false;
          s.heel_classes = {false, false, false};
        }).empty());
  CHECK_THAT(problem_with([](CueSettings& s) { s.mode = static_cast<CueMode>(7); }),
             Contains("cue.mode"));
  CHECK_THAT(problem_with([](CueSettings& s) { s.fading.block_s = -1.0; }),
             Contains("cue.fading.block_s"));

  CueSettings bad;
  bad.bandwidth_strides = 100;
  CHECK_THROWS_AS(CuePolicy(bad), std::invalid_argument);
  CHECK_THROWS_WITH(CuePolicy(bad), "cue.bandwidth_strides must be between 1 and 64");
}

TEST_CASE("describe() tells what fired and why in one sentence", "[cue]") {
  Cue heel;
  heel.kind = CueKind::heel_strike;
  heel.side = Side::left;
  heel.contact_s = 12.5;
  heel.reason.pattern = StrikePattern::rearfoot;
  heel.reason.strike_index = 0.12;
  const std::string every = describe(heel);
  CHECK(every ==
        "Heel-strike cue, left foot (contact at 12.50 s): rearfoot "
        "strike (strike index 0.12), "
        "every-stride mode.");

  heel.reason.mode = CueMode::bandwidth;
  heel.reason.misses = 3;
  heel.reason.window = 5;
  const std::string bandwidth = describe(heel);
  CHECK_THAT(bandwidth, Contains("rearfoot strike"));
  CHECK_THAT(bandwidth, Contains("3 of the last 5 strikes missed"));
  CHECK_THAT(bandwidth, Contains("bandwidth mode"));

  heel.reason.mode = CueMode::summary;
  heel.reason.misses = 6;
  heel.reason.window = 10;
  heel.reason.feedback_share = 0.25;
  const std::string summary = describe(heel);
  CHECK_THAT(summary, Contains("6 of 10 strikes in the block missed"));
  CHECK_THAT(summary, Contains("rearfoot strikes (mean strike index 0.12)"));
  CHECK_THAT(summary, Contains("summary mode"));
  CHECK_THAT(summary, Contains("feedback in 25% of each block"));

  Cue hips;
  hips.kind = CueKind::hips;
  hips.side = Side::right;
  hips.contact_s = 3.0;
  hips.reason.glute_ratio = 0.72;
  const std::string h = describe(hips);
  CHECK(h ==
        "Hips cue, right foot (contact at 3.00 s): gluteus medius at 72% "
        "of baseline, "
        "every-stride mode.");
  hips.reason.glute_ratio.reset();
  CHECK_THAT(describe(hips), Contains("gluteus medius drop-off"));
}

TEST_CASE("The allocation counter sees an allocation", "[cue][alloc]") {
  // A direct call: a compiler may merge or elide new-expressions, never this.
  test::start_counting_allocations();
  ::operator delete(::operator new(16));
  const long counted = test::stop_counting_allocations();
  CHECK(counted == 1);
}

TEST_CASE("on_strike, on_stride and apply allocate nothing", "[cue][alloc]") {
  CueSettings every = no_refractory();
  CueSettings bandwidth = every;
  bandwidth.mode = CueMode::bandwidth;
  CueSettings summary = every;
  summary.mode = CueMode::summary;
  summary.summary_strides = 4;
  summary.fading.enabled = true;
  summary.session_number = 6;
  summary.fading.block_s = 10.0;
  CuePolicy policy(every);
  const StrideRecord drop = stride_with_gmed(0.0, 0.6, true);
  const StrideRecord no_emg;
  int cues = 0;

  test::start_counting_allocations();
  for (int i = 0; i < 300; ++i) {
    const CueSettings& s = i < 100 ? every : i < 200 ? bandwidth : summary;
    if (i % 100 == 0) policy.apply(s);
    const double t = 0.35 * i;
    const auto pattern = i % 3 == 0 ? StrikePattern::forefoot : StrikePattern::rearfoot;
    if (policy.on_strike(strike_at(pattern, t, 0.2))) ++cues;
    if (policy.on_stride(drop, t + 0.3, 1)) ++cues;
    if (policy.on_stride(no_emg)) ++cues;
  }
  const long allocations = test::stop_counting_allocations();
  CHECK(allocations == 0);
  CHECK(cues > 100);  // the loop did cue: the paths that build a cue ran
}

TEST_CASE("A class known only at toe-off never sounds, but counts in the window", "[cue]") {
  CueSettings settings = no_refractory();
  settings.mode = CueMode::bandwidth;
  settings.bandwidth_misses = 3;
  settings.bandwidth_strides = 3;
  CuePolicy policy(settings);
  StrikeEvent late = strike_at(StrikePattern::rearfoot, 1.0);
  late.early = false;  // decided at toe-off, 290 ms after contact
  late.decided_s = 1.29;
  CHECK_FALSE(policy.on_strike(late));
  late.contact_s = 1.7;
  late.decided_s = 1.99;
  CHECK_FALSE(policy.on_strike(late));
  // The next strike decided in time makes three misses in the window with the two late ones.
  CHECK(policy.on_strike(strike_at(StrikePattern::rearfoot, 2.4)));
}
