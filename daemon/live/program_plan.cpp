#include "live/program_plan.hpp"

#include <algorithm>

namespace stridecue {

std::string_view to_string(ProgramPhase p) {
  switch (p) {
    case ProgramPhase::warmup: return "warmup";
    case ProgramPhase::feedback: return "feedback";
    case ProgramPhase::retention: return "retention";
    case ProgramPhase::complete: return "complete";
  }
  return "warmup";
}

double SessionPlan::feedback_end_s() const {
  return std::max(warmup_s, planned_s - retention_s);
}

ProgramPhase SessionPlan::phase_at(double elapsed_s) const {
  if (elapsed_s >= planned_s) return ProgramPhase::complete;
  if (elapsed_s < warmup_s) return ProgramPhase::warmup;
  if (elapsed_s < feedback_end_s()) return ProgramPhase::feedback;
  return ProgramPhase::retention;
}

double SessionPlan::planned_feedback_s() const {
  return feedback_s(planned_s);
}

double SessionPlan::feedback_s(double elapsed_s) const {
  const double end = std::min({feedback_end_s(), planned_s, elapsed_s});
  return std::max(0.0, end - warmup_s) * feedback_share;
}

nlohmann::json SessionPlan::json() const {
  return {{"session", session},
          {"sessions", sessions},
          {"planned_s", planned_s},
          {"warmup_s", warmup_s},
          {"retention_s", retention_s},
          {"feedback_share", feedback_share},
          {"planned_feedback_s", planned_feedback_s()}};
}

SessionPlan plan_session(const ProgramSettings& program, const FadedSchedule& fading, int session) {
  SessionPlan plan;
  plan.session = std::max(1, session);
  plan.sessions = std::max(1, fading.sessions);
  const int place = std::min(plan.session, plan.sessions);
  const double rise =
      plan.sessions > 1 ? static_cast<double>(place - 1) / (plan.sessions - 1) : 1.0;
  plan.planned_s = 60.0 * (program.first_session_min +
                           rise * (program.last_session_min - program.first_session_min));
  plan.warmup_s = std::min(program.warmup_s, plan.planned_s);
  plan.retention_s = std::min(program.retention_s, plan.planned_s - plan.warmup_s);
  plan.feedback_share = fading.enabled ? fading.feedback_share(plan.session) : 1.0;
  return plan;
}

}  // namespace stridecue
