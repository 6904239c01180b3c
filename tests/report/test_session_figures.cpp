// The session report's figures from hand-made steps, cues and events (report/session_figures.hpp),
// and the chart scales: what the pages show, checked as numbers before they are drawn.
#include <catch2/catch.hpp>

#include <cmath>

#include "report/chart_axes.hpp"
#include "report/progress_points.hpp"
#include "report/report_statistics.hpp"
#include "report/session_figures.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

Json step(double contact_s, const char* side, const char* strike, double ratio) {
  return {{"contact_s", contact_s},
          {"side", side},
          {"strike", strike},
          {"strike_index", 0.5},
          {"valr_bw_s", 60},
          {"contact_time_ms", 250},
          {"peak_fz_bw", 2.5},
          {"glute_ratio", ratio},
          {"glute_onset_ms", -120},
          {"emg_quality", "ok"},
          {"loading_rate_method", "impact_20_80"}};
}

// Two and a half minutes from began_s = 100 s: minute 0 all rearfoot on the left, minute 1 all
// forefoot, then half a minute of midfoot; the right foot forefoot throughout.
SessionReportInput two_minutes() {
  SessionReportInput in;
  in.summary = {{"began_s", 100.0}, {"session_s", 150.0}};
  for (int i = 0; i < 150; ++i) {
    const double t = 100.0 + i;
    const char* left = i < 60 ? "rearfoot" : i < 120 ? "forefoot" : "midfoot";
    in.strides.push_back(step(t, "left", left, i < 90 ? 1.0 : 0.7));
    in.strides.push_back(step(t + 0.5, "right", "forefoot", 1.0));
  }
  in.cues.push_back({{"kind", "heel_strike"}, {"contact_s", 110.0}, {"decided_s", 110.004}});
  in.cues.push_back({{"kind", "hips"},
                     {"contact_s", 200.0},
                     {"decided_s", 200.28},
                     {"receipt_to_audio_ns", 12'000'000}});
  in.events.push_back({130.0, "device", {{"event", "lost"}, {"device", "plates"}}});
  in.events.push_back(
      {136.0, "device", {{"event", "resumed"}, {"device", "plates"}, {"gap_s", 6.0}}});
  return in;
}

}  // namespace

TEST_CASE("chart scales hold the data on round ticks", "[report][chart]") {
  const chart::Scale s = chart::nice_scale(3.2, 97.0, 5);
  CHECK(s.lo == 0.0);
  CHECK(s.hi == 100.0);
  CHECK(s.step == 20.0);
  const chart::Scale t = chart::nice_scale(-0.13, 0.41, 5);
  CHECK(t.step == Approx(0.2));
  CHECK(t.lo <= -0.13);
  CHECK(t.hi >= 0.41);
  const chart::Scale flat = chart::nice_scale(5.0, 5.0, 5);  // one value still gets room
  CHECK(flat.lo < 5.0);
  CHECK(flat.hi > 5.0);
}

TEST_CASE("report statistics skip steps without a value", "[report]") {
  const double none = report_stats::kNone;
  CHECK(report_stats::median({3.0, none, 1.0, 2.0}) == 2.0);
  CHECK(report_stats::quantile({1.0, 2.0, 3.0, 4.0}, 0.25) == Approx(1.75));
  CHECK(std::isnan(report_stats::mean({none})));
  CHECK(report_stats::symmetry_index_pct(110.0, 90.0) == Approx(20.0));
}

TEST_CASE("session figures: strike shares per minute and the target's share", "[report]") {
  const SessionFigures f = gather_session_figures(two_minutes());
  CHECK(f.duration_min == Approx(150.5 / 60).margin(0.01));
  REQUIRE(f.strikes[0].minute.size() == 3);
  CHECK(f.strikes[0].share[0][0] == 1.0);  // minute 0, left: all rearfoot
  CHECK(f.strikes[0].share[2][1] == 1.0);  // minute 1, left: all forefoot
  CHECK(f.strikes[0].share[1][2] == 1.0);  // minute 2, left: midfoot
  CHECK(target_share_of(f.strikes[0], f.heel_classes, 0) == 0.0);
  CHECK(target_share_of(f.strikes[0], f.heel_classes, 1) == 1.0);
  CHECK(target_share_of(f.strikes[1], f.heel_classes, 0) == 1.0);
  // Cadence: 120 steps in each full minute; the half minute scaled to a whole one.
  REQUIRE(f.cadence.value.size() == 3);
  CHECK(f.cadence.value[0] == Approx(120.0));
  CHECK(f.cadence.value[2] == Approx(60.0 / (30.5 / 60)).margin(3.0));
}

TEST_CASE("session figures: glute ratio in %, cues per kind with their latencies, gaps",
          "[report]") {
  const SessionFigures f = gather_session_figures(two_minutes());
  CHECK(f.glute_pct[0].value.front() == Approx(100.0));
  CHECK(f.glute_pct[0].value.back() == Approx(70.0));
  CHECK(f.glute_onset_ms[1].value.size() == 150);
  REQUIRE(f.cues.size() == 5);  // every kind, in the vocabulary's order
  CHECK(f.cues[0].kind == "heel_strike");
  CHECK(f.cues[0].decision_ms.at(0) == Approx(4.0));
  CHECK(f.cues[0].sound_ms.empty());  // the sound was not measured
  CHECK(f.cues[1].kind == "hips");
  CHECK(f.cues[1].sound_ms.at(0) == Approx(280.0 + 12.0));
  CHECK(f.cues[1].t_min.at(0) == Approx(100.0 / 60));
  REQUIRE(f.gaps.size() == 1);
  CHECK(f.gaps[0].from_min == Approx(0.5));
  CHECK(f.gaps[0].to_min == Approx(36.0 / 60));
  CHECK(f.gaps[0].what == "plates without data");
}

TEST_CASE("session figures: the settings the session ran with, and its program's phases",
          "[report]") {
  SessionReportInput in = two_minutes();
  in.settings = {{"cue", {{"heel_target_share", 0.9}, {"heel_classes", {"rearfoot", "midfoot"}}}},
                 {"glute", {{"baseline", {{"drop_ratio", 0.75}}}}}};
  in.summary["program"] = {{"session", 3},
                           {"sessions", 8},
                           {"feedback_s", 42.0},
                           {"planned_s", 150.0},
                           {"completed", true},
                           {"phases",
                            {{{"phase", "warmup"}, {"from_s", 0.0}, {"to_s", 60.0}},
                             {{"phase", "feedback"}, {"from_s", 60.0}, {"to_s", 120.0}},
                             {{"phase", "retention"}, {"from_s", 120.0}, {"to_s", 150.0}}}}};
  const SessionFigures f = gather_session_figures(in);
  CHECK(f.heel_target_share == 0.9);
  CHECK(f.drop_ratio == 0.75);
  REQUIRE(f.program);
  CHECK(f.program->session == 3);
  CHECK(f.program->feedback_s == 42.0);
  REQUIRE(f.phases.size() == 3);
  // Warm-up: the left foot all rearfoot; feedback: forefoot; retention: midfoot, now a heel class.
  CHECK(f.phases[0].target_share[0] == 0.0);
  CHECK(f.phases[1].target_share[0] == 1.0);
  CHECK(f.phases[2].target_share[0] == 0.0);
  CHECK(f.phases[2].target_share[1] == 1.0);
  CHECK(f.phases[0].cues == 1);  // the heel-strike cue at 10 s
  const ProgressPoint p = progress_point(in, f);
  CHECK(p.target_share_retention[0] == 0.0);
  CHECK(p.target_share_feedback[0] == 1.0);
  CHECK(p.strike_index[0].median == 0.5);
}

TEST_CASE("session figures of a session without steps: one empty minute, nothing to plot",
          "[report]") {
  SessionReportInput in;  // a session stopped at once: no steps, no cues, no summary
  const SessionFigures f = gather_session_figures(in);
  CHECK(f.steps[0] + f.steps[1] == 0);
  REQUIRE(f.strikes[0].minute.size() == 1);
  CHECK(std::isnan(f.strikes[0].share[0][0]));
  CHECK(std::isnan(target_share_of(f.strikes[0], f.heel_classes, 0)));
  CHECK(f.cadence.value.empty());
  CHECK(f.glute_pct[0].value.empty());
  CHECK_FALSE(f.program);
  const ProgressPoint p = progress_point(in, f);
  CHECK(std::isnan(p.target_share[0]));
  CHECK(std::isnan(p.strike_index[1].median));
}
