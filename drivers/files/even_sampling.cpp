#include "files/even_sampling.hpp"

#include <cmath>

#include <fmt/format.h>

namespace stridecue {
namespace {

// Times written with a few decimals (0.23, 0.231) give 999.9999999999991 Hz; a rate within
// 1 ppm of a whole number of hertz is that number, which is what the device ran at.
double nominal_rate_hz(double measured_hz) {
  const double whole = std::round(measured_hz);
  if (whole >= 1.0 && std::fabs(measured_hz - whole) <= 1e-6 * measured_hz) return whole;
  return measured_hz;
}

}  // namespace

std::optional<std::string> EvenSampling::add(double time_s, std::string_view group) {
  if (samples_ == 0) {
    start_time_s_ = time_s;
  } else if (samples_ == 1) {
    rate_hz_ = nominal_rate_hz(1.0 / (time_s - start_time_s_));
    if (!std::isfinite(rate_hz_) || rate_hz_ <= 0.0) {
      return fmt::format("uneven sampling: {} samples at {:.9g} s and {:.9g} s are too close",
                         group, start_time_s_, time_s);
    }
    period_s_ = 1.0 / rate_hz_;
  } else {
    const double expected_s = start_time_s_ + static_cast<double>(samples_) * period_s_;
    if (!(std::fabs(time_s - expected_s) <= 0.25 * period_s_)) {
      return fmt::format(
          "uneven sampling: {} sample at {:.9g} s, expected {:.9g} s ({:.9g} Hz from its first "
          "two samples)",
          group, time_s, expected_s, rate_hz_);
    }
  }
  ++samples_;
  return std::nullopt;
}

}  // namespace stridecue
