// Foot-strike patterns and the strike-index boundaries between them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace stridecue {

enum class StrikePattern : std::uint8_t { rearfoot, midfoot, forefoot };
std::string_view to_string(StrikePattern p);
std::optional<StrikePattern> strike_pattern_from_string(std::string_view s);

// Strike index: the COP at initial contact as a fraction of foot length from the heel
// (Cavanagh & Lafortune 1980, J Biomech 13:397). Rearfoot in the posterior third, forefoot in
// the anterior third.
struct StrikeBoundaries {
  double rearfoot_max = 1.0 / 3.0;
  double forefoot_min = 2.0 / 3.0;

  StrikePattern classify(double strike_index) const {
    if (strike_index < rearfoot_max) return StrikePattern::rearfoot;
    if (strike_index > forefoot_min) return StrikePattern::forefoot;
    return StrikePattern::midfoot;
  }
  // Probability that the true index lies in `p`'s range when the estimate is normal with mean
  // `strike_index` and standard deviation `sd`.
  double probability(StrikePattern p, double strike_index, double sd) const;
};

}  // namespace stridecue
