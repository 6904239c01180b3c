// The clock of one group of columns in a trial file. Files carry a time per row, but the
// engine wants a rate and a sample counter (DESIGN.md, principle 2), so a group must be evenly
// sampled: its rate comes from its first two samples and every later sample has to sit within a
// quarter period of where that rate puts it (a looser check would let a dropped sample through).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

class EvenSampling {
 public:
  // Records the next sample's time; the error message (without location) if it is off the grid.
  // Times must already be strictly increasing.
  std::optional<std::string> add(double time_s, std::string_view group);

  std::int64_t samples() const { return samples_; }
  double start_time_s() const { return start_time_s_; }
  double rate_hz() const { return rate_hz_; }  // 0 until the second sample

  void reset() { *this = EvenSampling{}; }

 private:
  std::int64_t samples_ = 0;
  double start_time_s_ = 0.0;
  double rate_hz_ = 0.0;
  double period_s_ = 0.0;
};

}  // namespace stridecue
