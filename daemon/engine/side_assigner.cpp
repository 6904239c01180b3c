#include "engine/side_assigner.hpp"

#include <algorithm>
#include <cmath>

#include "engine/order_statistics.hpp"

namespace stridecue {
namespace {

// Alternation as a prior: the other foot than last time nine times in ten. A missed stance or
// a stumble is rarer than that on a treadmill, and a clear COP overrules it anyway.
constexpr double kAlternationOdds = 9.0;
// The COP's log-likelihood ratio is capped: a stance far outside both feet (a stumble onto the
// belt's edge) is no surer than one at the other foot's centre.
constexpr double kMaxCopLogOdds = 12.0;
// Stance-to-stance scatter is never taken as smaller than this (plates resolve a few mm).
constexpr double kMinSpreadM = 0.004;
// Two feet's centres must lie this many stance-to-stance spreads apart to count as two feet.
constexpr double kMinSeparationSpreads = 4.0;
// Consecutive stances compared before the centres are known: this sure, no surer.
constexpr double kPairwiseConfidence = 0.9;

double probability_from_log_odds(double log_odds) {
  return 1.0 / (1.0 + std::exp(-log_odds));
}

// The COP's log odds for `favoured` over `other` (capped) added to alternation's: the side, what
// decided it (the COP when it alone outweighs alternation's odds, and agrees), and how sure.
SideDecision weigh(double cop_log_odds, double prior_log_odds, Side favoured, Side other) {
  cop_log_odds = std::clamp(cop_log_odds, -kMaxCopLogOdds, kMaxCopLogOdds);
  const double log_odds = cop_log_odds + prior_log_odds;
  const bool favours = log_odds >= 0.0;
  const bool cop_decided =
      std::abs(cop_log_odds) >= std::log(kAlternationOdds) && (cop_log_odds >= 0.0) == favours;
  return {favours ? favoured : other, cop_decided ? SideEvidence::cop : SideEvidence::alternation,
          probability_from_log_odds(std::abs(log_odds))};
}

}  // namespace

std::string_view to_string(SideEvidence e) {
  switch (e) {
    case SideEvidence::plate: return "plate";
    case SideEvidence::cop: return "cop";
    case SideEvidence::alternation: return "alternation";
    case SideEvidence::crossover: return "crossover";
  }
  return "alternation";
}

const SideAssigner::Stance* SideAssigner::newest() const {
  if (count_ == 0) return nullptr;
  return &history_[(next_ + kHistory - 1) % kHistory];
}

std::optional<double> SideAssigner::centre_m(Side side, std::size_t min_stances) const {
  std::array<double, kHistory> ys{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < count_; ++i) {
    if (history_[i].side == side) ys[n++] = history_[i].cop_y_m;
  }
  if (n < min_stances || n == 0) return std::nullopt;
  return median(std::span<double>(ys.data(), n));
}

double SideAssigner::spread_m(double left_m, double right_m) const {
  // Median absolute deviation from each stance's own centre, scaled to a standard deviation.
  std::array<double, kHistory> deviations{};
  for (std::size_t i = 0; i < count_; ++i) {
    const double centre = history_[i].side == Side::left ? left_m : right_m;
    deviations[i] = std::abs(history_[i].cop_y_m - centre);
  }
  const double mad_m = kth_smallest(std::span<double>(deviations.data(), count_), count_ / 2);
  return std::max(1.4826 * mad_m, kMinSpreadM);
}

SideDecision SideAssigner::peek(std::optional<double> y) const {
  bool pairwise = false;
  return decide(y, pairwise);
}

SideDecision SideAssigner::decide(std::optional<double> y, bool& pairwise) const {
  pairwise = false;
  const double prior_log_odds = std::log(kAlternationOdds);
  SideDecision alternation{last_ ? opposite(*last_) : Side::right, SideEvidence::alternation,
                           last_ ? probability_from_log_odds(prior_log_odds) : 0.5};
  if (!y) return alternation;

  const auto left = centre_m(Side::left, 2), right = centre_m(Side::right, 2);
  if (!left || !right) {
    // Startup. Once each foot has a stance, the nearer one names the foot; before that, the
    // stance further left than the one before is the left foot.
    const auto left1 = centre_m(Side::left, 1), right1 = centre_m(Side::right, 1);
    if (left1 && right1) {
      const double nearer_left_by = std::abs(*y - *right1) - std::abs(*y - *left1);
      if (std::abs(nearer_left_by) < margin_m_) return alternation;
      return {nearer_left_by > 0.0 ? Side::left : Side::right, SideEvidence::cop,
              kPairwiseConfidence};
    }
    const Stance* previous = newest();
    if (!previous || std::abs(*y - previous->cop_y_m) < margin_m_) return alternation;
    pairwise = true;
    return {*y > previous->cop_y_m ? Side::left : Side::right, SideEvidence::cop,
            kPairwiseConfidence};
  }
  const double sd = spread_m(*left, *right);
  // Centres closer than a few spreads are no two feet (crossover running, or labels that made
  // their own clusters out of noise): the COP then says nothing.
  if (std::abs(*left - *right) < kMinSeparationSpreads * sd) return alternation;
  const Stance* previous = previous_had_cop_ ? newest() : nullptr;
  if (previous && last_) {
    // Against the stance before: a runner drifts across the belt by as much as a step width
    // within a few steps, but hardly between two. Alternating, y moves by the feet's gap
    // towards the new foot; repeating a foot, it stays.
    const double gap_m = *last_ == Side::right ? *left - *right : *right - *left;
    const double moved_m = *y - previous->cop_y_m;
    const double pair_sd = std::sqrt(2.0) * sd;
    const double alternating_log_odds =
        (moved_m * moved_m - (moved_m - gap_m) * (moved_m - gap_m)) / (2.0 * pair_sd * pair_sd);
    return weigh(alternating_log_odds, prior_log_odds, opposite(*last_), *last_);
  }
  // No COP for the stance before: each foot's centre. log P(y | left) − log P(y | right).
  const double left_log_odds =
      ((*y - *right) * (*y - *right) - (*y - *left) * (*y - *left)) / (2.0 * sd * sd);
  const double alternation_log_odds = !last_                  ? 0.0
                                      : *last_ == Side::right ? prior_log_odds
                                                              : -prior_log_odds;
  return weigh(left_log_odds, alternation_log_odds, Side::left, Side::right);
}

SideDecision SideAssigner::assign(std::optional<double> y) {
  bool pairwise = false;
  const SideDecision decision = decide(y, pairwise);
  revised_previous_ = false;
  if (y) {
    if (pairwise && previous_had_cop_) {
      // The pair says the previous stance was the other foot: if it was not counted so, it is
      // now (only before both centres exist, when its own side was a guess or alternation).
      Stance& previous = history_[(next_ + kHistory - 1) % kHistory];
      if (previous.side == decision.side) {
        previous.side = opposite(decision.side);
        revised_previous_ = true;
      }
    }
    history_[next_] = {*y, decision.side};
    next_ = (next_ + 1) % kHistory;
    count_ = std::min(count_ + 1, kHistory);
  }
  previous_had_cop_ = y.has_value();
  last_ = decision.side;
  return decision;
}

}  // namespace stridecue
