// The clock of one group of columns in a trial file. Files carry a time per row, but the
// engine wants a rate and a sample counter (DESIGN.md, principle 2), so a group must be evenly
// sampled. Exporters often round the time column (0.003333, 0.006667 … at 300 Hz), so the rate
// is not taken from the first two samples (that gives 300.03 Hz and a grid that drifts off the
// data after a few seconds) but from a least-squares line through every sample so far. Each new
// sample must lie on that line within the column's printed precision plus a tenth of a period:
// a dropped or repeated sample (a whole period off) or real jitter is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

// Readers look ahead this many samples of a group (or as far as their buffer allows, at least
// two samples) to fit its rate before handing out the first block, since the layout's rate
// holds for the whole file: 4096 samples pin a 300 Hz rate rounded to 1 µs to better than 1 ppm.
inline constexpr std::int64_t rate_look_ahead_samples = 4096;

class EvenSampling {
 public:
  // Records the next sample's time, written with `decimals` decimal places (3 for "0.231", 6
  // for "3.333e-3"; decimal_places() in number_field.hpp); the error message (without location)
  // if it is off the grid. Times must already be strictly increasing.
  std::optional<std::string> add(double time_s, int decimals, std::string_view group);

  std::int64_t samples() const { return samples_; }
  double start_time_s() const { return start_time_s_; }
  // The fitted rate, snapped to a whole number of hertz when within 1 ppm of one; 0 until the
  // second sample.
  // Worked out when asked, not per sample: the rounding was a fifth of add()'s time.
  double rate_hz() const;

  void reset() { *this = EvenSampling{}; }

 private:
  std::int64_t samples_ = 0;
  double start_time_s_ = 0.0;
  int decimals_ = -1000;  // the most decimals any time had: the column's precision
  double unit_s_ = 1e9;   // 10^-decimals_, decimals_ clamped to -9..30: a unit of the last place
  // The running fit of (time − start) against the sample number k (Welford's update).
  double mean_k_ = 0.0;
  double mean_t_ = 0.0;
  double sum_kk_ = 0.0;
  double sum_kt_ = 0.0;
  double period_s_ = 0.0;  // the fitted slope
};

}  // namespace stridecue
