// The few statistics the reports print: over the finite values only (a step without a figure
// carries NaN), NaN when there are none.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace stridecue::report_stats {

inline constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

inline std::vector<double> finite(const std::vector<double>& v) {
  std::vector<double> out;
  for (const double x : v)
    if (std::isfinite(x)) out.push_back(x);
  return out;
}

// Linear interpolation between order statistics (type 7, R's and NumPy's default).
inline double quantile(const std::vector<double>& values, double p) {
  std::vector<double> v = finite(values);
  if (v.empty()) return kNone;
  std::sort(v.begin(), v.end());
  const double h = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

inline double median(const std::vector<double>& v) {
  return quantile(v, 0.5);
}

inline double mean(const std::vector<double>& values) {
  const std::vector<double> v = finite(values);
  if (v.empty()) return kNone;
  double sum = 0;
  for (const double x : v)
    sum += x;
  return sum / static_cast<double>(v.size());
}

inline double max_of(const std::vector<double>& values, double floor_value) {
  double m = floor_value;
  for (const double x : values)
    if (std::isfinite(x)) m = std::max(m, x);
  return m;
}

inline double min_of(const std::vector<double>& values, double ceiling_value) {
  double m = ceiling_value;
  for (const double x : values)
    if (std::isfinite(x)) m = std::min(m, x);
  return m;
}

// Symmetry index, % (Robinson et al. 1987): (left - right) / mean of both × 100.
inline double symmetry_index_pct(double left, double right) {
  if (!std::isfinite(left) || !std::isfinite(right) || left + right == 0) return kNone;
  return (left - right) / ((left + right) / 2) * 100;
}

}  // namespace stridecue::report_stats
