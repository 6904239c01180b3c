// Numbers in text trial files: plain decimals by a one-pass fast path, the rest with
// std::from_chars; no locale, no allocation, the same correctly rounded value either way.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// How many bytes from the start of a number scan_plain_decimal_padded() may load: LineReader
// leaves that many readable after every line (LineReader::read_ahead).
inline constexpr std::size_t plain_decimal_read_ahead = 32;

namespace plain_decimal_detail {

inline constexpr std::array<std::uint64_t, 17> powers_of_ten_u64{1,
                                                                 10,
                                                                 100,
                                                                 1000,
                                                                 10000,
                                                                 100000,
                                                                 1000000,
                                                                 10000000,
                                                                 100000000,
                                                                 1000000000,
                                                                 10000000000,
                                                                 100000000000,
                                                                 1000000000000,
                                                                 10000000000000,
                                                                 100000000000000,
                                                                 1000000000000000,
                                                                 10000000000000000};

#if defined(__SSE2__)
// Bit i set when at[i] is an ASCII digit, for the 16 bytes from `at`: one compare for all.
[[gnu::always_inline]] inline std::uint32_t digit_bits16(const char* at) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
  const __m128i offset = _mm_sub_epi8(bytes, _mm_set1_epi8('0'));
  const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(offset, _mm_set1_epi8(9)), offset);
  return static_cast<std::uint32_t>(_mm_movemask_epi8(digit));
}

// The value of the `count` (1-8) digits at `at`, eight bytes being readable there: the word
// shifted so the digits end at its top (leading zero bytes), then pairs, quads and the eight
// combined by three multiplications (Lemire's SWAR conversion; x86-64 is little-endian).
[[gnu::always_inline]] inline std::uint64_t digits_value(const char* at, unsigned count) {
  std::uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  word <<= 8 * (8 - count);
  word = ((word & 0x0F0F0F0F0F0F0F0F) * 2561) >> 8;
  word = ((word & 0x00FF00FF00FF00FF) * 6553601) >> 16;
  return ((word & 0x0000FFFF0000FFFF) * 42949672960001) >> 32;
}

// The same for 1-16 digits: the last eight and the ones before them.
[[gnu::always_inline]] inline std::uint64_t long_digits_value(const char* at, unsigned count) {
  if (count <= 8) return digits_value(at, count);
  return digits_value(at, count - 8) * 100000000 + digits_value(at + count - 8, 8);
}
#endif

}  // namespace plain_decimal_detail

// scan_plain_decimal() a word at a time, for the trial CSV reader's rows: the same result on
// every input (tests/drivers/test_number_field.cpp compares them), but it finds the digits with
// one 16-byte compare and converts eight at a time instead of a byte per step. Needs
// plain_decimal_read_ahead readable bytes from `first` besides scan_plain_decimal()'s
// terminator. A mantissa longer than the 16 bytes compared goes byte by byte, and so does
// everything without SSE2 (the portable path).
[[gnu::always_inline]] inline const char* scan_plain_decimal_padded(const char* first,
                                                                    PlainDecimal& out) {
#if defined(__SSE2__)
  namespace detail = plain_decimal_detail;
  const bool negative = *first == '-';
  const char* const start = first + (negative ? 1 : 0);
  // Bits 16 and up are set: a run of 16 digits stops there, and is handed on below.
  const std::uint32_t not_digit = ~detail::digit_bits16(start);
  const auto integer_digits = static_cast<unsigned>(__builtin_ctz(not_digit));
  unsigned fraction_digits = 0;
  const char* end = start + integer_digits;
  if (*end == '.') {
    fraction_digits = static_cast<unsigned>(__builtin_ctz(not_digit >> (integer_digits + 1)));
    end += 1 + fraction_digits;
  }
  // Past the 16 bytes compared (the digits may go on) or no digits at all: byte by byte
  // decides.
  if (end - start >= 16 || integer_digits + fraction_digits == 0) {
    return scan_plain_decimal(first, out);
  }
  int exponent = -static_cast<int>(fraction_digits);
  if ((*end | 0x20) == 'e') {  // 'e' or 'E': as in scan_plain_decimal()
    const auto digit_at = [](const char* at) { return static_cast<unsigned>(*at) - '0'; };
    ++end;
    const bool negative_exponent = *end == '-';
    if (*end == '-' || *end == '+') ++end;
    const char* const exponent_start = end;
    int written = 0;
    for (unsigned d; end - exponent_start < 3 && (d = digit_at(end)) < 10; ++end)
      written = written * 10 + static_cast<int>(d);
    if (end == exponent_start || digit_at(end) < 10) return nullptr;
    exponent += negative_exponent ? -written : written;
  }
  // At most 15 digits in all, so the sum below cannot overflow.
  const std::uint64_t integer =
      integer_digits != 0 ? detail::long_digits_value(start, integer_digits) : 0;
  const std::uint64_t fraction =
      fraction_digits != 0 ? detail::long_digits_value(start + integer_digits + 1, fraction_digits)
                           : 0;
  out.negative = negative;
  out.digits = integer * detail::powers_of_ten_u64[fraction_digits] + fraction;
  out.exponent = exponent;
  return end;
#else
  return scan_plain_decimal(first, out);
#endif
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

inline constexpr std::array<double, 23> inverse_powers_of_ten{
    1e-0,  1e-1,  1e-2,  1e-3,  1e-4,  1e-5,  1e-6,  1e-7,  1e-8,  1e-9,  1e-10, 1e-11,
    1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22};

// The same for a float: the double rounded to float is the correctly rounded float unless the
// double landed exactly on a midpoint between two floats, which is left to from_chars. (The
// fast path's range, 1e-22 to 9e37, is all normal floats.)
//
// With decimals (a negative exponent) the double need not be exact to round to the right float,
// only on the same side of every midpoint between floats as the exact value, and a division
// was most of a cell's time: so the digits are multiplied by 10^-k (two roundings, the result
// within 2 units of the double's last place of the exact value, 4 across a power of two),
// and only a product within 8 units of a midpoint (bits 0-28 of the double's mantissa near
// 2^28; floats keep 24 of its 53 bits) is divided exactly as above.
[[gnu::always_inline]] inline bool plain_decimal_value(const PlainDecimal& number, float& value) {
  constexpr std::uint64_t below_float_precision = (std::uint64_t{1} << 29) - 1;
  constexpr std::uint64_t midpoint = std::uint64_t{1} << 28;
  if (number.exponent < 0 && number.exponent >= -22 && number.digits != 0 &&
      number.digits <= (std::uint64_t{1} << 53)) {
    const double product = static_cast<double>(number.digits) *
                           inverse_powers_of_ten[static_cast<std::size_t>(-number.exponent)];
    std::uint64_t bits = 0;
    std::memcpy(&bits, &product, sizeof bits);
    if ((bits & below_float_precision) - (midpoint - 8) > 16) {  // unsigned: outside ±8
      const auto single = static_cast<float>(product);
      value = number.negative ? -single : single;
      return true;
    }
  }
  double wide = 0.0;
  if (!plain_decimal_value(number, wide)) return false;
  std::uint64_t bits = 0;
  std::memcpy(&bits, &wide, sizeof bits);
  if ((bits & below_float_precision) == midpoint) return false;
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
