#include "engine/strike_decision.hpp"

#include <algorithm>
#include <cmath>

namespace stridecue {
namespace {
// About the last ten strides: follows a runner who drifts on the belt, ignores one odd step.
constexpr double kPriorWeight = 0.2;
// Heel placement is never known better than this (marker studies: ~1 cm stride to stride).
constexpr double kMinHeelSdM = 0.005;
// Until a foot has a few strides its heel's spread is unknown: assume this much.
constexpr double kNewHeelSdM = 0.03;
constexpr int kSettledStrides = 3;

struct Estimate {
  StrikePattern pattern;
  double probability;
};

Estimate estimate(const InitialCop& initial, const StrikeContext& ctx,
                  const StrikeSettings& settings, const HeelPrior& prior) {
  const auto contact = initial.at_contact();
  const double index = (contact->first - prior.mean_m()) / ctx.foot_length_m;
  const double sd = std::hypot(contact->second, prior.sd_m()) / ctx.foot_length_m;
  const StrikePattern pattern = settings.boundaries.classify(index);
  return {pattern, settings.boundaries.probability(pattern, index, sd)};
}

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
  const double floor_m = strides_ < kSettledStrides ? kNewHeelSdM : kMinHeelSdM;
  return std::max(std::sqrt(var_m2_), floor_m);
}

std::optional<EarlyDecision> decide_early(std::span<const TraceSample> trace,
                                          const StrikeContext& ctx, const StrikeSettings& settings,
                                          const HeelPrior& prior) {
  if (!prior.ready()) return std::nullopt;
  const double close_s = std::min(settings.initial_cop_window_s, settings.decision_deadline_s);
  InitialCop initial;
  std::optional<Estimate> latest;
  for (const auto& s : trace) {
    const double since = std::max(s.time_s - ctx.contact_s, 0.0);
    if (since > close_s && (initial.samples() >= 2 || since >= settings.decision_deadline_s)) {
      // The early samples are all in (or the deadline has come): decide with what there is.
      if (!latest) return std::nullopt;
      return EarlyDecision{since, latest->pattern, latest->probability, true};
    }
    if (!s.has_cop || s.fz_n < settings.cop_min_force_n) continue;
    initial.add(since, foot_frame_x(s, ctx), s.fz_n);
    latest = estimate(initial, ctx, settings, prior);
    if (initial.samples() >= 2 && latest->probability >= settings.decision_confidence) {
      return EarlyDecision{since, latest->pattern, latest->probability, false};
    }
  }
  return std::nullopt;
}

}  // namespace stridecue
