// When the strike pattern is known: the cue can fire no sooner. At toe-off the foot's whole COP
// path places the heel; moments after contact only the first COP samples exist, and the heel is
// placed from where this foot's heel landed on the plate in the previous strides (a runner on a
// treadmill lands within a few centimetres of the same spot).
//
// A cue that sounds once the foot has left the belt lands on the next step and teaches the wrong
// thing, so every stance is decided by a deadline (StrikeSettings::decision_deadline_s after
// contact): as soon as the class reaches decision_confidence, else, when the first COP samples
// are all in (initial_cop_window_s) or the deadline comes, as the most probable class then,
// with its probability. The whole stance may later overturn it; the stride record says so.
#pragma once

#include <optional>
#include <span>

#include "engine/strike_analyzer.hpp"

namespace stridecue {

// Where one foot's heel lands on its plate: exponentially weighted mean and spread.
class HeelPrior {
 public:
  void learn(double heel_m);
  bool ready() const { return strides_ >= 1; }
  double mean_m() const { return mean_m_; }
  double sd_m() const;

 private:
  double mean_m_ = 0.0;
  double var_m2_ = 0.0;
  int strides_ = 0;
};

struct EarlyDecision {
  double after_contact_s = 0.0;
  StrikePattern pattern = StrikePattern::rearfoot;
  double confidence = 0.0;  // probability of `pattern` then
  bool forced = false;  // the deadline (or the end of the early samples) decided, not confidence
};

// Replays the early samples of `trace` in order, using at each sample only what had arrived.
// Returns the first moment the class reached settings.decision_confidence; or, once the trace
// holds a sample past the early COP window or the deadline, the most probable class then. None
// while neither has happened, or when nothing can be said (no heel prior yet, no loaded COP).
std::optional<EarlyDecision> decide_early(std::span<const TraceSample> trace,
                                          const StrikeContext& ctx, const StrikeSettings& settings,
                                          const HeelPrior& prior);

}  // namespace stridecue
