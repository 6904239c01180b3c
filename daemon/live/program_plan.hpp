// A retraining program's session, planned: how long the runner runs, and when the feedback is
// on. The evidence-based default follows Crowell & Davis 2011 and Bowser et al. 2018: 8
// sessions over 2 weeks, running time rising from 15 to 30 minutes, full feedback in sessions
// 1-4 and fading over 5-8 (the faded schedule, cue.fading.*). Each session opens with a warm-up
// without cues (the runner settles and the glute baseline is learnt) and may close with a
// retention block without cues, whose figures are reported apart: what the runner does without
// the feedback is what the retraining is for (docs/cues.md "Programs").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "engine/cue_policy.hpp"
#include "settings/daemon_config.hpp"  // ProgramSettings

namespace stridecue {

enum class ProgramPhase { warmup, feedback, retention, complete };
std::string_view to_string(ProgramPhase p);

struct SessionPlan {
  int session = 1;   // the runner's program session, 1-based
  int sessions = 8;  // the schedule's length
  double planned_s = 900.0;
  double warmup_s = 120.0;
  double retention_s = 0.0;
  double feedback_share = 1.0;  // of the feedback phase, from the faded schedule

  // Where the feedback phase ends (the retention block begins).
  double feedback_end_s() const;
  ProgramPhase phase_at(double elapsed_s) const;
  // Seconds of running with feedback on in a complete session: the session's dose.
  double planned_feedback_s() const;
  // The same up to `elapsed_s` into the session.
  double feedback_s(double elapsed_s) const;
  nlohmann::json json() const;
};

// A stride (strike set, kind none) or a cue (kind set) of a session, by its contact time: what a
// program phase's figures are counted from.
struct SessionMark {
  double contact_s = 0.0;
  Side side = Side::left;
  std::optional<StrikePattern> strike;
  std::optional<CueKind> cue;
};

// The plan of program session `session` (1-based; sessions past the schedule's end are planned
// as its last, with the share the schedule gives them). The running time rises linearly from
// first_session_min to last_session_min over the schedule.
SessionPlan plan_session(const ProgramSettings& program, const FadedSchedule& fading, int session);

}  // namespace stridecue
