// When the strike pattern is known: the cue can fire no sooner. At toe-off the foot's whole COP
// path places the heel; moments after contact only the first COP samples exist, and the heel is
// placed from where this foot's heel landed on the plate in the previous strides (a runner on a
// treadmill lands within a few centimetres of the same spot). The class is decided early when
// that estimate is confident enough, and only if it is the class the full stance confirms.
#pragma once

#include <optional>
#include <span>

#include "engine/strike_analyzer.hpp"

namespace stridecue {

// Where one foot's heel lands on its plate: exponentially weighted mean and spread.
class HeelPrior {
 public:
  void learn(double heel_m);
  bool ready() const { return strides_ >= kMinStrides; }
  double mean_m() const { return mean_m_; }
  double sd_m() const;

 private:
  static constexpr int kMinStrides = 3;
  double mean_m_ = 0.0;
  double var_m2_ = 0.0;
  int strides_ = 0;
};

struct EarlyDecision {
  double after_contact_s;
  StrikePattern pattern;
};

// Replays the early samples of `trace` in order, using at each sample only what had arrived, and
// returns the first moment the class reached settings.decision_confidence.
std::optional<EarlyDecision> decide_early(std::span<const TraceSample> trace,
                                          const StrikeContext& ctx, const StrikeSettings& settings,
                                          const HeelPrior& prior);

}  // namespace stridecue
