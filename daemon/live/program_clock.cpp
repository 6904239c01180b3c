#include "live/program_clock.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "report/stride_json.hpp"

namespace stridecue {

using Json = nlohmann::json;

namespace {

// The strides and cues of `marks` with a contact in [from_s, to_s).
Json phase_figures(const std::vector<SessionMark>& marks, double from_s, double to_s) {
  std::array<std::array<std::uint64_t, 3>, 2> strikes{};
  std::array<std::uint64_t, 2> strides{};
  CueCounts cues;
  for (const SessionMark& m : marks) {
    if (m.contact_s < from_s || m.contact_s >= to_s) continue;
    const auto side = static_cast<std::size_t>(m.side);
    if (m.cue) {
      ++cues.of(*m.cue);
    } else {
      ++strides[side];
      if (m.strike) ++strikes[side][static_cast<std::size_t>(*m.strike)];
    }
  }
  Json shares = Json::object();
  for (const Side side : {Side::left, Side::right}) {
    const auto s = static_cast<std::size_t>(side);
    Json by_class = Json::object();
    for (const StrikePattern p :
         {StrikePattern::rearfoot, StrikePattern::midfoot, StrikePattern::forefoot}) {
      by_class[std::string(to_string(p))] =
          strides[s] > 0 ? Json(static_cast<double>(strikes[s][static_cast<std::size_t>(p)]) /
                                static_cast<double>(strides[s]))
                         : Json(nullptr);
    }
    shares[std::string(to_string(side))] = std::move(by_class);
  }
  return {{"strides", strides[0] + strides[1]},
          {"cues", cue_counts_json(cues)},
          {"strike_share", std::move(shares)}};
}

}  // namespace

void ProgramClock::begin(const SessionPlan& plan, double began_s) {
  plan_ = plan;
  began_s_ = began_s;
  phase_ = plan.phase_at(0.0);
}

std::pair<double, double> ProgramClock::feedback_window() const {
  return {began_s_ + plan_->warmup_s, began_s_ + plan_->feedback_end_s()};
}

std::optional<ProgramPhase> ProgramClock::phase_due(double now_s) const {
  if (!plan_) return std::nullopt;
  const ProgramPhase due = plan_->phase_at(now_s - began_s_);
  if (due == phase_) return std::nullopt;
  return due;
}

Json ProgramClock::status_json(double now_s) const {
  if (!plan_) return nullptr;
  Json j = plan_->json();
  const double elapsed = now_s - began_s_;
  j["phase"] = to_string(phase_);
  j["elapsed_s"] = elapsed;
  j["remaining_s"] = std::max(0.0, plan_->planned_s - elapsed);
  j["feedback_s"] = plan_->feedback_s(elapsed);
  return j;
}

Json ProgramClock::summary_json(double now_s, const std::vector<SessionMark>& marks) const {
  if (!plan_) return nullptr;
  Json j = plan_->json();
  const double elapsed = now_s - began_s_;
  const double bounds[] = {0.0, plan_->warmup_s, plan_->feedback_end_s(), plan_->planned_s,
                           std::max(elapsed, plan_->planned_s)};
  const ProgramPhase phases[] = {ProgramPhase::warmup, ProgramPhase::feedback,
                                 ProgramPhase::retention, ProgramPhase::complete};
  Json out = Json::array();
  for (std::size_t i = 0; i < 4; ++i) {
    const double from = bounds[i], to = std::min(bounds[i + 1], elapsed);
    if (from >= to && !(i == 3 && elapsed >= plan_->planned_s)) continue;  // not reached, empty
    Json f =
        phase_figures(marks, began_s_ + from, i == 3 ? began_s_ + elapsed + 1e9 : began_s_ + to);
    f["phase"] = to_string(phases[i]);
    f["from_s"] = from;
    f["to_s"] = std::max(from, to);
    out.push_back(std::move(f));
  }
  j["phases"] = std::move(out);
  j["completed"] = elapsed >= plan_->planned_s;
  j["feedback_s"] = plan_->feedback_s(elapsed);
  return j;
}

}  // namespace stridecue
