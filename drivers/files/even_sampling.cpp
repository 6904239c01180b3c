#include "files/even_sampling.hpp"

#include <algorithm>
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

// How far a sample may sit from the fitted line. A time rounded to its printed precision is off
// by up to half a unit of its last place, and the line's own error is of that order too; a
// tenth of a period more covers binary arithmetic and clocks written with float32 times. Never
// half a period or more, so that a dropped sample is always caught.
double unit_of_last_place_s(int decimals) {
  return std::pow(10.0, -std::clamp(decimals, -9, 30));
}
double allowed_deviation_s(double unit_s, double period_s) {
  return std::min(0.49 * period_s, unit_s + 0.1 * period_s);
}

// "; 2 samples missing before it?" when the sample is a whole number of periods late.
std::string missing_hint(double late_s, double period_s) {
  const double periods = late_s / period_s;
  const double whole = std::round(periods);
  if (whole < 1.0 || std::fabs(periods - whole) > 0.25) return {};
  return fmt::format("; {:.0f} sample{} missing before it?", whole, whole == 1.0 ? "" : "s");
}

}  // namespace

std::optional<std::string> EvenSampling::add(double time_s, int decimals, std::string_view group) {
  if (decimals > decimals_) {  // pow() per sample was a tenth of reading a trial file
    decimals_ = decimals;
    unit_s_ = unit_of_last_place_s(decimals_);
  }
  if (samples_ == 0) start_time_s_ = time_s;
  const double k = static_cast<double>(samples_);
  const double t = time_s - start_time_s_;
  if (samples_ == 1 && !std::isfinite(1.0 / t)) {
    return fmt::format("uneven sampling: {} samples at {:.9g} s and {:.9g} s are too close", group,
                       start_time_s_, time_s);
  }
  if (samples_ >= 2) {
    const double expected = mean_t_ + period_s_ * (k - mean_k_);
    const double allowed = allowed_deviation_s(unit_s_, period_s_);
    if (!(std::fabs(t - expected) <= allowed)) {
      return fmt::format(
          "uneven sampling: {} sample at {:.9g} s, expected {:.9g} s within {:.2g} s ({:.9g} Hz "
          "fitted to the {} samples before it){}",
          group, time_s, start_time_s_ + expected, allowed, rate_hz(), samples_,
          missing_hint(t - expected, period_s_));
    }
  }
  ++samples_;
  const double n = static_cast<double>(samples_);
  const double dk = k - mean_k_;
  mean_k_ += dk / n;
  mean_t_ += (t - mean_t_) / n;
  sum_kk_ += dk * (k - mean_k_);
  sum_kt_ += dk * (t - mean_t_);
  if (samples_ >= 2) period_s_ = sum_kt_ / sum_kk_;
  return std::nullopt;
}

double EvenSampling::rate_hz() const {
  return samples_ >= 2 ? nominal_rate_hz(1.0 / period_s_) : 0.0;
}

}  // namespace stridecue
