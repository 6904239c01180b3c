// Latencies of the live path, kept for the status and the benchmark: every value of the
// session (a 10-minute run has ~2,000 cues), summarised on request.
#pragma once

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace stridecue {

class LatencyStats {
 public:
  void add(std::int64_t ns) { values_.push_back(ns); }
  std::size_t count() const { return values_.size(); }
  // p in [0, 1]; nearest rank.
  std::int64_t percentile(double p) const {
    if (values_.empty()) return 0;
    std::vector<std::int64_t> v = values_;
    const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
  }
  nlohmann::json json() const {
    if (values_.empty()) return {{"count", 0}};
    return {
        {"count", values_.size()},
        {"p50_us", static_cast<double>(percentile(0.5)) / 1e3},
        {"p99_us", static_cast<double>(percentile(0.99)) / 1e3},
        {"max_us", static_cast<double>(*std::max_element(values_.begin(), values_.end())) / 1e3}};
  }

 private:
  std::vector<std::int64_t> values_;
};

}  // namespace stridecue
