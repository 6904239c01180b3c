#include "engine/biquad.hpp"

#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>

namespace stridecue {
namespace {

struct Prewarped {
  double cos_w0;
  double alpha;
};

Prewarped prewarp(double freq_hz, double rate_hz, double q) {
  if (!(rate_hz > 0.0) || !(freq_hz > 0.0) || !(freq_hz < rate_hz / 2.0) || !(q > 0.0)) {
    throw std::invalid_argument("biquad: need 0 < frequency < rate/2 and q > 0");
  }
  const double w0 = 2.0 * std::numbers::pi * freq_hz / rate_hz;
  return {std::cos(w0), std::sin(w0) / (2.0 * q)};
}

BiquadCoefficients normalised(double b0, double b1, double b2, double a0, double a1, double a2) {
  return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

// Q of section k of an even-order Butterworth filter: its poles sit at angles
// (2k+1)·π/(2·order) from the negative real axis.
double butterworth_q(int order, int k) {
  const double theta = std::numbers::pi * (2.0 * k + 1.0) / (2.0 * order);
  return 1.0 / (2.0 * std::cos(theta));
}

void check_order(int order) {
  if (order < 2 || order % 2 != 0 || order / 2 > static_cast<int>(BiquadCascade::kMaxSections)) {
    throw std::invalid_argument("Butterworth order must be even, from 2 to 16");
  }
}

}  // namespace

BiquadCoefficients BiquadCoefficients::lowpass(double cutoff_hz, double rate_hz, double q) {
  const auto [c, alpha] = prewarp(cutoff_hz, rate_hz, q);
  return normalised((1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

BiquadCoefficients BiquadCoefficients::highpass(double cutoff_hz, double rate_hz, double q) {
  const auto [c, alpha] = prewarp(cutoff_hz, rate_hz, q);
  return normalised((1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0, 1.0 + alpha, -2.0 * c,
                    1.0 - alpha);
}

BiquadCoefficients BiquadCoefficients::notch(double centre_hz, double rate_hz, double q) {
  const auto [c, alpha] = prewarp(centre_hz, rate_hz, q);
  return normalised(1.0, -2.0 * c, 1.0, 1.0 + alpha, -2.0 * c, 1.0 - alpha);
}

void Biquad::settle_to(double x) {
  // Steady state of DF-II-T for constant input x: y = H(1)·x, then solve the state equations.
  const double dc_gain = (c_.b0 + c_.b1 + c_.b2) / (1.0 + c_.a1 + c_.a2);
  const double y = dc_gain * x;
  s2_ = c_.b2 * x - c_.a2 * y;
  s1_ = c_.b1 * x - c_.a1 * y + s2_;
}

BiquadCascade BiquadCascade::butterworth_lowpass(int order, double cutoff_hz, double rate_hz) {
  check_order(order);
  BiquadCascade cascade;
  for (int k = 0; k < order / 2; ++k) {
    cascade.add(BiquadCoefficients::lowpass(cutoff_hz, rate_hz, butterworth_q(order, k)));
  }
  return cascade;
}

BiquadCascade BiquadCascade::butterworth_highpass(int order, double cutoff_hz, double rate_hz) {
  check_order(order);
  BiquadCascade cascade;
  for (int k = 0; k < order / 2; ++k) {
    cascade.add(BiquadCoefficients::highpass(cutoff_hz, rate_hz, butterworth_q(order, k)));
  }
  return cascade;
}

bool BiquadCascade::add(const BiquadCoefficients& c) {
  if (count_ == kMaxSections) return false;
  sections_[count_++] = Biquad(c);
  return true;
}

void BiquadCascade::reset() {
  for (std::size_t i = 0; i < count_; ++i)
    sections_[i].reset();
}

void BiquadCascade::settle_to(double x) {
  for (std::size_t i = 0; i < count_; ++i) {
    sections_[i].settle_to(x);
    const auto& c = sections_[i].coefficients();
    x *= (c.b0 + c.b1 + c.b2) / (1.0 + c.a1 + c.a2);
  }
}

double BiquadCascade::magnitude_at(double hz, double rate_hz) const {
  const std::complex<double> z1 = std::polar(1.0, -2.0 * std::numbers::pi * hz / rate_hz);
  const std::complex<double> z2 = z1 * z1;
  double magnitude = 1.0;
  for (std::size_t i = 0; i < count_; ++i) {
    const auto& c = sections_[i].coefficients();
    magnitude *= std::abs((c.b0 + c.b1 * z1 + c.b2 * z2) / (1.0 + c.a1 * z1 + c.a2 * z2));
  }
  return magnitude;
}

}  // namespace stridecue
