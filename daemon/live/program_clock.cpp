#include "live/program_clock.hpp"

#include <algorithm>

namespace stridecue {

using Json = nlohmann::json;

void ProgramClock::begin(const SessionPlan& plan, double began_s) {
  plan_ = plan;
  began_s_ = phase_began_s_ = began_s;
  phase_ = plan.phase_at(0.0);
  feedback_phase_s_ = 0.0;
  phases_ = Json::array();
}

std::optional<ProgramPhase> ProgramClock::phase_due(double now_s) const {
  if (!plan_) return std::nullopt;
  const ProgramPhase due = plan_->phase_at(now_s - began_s_);
  if (due == phase_) return std::nullopt;
  return due;
}

void ProgramClock::change_phase(double now_s, ProgramPhase next, Json figures) {
  if (phase_ == ProgramPhase::feedback) feedback_phase_s_ += now_s - phase_began_s_;
  figures["phase"] = to_string(phase_);
  figures["from_s"] = phase_began_s_ - began_s_;
  figures["to_s"] = now_s - began_s_;
  phases_.push_back(std::move(figures));
  phase_ = next;
  phase_began_s_ = now_s;
}

double ProgramClock::feedback_s(double now_s) const {
  double in_feedback = feedback_phase_s_;
  if (phase_ == ProgramPhase::feedback) in_feedback += now_s - phase_began_s_;
  return in_feedback * plan_->feedback_share;
}

Json ProgramClock::status_json(double now_s) const {
  if (!plan_) return nullptr;
  Json j = plan_->json();
  const double elapsed = now_s - began_s_;
  j["phase"] = to_string(phase_);
  j["elapsed_s"] = elapsed;
  j["remaining_s"] = std::max(0.0, plan_->planned_s - elapsed);
  j["feedback_s"] = feedback_s(now_s);
  return j;
}

Json ProgramClock::summary_json(double now_s, Json last_figures) const {
  if (!plan_) return nullptr;
  Json j = plan_->json();
  Json phases = phases_;
  last_figures["phase"] = to_string(phase_);
  last_figures["from_s"] = phase_began_s_ - began_s_;
  last_figures["to_s"] = now_s - began_s_;
  phases.push_back(std::move(last_figures));
  j["phases"] = std::move(phases);
  j["completed"] = phase_ == ProgramPhase::complete;
  j["feedback_s"] = feedback_s(now_s);
  return j;
}

}  // namespace stridecue
