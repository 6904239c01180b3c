// The simulator's own random numbers: the same seed gives bit-identical output with any
// standard library, which std:: distributions do not promise.
//
// xoshiro256** (Blackman & Vigna 2018, https://prng.di.unimi.it/) seeded through splitmix64,
// uniform doubles from the top 53 bits, and normal deviates by the Marsaglia polar form of
// Box-Muller (no sin/cos; only log and sqrt).
#pragma once

#include <cmath>
#include <cstdint>

namespace stridecue {

class DeterministicRng {
 public:
  // `stream` separates independent sequences drawn from one seed (the stride plan, the force
  // noise and the EMG), so that e.g. changing the noise level leaves the strides alone.
  explicit DeterministicRng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ULL);
    for (auto& word : state_)
      word = splitmix64(x);
  }

  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // In [0, 1).
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Standard normal.
  double gaussian() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0.0;
    double v = 0.0;
    double s = 0.0;
    do {
      u = 2.0 * uniform() - 1.0;
      v = 2.0 * uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double scale = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * scale;
    has_spare_ = true;
    return u * scale;
  }

  // Normal with standard deviation `sd`, cut at ±3 sd so that no draw is absurd.
  double gaussian_clamped(double sd) {
    const double g = gaussian();
    return sd * (g > 3.0 ? 3.0 : (g < -3.0 ? -3.0 : g));
  }

 private:
  static std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t state_[4] = {};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace stridecue
