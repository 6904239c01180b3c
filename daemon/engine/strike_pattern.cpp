#include "engine/strike_pattern.hpp"

#include <cmath>
#include <limits>

namespace stridecue {
namespace {
double normal_cdf(double z) {
  return 0.5 * std::erfc(-z / std::sqrt(2.0));
}
}  // namespace

std::string_view to_string(StrikePattern p) {
  switch (p) {
    case StrikePattern::rearfoot: return "rearfoot";
    case StrikePattern::midfoot: return "midfoot";
    case StrikePattern::forefoot: return "forefoot";
  }
  return "rearfoot";
}

std::optional<StrikePattern> strike_pattern_from_string(std::string_view s) {
  if (s == "rearfoot") return StrikePattern::rearfoot;
  if (s == "midfoot") return StrikePattern::midfoot;
  if (s == "forefoot") return StrikePattern::forefoot;
  return std::nullopt;
}

double StrikeBoundaries::probability(StrikePattern p, double strike_index, double sd) const {
  constexpr double inf = std::numeric_limits<double>::infinity();
  const double lo = p == StrikePattern::rearfoot  ? -inf
                    : p == StrikePattern::midfoot ? rearfoot_max
                                                  : forefoot_min;
  const double hi = p == StrikePattern::rearfoot  ? rearfoot_max
                    : p == StrikePattern::midfoot ? forefoot_min
                                                  : inf;
  if (!(sd > 0.0)) return (strike_index >= lo && strike_index <= hi) ? 1.0 : 0.0;
  return normal_cdf((hi - strike_index) / sd) - normal_cdf((lo - strike_index) / sd);
}

}  // namespace stridecue
