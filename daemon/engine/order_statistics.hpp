// Medians and percentiles of a few values in a caller's fixed buffer: the engine thread's
// robust estimates (a foot's centre, a belt speed, a noise level) take them without allocating.
// Each reorders the values it is given.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>

namespace stridecue {

// The k-th smallest of `values` (k < values.size()).
inline double kth_smallest(std::span<double> values, std::size_t k) {
  const auto kth = values.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(values.begin(), kth, values.end());
  return *kth;
}

// The value below which `fraction` of the others lie, at index ⌊fraction × (n − 1)⌋.
inline double percentile(std::span<double> values, double fraction) {
  return kth_smallest(values,
                      static_cast<std::size_t>(fraction * static_cast<double>(values.size() - 1)));
}

// The median, the mean of the two middle values when there is an even number of them.
inline double median(std::span<double> values) {
  const std::size_t n = values.size();
  const double upper = kth_smallest(values, n / 2);
  if (n % 2 == 1) return upper;
  // nth_element left every smaller value before the upper middle one.
  const double lower =
      *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n / 2));
  return (lower + upper) / 2.0;
}

}  // namespace stridecue
