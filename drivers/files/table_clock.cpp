#include "files/table_clock.hpp"

#include <cmath>

#include <fmt/format.h>

#include "files/number_field.hpp"

namespace stridecue {

std::optional<std::string> TableClock::add(std::string_view field) {
  return unit_ == TimeUnit::seconds ? add_seconds(field) : add_index(field);
}

std::optional<std::string> TableClock::add_seconds(std::string_view field) {
  double time_s = 0.0;
  if (const auto error = parse_number(field, time_s); error != NumberError::none) {
    return number_error_text(error, field);
  }
  if (even_.samples() > 0 && !(time_s > previous_time_s_)) {
    return fmt::format("time {:.9g} s is not after the previous row's {:.9g} s", time_s,
                       previous_time_s_);
  }
  if (auto uneven = even_.add(time_s, decimal_places(field), "force")) return uneven;
  previous_time_s_ = time_s;
  return std::nullopt;
}

std::optional<std::string> TableClock::add_index(std::string_view field) {
  double value = 0.0;
  if (const auto error = parse_number(field, value); error != NumberError::none) {
    return number_error_text(error, field);
  }
  // Doubles hold whole numbers exactly up to 2^53.
  if (std::floor(value) != value || std::fabs(value) > 9007199254740992.0) {
    return fmt::format("sample index {} is not a whole number", quote_field(field));
  }
  const auto index = static_cast<std::int64_t>(value);
  if (indices_ > 0 && index <= previous_index_) {
    return fmt::format("sample index {} is not after the previous row's {}", index,
                       previous_index_);
  }
  if (indices_ > 0 && index != previous_index_ + 1) {
    const std::int64_t missing = index - previous_index_ - 1;
    return fmt::format("sample index {} follows {}: {} sample{} missing", index, previous_index_,
                       missing, missing == 1 ? "" : "s");
  }
  if (indices_ == 0) first_row_index_ = index;
  previous_index_ = index;
  ++indices_;
  return std::nullopt;
}

std::int64_t TableClock::samples() const {
  return unit_ == TimeUnit::seconds ? even_.samples() : indices_;
}

double TableClock::rate_hz() const {
  if (unit_ == TimeUnit::seconds) return even_.rate_hz();
  return indices_ > 0 ? index_rate_hz_ : 0.0;
}

double TableClock::start_time_s() const {
  if (unit_ == TimeUnit::seconds) return even_.start_time_s();
  return static_cast<double>(first_row_index_ - first_index_) / index_rate_hz_;
}

std::int64_t TableClock::look_ahead_samples() const {
  return unit_ == TimeUnit::seconds ? rate_look_ahead_samples : 2;
}

void TableClock::reset() {
  even_.reset();
  previous_time_s_ = 0.0;
  indices_ = 0;
  first_row_index_ = 0;
  previous_index_ = 0;
}

}  // namespace stridecue
