// The time column of a text table read through a column profile: times in seconds, which must
// be evenly sampled (even_sampling.hpp), or a sample index at the profile's rate, which must
// count up by one from row to row (a gap is a dropped sample).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "files/column_profile.hpp"
#include "files/even_sampling.hpp"

namespace stridecue {

class TableClock {
 public:
  explicit TableClock(const ColumnProfile& profile)
      : unit_(profile.time_unit),
        index_rate_hz_(profile.rate_hz),
        first_index_(profile.first_index) {}

  // The next row's time field (trimmed); the error (without location) if it is not a number or
  // not the time of the next sample.
  std::optional<std::string> add(std::string_view field);

  std::int64_t samples() const;
  double rate_hz() const;  // 0 until known
  double start_time_s() const;
  // How many rows to read before the first block to know rate_hz() well: a time column in
  // seconds is fitted to many, a sample index needs only two.
  std::int64_t look_ahead_samples() const;
  TimeUnit unit() const { return unit_; }

  void reset();

 private:
  std::optional<std::string> add_seconds(std::string_view field);
  std::optional<std::string> add_index(std::string_view field);

  TimeUnit unit_;
  double index_rate_hz_;
  std::int64_t first_index_;
  EvenSampling even_;           // seconds
  double previous_time_s_ = 0;  // seconds
  std::int64_t indices_ = 0;    // sample_index: rows so far
  std::int64_t first_row_index_ = 0;
  std::int64_t previous_index_ = 0;
};

}  // namespace stridecue
