// Causal IIR filters as cascades of second-order sections, shared by the force and EMG stages.
//
// Direct form II transposed in double precision: the form with the best numerical behaviour
// for low cut-offs at kHz rates, where single-precision direct form I loses the signal.
// Coefficient formulas: R. Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter
// coefficients" (bilinear transform with frequency pre-warping).
#pragma once

#include <array>
#include <cstddef>

namespace stridecue {

struct BiquadCoefficients {
  double b0 = 1.0, b1 = 0.0, b2 = 0.0;  // numerator
  double a1 = 0.0, a2 = 0.0;            // denominator, a0 normalised to 1

  static BiquadCoefficients lowpass(double cutoff_hz, double rate_hz, double q);
  static BiquadCoefficients highpass(double cutoff_hz, double rate_hz, double q);
  // Band-stop centred on `centre_hz`, -3 dB bandwidth centre/q.
  static BiquadCoefficients notch(double centre_hz, double rate_hz, double q);
};

class Biquad {
 public:
  Biquad() = default;
  explicit Biquad(const BiquadCoefficients& c) : c_(c) {}

  double process(double x) {
    const double y = c_.b0 * x + s1_;
    s1_ = c_.b1 * x - c_.a1 * y + s2_;
    s2_ = c_.b2 * x - c_.a2 * y;
    return y;
  }
  // process() over data[0..n), or from data[n-1] down to data[0] (`backwards`, the second
  // pass of a zero-phase filter), in place: the same operations in the same order, so the same
  // bits, but with the state in registers, where a store through `data` (which might alias it)
  // would otherwise send it through memory every sample.
  void process_in_place(double* data, std::size_t n, bool backwards = false) {
    const BiquadCoefficients c = c_;
    double s1 = s1_, s2 = s2_;
    const auto step = [&](double& v) {
      const double x = v;
      const double y = c.b0 * x + s1;
      s1 = c.b1 * x - c.a1 * y + s2;
      s2 = c.b2 * x - c.a2 * y;
      v = y;
    };
    if (backwards) {
      for (std::size_t i = n; i-- > 0;)
        step(data[i]);
    } else {
      for (std::size_t i = 0; i < n; ++i)
        step(data[i]);
    }
    s1_ = s1;
    s2_ = s2;
  }
  void reset() { s1_ = s2_ = 0.0; }
  // Sets the state to the steady state for a constant input `x`, so that a filter started on a
  // signal with an offset does not ring.
  void settle_to(double x);
  const BiquadCoefficients& coefficients() const { return c_; }

 private:
  BiquadCoefficients c_;
  double s1_ = 0.0, s2_ = 0.0;
};

// Up to kMaxSections biquads in series, stored inline: no allocation, cheap to copy.
class BiquadCascade {
 public:
  static constexpr std::size_t kMaxSections = 8;

  BiquadCascade() = default;

  // Butterworth of even `order` (2 … 16), as order/2 sections with the Butterworth Qs.
  static BiquadCascade butterworth_lowpass(int order, double cutoff_hz, double rate_hz);
  static BiquadCascade butterworth_highpass(int order, double cutoff_hz, double rate_hz);

  // Returns false (and adds nothing) when the cascade is full.
  bool add(const BiquadCoefficients& c);

  double process(double x) {
    for (std::size_t i = 0; i < count_; ++i)
      x = sections_[i].process(x);
    return x;
  }
  // process() over a block in place (Biquad::process_in_place): section after section over
  // the whole block, which gives each sample the same operations as sample after sample.
  void process_in_place(double* data, std::size_t n, bool backwards = false) {
    for (std::size_t i = 0; i < count_; ++i)
      sections_[i].process_in_place(data, n, backwards);
  }
  void reset();
  void settle_to(double x);
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }

  // Magnitude of the frequency response at `hz`; for tests and docs, not the real-time path.
  double magnitude_at(double hz, double rate_hz) const;

 private:
  std::array<Biquad, kMaxSections> sections_{};
  std::size_t count_ = 0;
};

}  // namespace stridecue
