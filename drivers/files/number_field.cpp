#include "files/number_field.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

#include <fmt/format.h>

namespace stridecue {
namespace {

// The plain-decimal fast path (number_field.hpp) covers what recorders write at several
// times the speed of from_chars; anything else (long mantissas, big exponents, junk) goes to
// from_chars, which rounds the same way.
// The field is copied with a terminator after it, which the scan needs (a field need not be
// followed by one); a field too long for the copy is no plain decimal anyway.
template <typename T>
bool parse_simple_decimal(const char* first, const char* last, T& value) {
  std::array<char, 48> terminated;
  const auto size = static_cast<std::size_t>(last - first);
  if (size >= terminated.size()) return false;
  std::memcpy(terminated.data(), first, size);
  terminated[size] = '\n';
  PlainDecimal number;
  return scan_plain_decimal(terminated.data(), number) == terminated.data() + size &&
         plain_decimal_value(number, value);
}

template <typename T>
NumberError parse_as(std::string_view field, T& value) {
  if (field.empty()) return NumberError::empty;
  const char* first = field.data();
  const char* last = field.data() + field.size();
  // from_chars rejects '+', which spreadsheets and other tools do write.
  if (*first == '+' && last - first > 1 && first[1] != '-' && first[1] != '+') ++first;
  if (parse_simple_decimal(first, last, value)) return NumberError::none;
  T parsed{};
  const auto [end, error] = std::from_chars(first, last, parsed);
  if (error == std::errc::result_out_of_range) {
    // Underflow (1e-50 as a float) is a zero for any signal we record; overflow is an error.
    double wide = 0.0;
    const auto [wide_end, wide_error] = std::from_chars(first, last, wide);
    if (wide_error == std::errc{} && wide_end == last && std::isfinite(wide) &&
        std::fabs(wide) < 1.0) {
      value = static_cast<T>(wide);
      return NumberError::none;
    }
    if (wide_error == std::errc::result_out_of_range && wide_end == last) {
      // Out of a double's range too: which way, strtod tells (inf for 1e400, 0 for 1e-400).
      const std::string copy(first, last);
      if (std::isinf(std::strtod(copy.c_str(), nullptr))) return NumberError::out_of_range;
      value = T{0};
      return NumberError::none;
    }
    return NumberError::out_of_range;
  }
  if (error != std::errc{} || end != last) return NumberError::not_a_number;
  if (!std::isfinite(parsed)) return NumberError::not_finite;
  value = parsed;
  return NumberError::none;
}

}  // namespace

NumberError parse_number(std::string_view field, double& value) {
  return parse_as(field, value);
}
NumberError parse_number(std::string_view field, float& value) {
  return parse_as(field, value);
}

std::string quote_field(std::string_view field) {
  constexpr std::size_t max_shown = 40;
  std::string quoted = "\"";
  for (std::size_t i = 0; i < field.size() && i < max_shown; ++i) {
    const char c = field[i];
    quoted += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (field.size() > max_shown) quoted += "...";
  quoted += '"';
  return quoted;
}

std::string number_error_text(NumberError error, std::string_view field) {
  switch (error) {
    case NumberError::none: return {};
    case NumberError::empty: return "empty field, expected a number";
    case NumberError::not_a_number: return fmt::format("not a number: {}", quote_field(field));
    case NumberError::not_finite:
      return fmt::format("NaN or infinity is not allowed: {}", quote_field(field));
    case NumberError::out_of_range:
      return fmt::format("number out of range: {}", quote_field(field));
  }
  return "bad number";
}

int decimal_places(std::string_view field) {
  int places = 0;
  std::size_t at = field.find('.');
  const std::size_t exponent_at = field.find_first_of("eE");
  if (at != std::string_view::npos) {
    const std::size_t end = exponent_at == std::string_view::npos ? field.size() : exponent_at;
    places = static_cast<int>(end > at ? end - at - 1 : 0);
  }
  if (exponent_at != std::string_view::npos) {
    std::string_view exponent = field.substr(exponent_at + 1);
    if (!exponent.empty() && exponent.front() == '+') exponent.remove_prefix(1);
    int written = 0;
    const auto parsed =
        std::from_chars(exponent.data(), exponent.data() + exponent.size(), written);
    if (parsed.ec == std::errc{}) places -= std::clamp(written, -1000, 1000);
  }
  return places;
}

}  // namespace stridecue
