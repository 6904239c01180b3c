// A retraining program's sessions, planned (live/program_plan.hpp) and followed
// (live/program_clock.hpp): Crowell & Davis 2011's 8 sessions, 15 → 30 min, full feedback in
// 1-4 and fading over 5-8, with a warm-up and a retention block without cues.
#include <catch2/catch.hpp>

#include "live/program_clock.hpp"
#include "live/program_plan.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

FadedSchedule crowell_davis() {
  FadedSchedule f;
  f.enabled = true;
  f.sessions = 8;
  f.full_sessions = 4;
  return f;
}

}  // namespace

TEST_CASE("the default program: 8 sessions from 15 to 30 minutes, feedback fading over 5-8") {
  ProgramSettings program;
  program.enabled = true;
  const std::vector<double> minutes{15.0,      17.142857, 19.285714, 21.428571,
                                    23.571429, 25.714286, 27.857143, 30.0};
  const std::vector<double> share{1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0};
  for (int n = 1; n <= 8; ++n) {
    INFO("session " << n);
    const SessionPlan plan = plan_session(program, crowell_davis(), n);
    CHECK(plan.session == n);
    CHECK(plan.sessions == 8);
    CHECK(plan.planned_s / 60.0 == Approx(minutes[n - 1]).epsilon(1e-5));
    CHECK(plan.feedback_share == Approx(share[n - 1]));
    CHECK(plan.warmup_s == 120.0);
    CHECK(plan.planned_feedback_s() == Approx((plan.planned_s - 120.0) * share[n - 1]));
  }
  // Past the schedule: its last session's length, and no feedback.
  const SessionPlan ninth = plan_session(program, crowell_davis(), 9);
  CHECK(ninth.planned_s == Approx(30.0 * 60.0));
  CHECK(ninth.feedback_share == 0.0);
  // Without the faded schedule every session gives full feedback.
  FadedSchedule off = crowell_davis();
  off.enabled = false;
  CHECK(plan_session(program, off, 7).feedback_share == 1.0);
}

TEST_CASE("a session's phases: warm-up, feedback, retention block, complete") {
  ProgramSettings program;
  program.first_session_min = 10.0;
  program.last_session_min = 10.0;
  program.warmup_s = 60.0;
  program.retention_s = 120.0;
  const SessionPlan plan = plan_session(program, crowell_davis(), 1);
  CHECK(plan.phase_at(0.0) == ProgramPhase::warmup);
  CHECK(plan.phase_at(59.9) == ProgramPhase::warmup);
  CHECK(plan.phase_at(60.0) == ProgramPhase::feedback);
  CHECK(plan.phase_at(479.9) == ProgramPhase::feedback);
  CHECK(plan.phase_at(480.0) == ProgramPhase::retention);
  CHECK(plan.phase_at(600.0) == ProgramPhase::complete);
  // A warm-up and retention longer than the session leave no feedback, never a negative one.
  program.warmup_s = 500.0;
  program.retention_s = 500.0;
  const SessionPlan cramped = plan_session(program, crowell_davis(), 1);
  CHECK(cramped.warmup_s == 500.0);
  CHECK(cramped.retention_s == 100.0);
  CHECK(cramped.planned_feedback_s() == 0.0);
  CHECK(cramped.phase_at(499.0) == ProgramPhase::warmup);
  CHECK(cramped.phase_at(500.0) == ProgramPhase::retention);
}

TEST_CASE("the program clock: phases due, the dose, and each phase's strides and cues") {
  ProgramSettings program;
  program.first_session_min = 1.0;
  program.last_session_min = 1.0;
  program.warmup_s = 10.0;
  program.retention_s = 20.0;
  FadedSchedule fading = crowell_davis();
  ProgramClock clock;
  CHECK(clock.status_json(0.0).is_null());
  clock.begin(plan_session(program, fading, 6), 100.0);  // share 0.5
  CHECK(clock.phase() == ProgramPhase::warmup);
  CHECK(clock.feedback_window() == std::make_pair(110.0, 140.0));
  CHECK_FALSE(clock.phase_due(105.0));
  REQUIRE(clock.phase_due(110.0) == ProgramPhase::feedback);
  clock.enter(ProgramPhase::feedback);
  const Json mid = clock.status_json(120.0);
  CHECK(mid["phase"] == "feedback");
  CHECK(mid["elapsed_s"] == Approx(20.0));
  CHECK(mid["remaining_s"] == Approx(40.0));
  CHECK(mid["feedback_s"] == Approx(5.0));  // 10 s of feedback phase at share 0.5
  REQUIRE(clock.phase_due(140.0) == ProgramPhase::retention);
  clock.enter(ProgramPhase::retention);
  REQUIRE(clock.phase_due(160.0) == ProgramPhase::complete);
  clock.enter(ProgramPhase::complete);

  // Counted by contact time, whenever the events came: a stride on each side in the warm-up, a
  // cued rearfoot stride in the feedback phase, a forefoot one in the retention block.
  std::vector<SessionMark> marks{
      {99.0, Side::left, StrikePattern::rearfoot, std::nullopt},  // before the session
      {105.0, Side::left, StrikePattern::rearfoot, std::nullopt},
      {106.0, Side::right, StrikePattern::rearfoot, std::nullopt},
      {120.0, Side::left, StrikePattern::rearfoot, std::nullopt},
      {120.0, Side::left, std::nullopt, CueKind::heel_strike},
      {145.0, Side::right, StrikePattern::forefoot, std::nullopt},
      {161.0, Side::right, std::nullopt, std::nullopt},
  };
  const Json summary = clock.summary_json(163.0, marks);
  CHECK(summary["completed"] == true);
  CHECK(summary["feedback_s"] == Approx(15.0));  // 30 s of feedback phase at 0.5
  const Json& phases = summary["phases"];
  REQUIRE(phases.size() == 4);
  CHECK(phases[0]["phase"] == "warmup");
  CHECK(phases[0]["strides"] == 2);
  CHECK(phases[0]["cues"]["heel_strike"] == 0);
  CHECK(phases[1]["phase"] == "feedback");
  CHECK(phases[1]["strides"] == 1);
  CHECK(phases[1]["cues"]["heel_strike"] == 1);
  CHECK(phases[1]["strike_share"]["left"]["rearfoot"] == Approx(1.0));
  CHECK(phases[2]["phase"] == "retention");
  CHECK(phases[2]["from_s"] == Approx(40.0));
  CHECK(phases[2]["to_s"] == Approx(60.0));
  CHECK(phases[2]["strike_share"]["right"]["forefoot"] == Approx(1.0));
  CHECK(phases[2]["strike_share"]["left"]["forefoot"].is_null());
  CHECK(phases[3]["phase"] == "complete");
  CHECK(phases[3]["strides"] == 1);
  // Stopped in the feedback phase: two phases, not complete.
  const Json early = clock.summary_json(125.0, marks);
  CHECK(early["completed"] == false);
  CHECK(early["phases"].size() == 2);
  CHECK(early["phases"][1]["to_s"] == Approx(25.0));
}
