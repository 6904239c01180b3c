#include "engine/side_assigner.hpp"

namespace stridecue {
namespace {
// Weight of the newest stance in each foot's mean COP: about the last ten steps.
constexpr double kCopSmoothing = 0.1;
}  // namespace

std::string_view to_string(SideEvidence e) {
  switch (e) {
    case SideEvidence::plate: return "plate";
    case SideEvidence::cop: return "cop";
    case SideEvidence::alternation: return "alternation";
  }
  return "alternation";
}

SideDecision SideAssigner::assign(std::optional<double> mean_cop_y_m) {
  const SideDecision decision = peek(mean_cop_y_m);
  last_ = decision.side;
  if (mean_cop_y_m) learn(decision.side, *mean_cop_y_m);
  return decision;
}

SideDecision SideAssigner::peek(std::optional<double> mean_cop_y_m) const {
  const double midline_m =
      left_cop_y_m_ && right_cop_y_m_ ? (*left_cop_y_m_ + *right_cop_y_m_) / 2.0 : 0.0;
  SideDecision decision{Side::right, SideEvidence::alternation};
  if (mean_cop_y_m && *mean_cop_y_m > midline_m + margin_m_) {
    decision = {Side::left, SideEvidence::cop};
  } else if (mean_cop_y_m && *mean_cop_y_m < midline_m - margin_m_) {
    decision = {Side::right, SideEvidence::cop};
  } else if (last_) {
    decision.side = *last_ == Side::left ? Side::right : Side::left;
  }
  return decision;
}

void SideAssigner::learn(Side side, double cop_y_m) {
  auto& mean = side == Side::left ? left_cop_y_m_ : right_cop_y_m_;
  mean = mean ? *mean + kCopSmoothing * (cop_y_m - *mean) : cop_y_m;
}

}  // namespace stridecue
