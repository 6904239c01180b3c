// Median and tail of repeated timings: shared machines are noisy, so benchmarks report the
// median (and p99 where there are enough runs), never a single run.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace stridecue::bench {

inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

inline double median(std::vector<double> values) {
  return percentile(std::move(values), 50.0);
}

}  // namespace stridecue::bench
