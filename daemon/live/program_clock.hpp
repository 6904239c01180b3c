// Where a program session is on its plan (live/program_plan.hpp): its phase, the time it has
// run, the feedback it has given (the dose), and the figures of each phase it went through.
// Plain state on the main thread; SessionControl moves it on and acts on its phase changes.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "live/program_plan.hpp"

namespace stridecue {

class ProgramClock {
 public:
  // A session following `plan` began at `began_s` (the data's time), in the plan's first phase.
  void begin(const SessionPlan& plan, double began_s);
  void reset() { plan_.reset(); }
  bool active() const { return plan_.has_value(); }
  ProgramPhase phase() const { return phase_; }

  // The phase the session should be in at `now_s`, when it is not the one it is in.
  std::optional<ProgramPhase> phase_due(double now_s) const;
  // Ends the running phase at `now_s` with what was counted in it, and enters `next`.
  void change_phase(double now_s, ProgramPhase next, nlohmann::json figures);

  // {"session", "sessions", "planned_s", …, "phase", "elapsed_s", "remaining_s", "feedback_s"}.
  nlohmann::json status_json(double now_s) const;
  // At the session's end: the plan, each phase with its figures, and the dose.
  nlohmann::json summary_json(double now_s, nlohmann::json last_figures) const;

 private:
  // Seconds of feedback given up to `now_s`: the time in feedback phases times the share.
  double feedback_s(double now_s) const;

  std::optional<SessionPlan> plan_;
  double began_s_ = 0.0;
  ProgramPhase phase_ = ProgramPhase::warmup;
  double phase_began_s_ = 0.0;
  double feedback_phase_s_ = 0.0;  // in feedback phases that ended
  nlohmann::json phases_ = nlohmann::json::array();
};

}  // namespace stridecue
