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
// (Cavanagh & Lafortune 1980, J Biomech 13:397), who split the foot in thirds. On a treadmill the
// index is read from the COP path with the toe placed at toe_cop_fraction of an assumed or
// estimated foot length, and the boundaries that meet the clinical reference — the Altman &
// Davis (2012) foot-strike angle from markers, 8° and −1.6° — lie at 0.47 and 0.76 of that
// index on real treadmill running (docs/validation.md says how they were found).
struct StrikeBoundaries {
  double rearfoot_max = 0.47;
  double forefoot_min = 0.76;

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
