#include "engine/strike_decision.hpp"

#include <algorithm>
#include <cmath>

namespace stridecue {
namespace {
// About the last ten strides: follows a runner who drifts on the belt, ignores one odd step.
constexpr double kPriorWeight = 0.2;
// Heel placement is never known better than this (marker studies: ~1 cm stride to stride).
constexpr double kMinHeelSdM = 0.005;
}  // namespace

void HeelPrior::learn(double heel_m) {
  if (strides_ == 0) {
    mean_m_ = heel_m;
  } else {
    const double d = heel_m - mean_m_;
    mean_m_ += kPriorWeight * d;
    var_m2_ = (1.0 - kPriorWeight) * (var_m2_ + kPriorWeight * d * d);
  }
  ++strides_;
}

double HeelPrior::sd_m() const {
  return std::max(std::sqrt(var_m2_), kMinHeelSdM);
}

std::optional<EarlyDecision> decide_early(std::span<const TraceSample> trace,
                                          const StrikeContext& ctx, const StrikeSettings& settings,
                                          const HeelPrior& prior) {
  if (!prior.ready()) return std::nullopt;
  InitialCopFit fit;
  for (const auto& s : trace) {
    const double since = s.time_s - ctx.contact_s;
    if (since > settings.initial_cop_window_s) break;
    if (!s.has_cop || s.fz_n < settings.cop_min_force_n) continue;
    fit.add(since, foot_frame_x(s, ctx), s.fz_n);
    const auto contact = fit.at_contact();
    if (fit.samples() < 2 || !contact) continue;
    const double index = (contact->first - prior.mean_m()) / ctx.foot_length_m;
    const double sd = std::hypot(contact->second, prior.sd_m()) / ctx.foot_length_m;
    const StrikePattern pattern = settings.boundaries.classify(index);
    if (settings.boundaries.probability(pattern, index, sd) >= settings.decision_confidence) {
      return EarlyDecision{std::max(since, 0.0), pattern};
    }
  }
  return std::nullopt;
}

}  // namespace stridecue
