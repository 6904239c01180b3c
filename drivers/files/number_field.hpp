// Numbers in text trial files: plain decimals by a one-pass fast path, the rest with
// std::from_chars; no locale, no allocation, the same correctly rounded value either way.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace stridecue {

enum class NumberError { none, empty, not_a_number, not_finite, out_of_range };

// The whole field must be one finite number; a leading '+' is accepted.
NumberError parse_number(std::string_view field, double& value);
NumberError parse_number(std::string_view field, float& value);

// A plain decimal as recorders write it ("1194.667969", "-3.2e-05", "0"): an optional '-',
// digits with an optional '.', an optional exponent of at most three digits. The fast path of
// every number in a trial file, so it is inline and makes one pass over the bytes.
struct PlainDecimal {
  std::uint64_t digits = 0;  // all the mantissa's digits, the '.' left out
  int exponent = 0;          // value = ±digits × 10^exponent
  bool negative = false;
};

// Scans a plain decimal from `first`; returns where it stops (the caller checks that a
// delimiter or the line's end is there), or nullptr when the text does not start with one, or
// has more than 19 mantissa digits (leading zeros included), which `digits` might not hold.
// It reads up to the first byte that cannot continue the number without checking for an end,
// so the text must be followed by one such as a delimiter, '\r' or '\n' (LineReader's lines
// are). Inlined into the readers' row loops: a call per field costs as much as the scan.
[[gnu::always_inline]] inline const char* scan_plain_decimal(const char* first, PlainDecimal& out) {
  const auto digit_at = [](const char* at) { return static_cast<unsigned>(*at) - '0'; };
  const char* cursor = first;
  out.negative = *cursor == '-';
  cursor += out.negative ? 1 : 0;
  std::uint64_t digits = 0;
  const char* const integer_start = cursor;
  for (unsigned d; (d = digit_at(cursor)) < 10; ++cursor)
    digits = digits * 10 + d;
  auto mantissa_digits = cursor - integer_start;
  int exponent = 0;
  if (*cursor == '.') {
    const char* const fraction_start = ++cursor;
    for (unsigned d; (d = digit_at(cursor)) < 10; ++cursor)
      digits = digits * 10 + d;
    exponent = -static_cast<int>(cursor - fraction_start);
    mantissa_digits += cursor - fraction_start;
  }
  if (mantissa_digits == 0 || mantissa_digits > 19) return nullptr;
  if (*cursor == 'e' || *cursor == 'E') {
    ++cursor;
    const bool negative_exponent = *cursor == '-';
    if (*cursor == '-' || *cursor == '+') ++cursor;
    const char* const exponent_start = cursor;
    int written = 0;
    for (unsigned d; cursor - exponent_start < 3 && (d = digit_at(cursor)) < 10; ++cursor)
      written = written * 10 + static_cast<int>(d);
    if (cursor == exponent_start || digit_at(cursor) < 10) return nullptr;
    exponent += negative_exponent ? -written : written;
  }
  out.digits = digits;
  out.exponent = exponent;
  return cursor;
}

inline constexpr std::array<double, 23> exact_powers_of_ten{
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// The correctly rounded double of a plain decimal when one IEEE operation gives it (Clinger's
// fast path: the digits at most 2^53 and |exponent| <= 22 make both operands exact doubles);
// false otherwise, for std::from_chars to decide.
[[gnu::always_inline]] inline bool plain_decimal_value(const PlainDecimal& number, double& value) {
  if (number.digits == 0) {
    value = number.negative ? -0.0 : 0.0;
    return true;
  }
  if (number.digits > (std::uint64_t{1} << 53) || number.exponent < -22 || number.exponent > 22)
    return false;
  const auto mantissa = static_cast<double>(number.digits);
  const double magnitude =
      number.exponent < 0
          ? mantissa / exact_powers_of_ten[static_cast<std::size_t>(-number.exponent)]
          : mantissa * exact_powers_of_ten[static_cast<std::size_t>(number.exponent)];
  value = number.negative ? -magnitude : magnitude;
  return true;
}

// The same for a float: the double rounded to float is the correctly rounded float unless the
// double landed exactly on a midpoint between two floats, which is left to from_chars. (The
// fast path's range, 1e-22 to 9e37, is all normal floats.)
[[gnu::always_inline]] inline bool plain_decimal_value(const PlainDecimal& number, float& value) {
  double wide = 0.0;
  if (!plain_decimal_value(number, wide)) return false;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &wide, sizeof bits);
  constexpr std::uint64_t below_float_precision = (std::uint64_t{1} << 29) - 1;
  if ((bits & below_float_precision) == (std::uint64_t{1} << 28)) return false;
  value = static_cast<float>(wide);
  return true;
}

// How many decimal places a number was written with: 3 for "0.231", 0 for "12", 6 for
// "3.333e-3", -2 for "15e2". Its precision (a unit of the last place) is 10^-places. The field
// should already parse as a number.
int decimal_places(std::string_view field);

// "not a number: \"abc\"" and the like, quoting (a printable prefix of) the field.
std::string number_error_text(NumberError error, std::string_view field);

// The field quoted for an error message: non-printable bytes as '?', long fields cut.
std::string quote_field(std::string_view field);

// Spaces (and tabs, unless they delimit) around a field are not part of it.
inline std::string_view trim_field(std::string_view field, bool trim_tabs) {
  const auto blank = [trim_tabs](char c) { return c == ' ' || (trim_tabs && c == '\t'); };
  while (!field.empty() && blank(field.front()))
    field.remove_prefix(1);
  while (!field.empty() && blank(field.back()))
    field.remove_suffix(1);
  return field;
}

}  // namespace stridecue
