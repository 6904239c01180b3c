// Where a program session is on its plan (live/program_plan.hpp): its phase, the time it has
// run and the feedback it has given (the dose); at its end, each phase's strides and cues. Plain
// state on the main thread; SessionControl moves it on and announces its phase changes. The
// cues themselves are held to the feedback phase by the engine (EngineChange::cue_window), by
// contact time, so the main thread's lag never lets one through.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "live/program_plan.hpp"

namespace stridecue {

class ProgramClock {
 public:
  // A session following `plan` began at `began_s` (the data's time), in the plan's first phase.
  void begin(const SessionPlan& plan, double began_s);
  void reset() { plan_.reset(); }
  bool active() const { return plan_.has_value(); }
  ProgramPhase phase() const { return phase_; }
  // The feedback phase in the data's time: [first, second).
  std::pair<double, double> feedback_window() const;

  // The phase the session should be in at `now_s`, when it is not the one it is in.
  std::optional<ProgramPhase> phase_due(double now_s) const;
  void enter(ProgramPhase next) { phase_ = next; }

  // {"session", "sessions", "planned_s", …, "phase", "elapsed_s", "remaining_s", "feedback_s"}.
  nlohmann::json status_json(double now_s) const;
  // At the session's end (`now_s`): the plan, the dose, and each phase reached with its own
  // strides, cues by kind and strike shares per side, from the session's marks.
  nlohmann::json summary_json(double now_s, const std::vector<SessionMark>& marks) const;

 private:
  std::optional<SessionPlan> plan_;
  double began_s_ = 0.0;
  ProgramPhase phase_ = ProgramPhase::warmup;
};

}  // namespace stridecue
