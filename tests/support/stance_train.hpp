// A synthetic vertical-force signal for engine tests: half-sine stances at known times.
#pragma once

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

namespace stridecue::test {

struct Stance {
  double contact_s;
  double duration_s;
  double peak_n;
};

// Alternating stances every `step_s`, each `duration_s` long, starting at `first_s`.
inline std::vector<Stance> regular_stances(int count, double first_s, double step_s,
                                           double duration_s, double peak_n) {
  std::vector<Stance> stances;
  for (int i = 0; i < count; ++i)
    stances.push_back({first_s + i * step_s, duration_s, peak_n});
  return stances;
}

inline double force_at(const std::vector<Stance>& stances, double t) {
  for (const auto& s : stances) {
    const double tau = t - s.contact_s;
    if (tau >= 0.0 && tau <= s.duration_s) {
      return s.peak_n * std::sin(std::numbers::pi * tau / s.duration_s);
    }
  }
  return 0.0;
}

// The signal sampled at `rate_hz` for `duration_s`, plus gaussian noise and a constant offset.
inline std::vector<double> sample_force(const std::vector<Stance>& stances, double rate_hz,
                                        double duration_s, double noise_sd_n = 0.0,
                                        double offset_n = 0.0, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, noise_sd_n > 0 ? noise_sd_n : 1.0);
  std::vector<double> fz(static_cast<std::size_t>(duration_s * rate_hz));
  for (std::size_t k = 0; k < fz.size(); ++k) {
    fz[k] = force_at(stances, static_cast<double>(k) / rate_hz) + offset_n +
            (noise_sd_n > 0 ? noise(rng) : 0.0);
  }
  return fz;
}

}  // namespace stridecue::test
