// Numbers in text trial files: the plain-decimal fast path and the trial CSV reader's one-pass
// rows give exactly the value strtod/strtof give (correctly rounded), on random and
// rounding-hard text, and leave everything else to the exact path as before.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "drivers/drained_source.hpp"
#include "files/number_field.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

template <typename T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// A number as some tool might write it: sign (or '+'), 0–25 digits around an optional '.',
// an optional exponent; sometimes not a number at all.
std::string random_number_text(std::mt19937_64& random) {
  const auto pick = [&random](int n) {
    return static_cast<int>(random() % static_cast<unsigned>(n));
  };
  std::string text;
  switch (pick(8)) {
    case 0: text += '-'; break;
    case 1: text += '+'; break;
    default: break;
  }
  const int integer_digits = pick(4) == 0 ? pick(22) : pick(6);
  for (int i = 0; i < integer_digits; ++i)
    text += static_cast<char>('0' + pick(10));
  if (pick(4) != 0) {
    text += '.';
    const int fraction_digits = pick(4) == 0 ? pick(25) : pick(10);
    for (int i = 0; i < fraction_digits; ++i)
      text += static_cast<char>('0' + pick(10));
  }
  if (pick(3) == 0) {
    text += pick(2) == 0 ? 'e' : 'E';
    if (pick(2) == 0) text += pick(2) == 0 ? '-' : '+';
    const int exponent_digits = pick(8) == 0 ? 4 : 1 + pick(2);
    for (int i = 0; i < exponent_digits; ++i)
      text += static_cast<char>('0' + pick(10));
  }
  return text;
}

// What parse_number must give: strtod/strtof's value for a whole, finite, in-range number.
template <typename T>
bool reference_value(const std::string& text, T& value) {
  if (text.empty() || text.find_first_not_of("+-0123456789.eE") != std::string::npos) return false;
  if (text.find("+-") != std::string::npos || text.find("++") != std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  if constexpr (sizeof(T) == sizeof(double)) {
    value = std::strtod(text.c_str(), &end);
  } else {
    value = std::strtof(text.c_str(), &end);
  }
  return end == text.c_str() + text.size() && errno == 0 && std::isfinite(value);
}

template <typename T>
void check_against_strto(const std::string& text) {
  INFO(text);
  T expected{};
  T parsed{};
  const NumberError error = parse_number(text, parsed);
  if (reference_value(text, expected)) {
    REQUIRE(error == NumberError::none);
    CHECK(same_bits(parsed, expected));
  } else if (error == NumberError::none) {
    // Only underflow (a range error for strto*) may parse where strto* gives no value: to
    // zero or a subnormal, as before.
    CHECK(std::fabs(static_cast<double>(parsed)) < 1e-30);
  }
}

TEST_CASE("numbers: random decimals parse to strtod's double and strtof's float",
          "[number_field]") {
  std::mt19937_64 random(2026);
  for (int i = 0; i < 200000; ++i) {
    const std::string text = random_number_text(random);
    check_against_strto<double>(text);
    check_against_strto<float>(text);
  }
}

TEST_CASE("numbers: shortest float text, as the trial CSV writer prints it, round-trips",
          "[number_field]") {
  std::mt19937_64 random(18);
  for (int i = 0; i < 200000; ++i) {
    std::uint32_t bits = static_cast<std::uint32_t>(random());
    float value = 0.0F;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = fmt::format("{}", value);
    float parsed = 0.0F;
    INFO(text);
    REQUIRE(parse_number(text, parsed) == NumberError::none);
    CHECK(same_bits(parsed, value));
  }
}

// Decimals a few units of their last digit from a midpoint between two floats: where the float
// fast path's product of the digits and 10^-k could round the other way than the exact value
// (it must hand those to the division), and where a wrong float would show first.
TEST_CASE("numbers: decimals next to a midpoint between floats read as strtof reads them",
          "[number_field]") {
  std::mt19937_64 random(2418);
  for (int i = 0; i < 100000; ++i) {
    const auto exponent = static_cast<int>(random() % 40) - 30;  // 1e-30 … 1e9
    const float low = static_cast<float>(
        std::ldexp(1.0 + static_cast<double>(random() % 1000000) / 1e6, exponent * 10 / 3));
    const double midpoint =
        (static_cast<double>(low) +
         static_cast<double>(std::nextafter(low, std::numeric_limits<float>::infinity()))) /
        2.0;
    const int digits = 14 + static_cast<int>(random() % 3);  // 14-16 significant digits
    const std::string scientific = fmt::format("{:.{}e}", midpoint, digits - 1);
    const auto e_at = scientific.find('e');
    std::string mantissa = scientific.substr(0, e_at);
    mantissa.erase(mantissa.find('.'), 1);
    const long long written = std::stoll(mantissa);
    const int power = std::stoi(scientific.substr(e_at + 1)) - (digits - 1);
    for (const long long delta : {-3LL, -1LL, 0LL, 1LL, 3LL}) {
      const std::string text = fmt::format("{}e{}", written + delta, power);
      check_against_strto<float>(text);
      // And as a plain decimal with a '.', the trial CSV writer's form, when short enough.
      if (power < 0 && -power < 24) {
        const std::string all = fmt::format("{:0>{}}", written + delta, -power + 1);
        const std::size_t point = all.size() - static_cast<std::size_t>(-power);
        check_against_strto<float>(fmt::format("{}.{}", all.substr(0, point), all.substr(point)));
      }
    }
  }
}

TEST_CASE("numbers: edge and rounding-hard cases", "[number_field]") {
  for (const char* text : {"0",
                           "-0",
                           "+0",
                           "0.0",
                           "-0.000",
                           "0e999",
                           "1",
                           "+1.5",
                           ".5",
                           "-.5",
                           "5.",
                           "1e22",
                           "1e23",
                           "-1e-22",
                           "1e-23",
                           "9007199254740992",
                           "9007199254740993",
                           "9007199254740994.0",
                           "18446744073709551615",
                           "18446744073709551616",
                           "1234567890123456789",
                           "12345678901234567890",
                           "0.30000000000000004441",
                           "2.2250738585072011e-308",
                           "4.9e-324",
                           "1.7976931348623157e308",
                           "16777216",
                           "16777217",
                           "16777218",
                           "16777219",
                           "1.00000005960464477539062500",
                           "1.000000059604644775390625001",
                           "0.99999997019767761230468750",
                           "3.4028235e38",
                           "3.4028234663852886e38",
                           "1.1754943508222875e-38",
                           "1.4e-45",
                           "7.038531e-26",
                           "8.589973e9",
                           "1194.667969",
                           "-3.2e-05",
                           "6.677816e-06",
                           "1E+5",
                           "1e+005",
                           "1e0005"}) {
    check_against_strto<double>(text);
    check_against_strto<float>(text);
  }
}

TEST_CASE("numbers: what is not a plain finite number keeps its error", "[number_field]") {
  double value = 0.0;
  float single = 0.0F;
  CHECK(parse_number("", value) == NumberError::empty);
  for (const char* text : {"nan", "inf", "-inf", "+inf", "infinity", "NaN"}) {
    INFO(text);
    CHECK(parse_number(text, value) == NumberError::not_finite);
    CHECK(parse_number(text, single) == NumberError::not_finite);
  }
  for (const char* text : {".", "-", "+", "e5", "1e", "1e+", "1e-", "1.5x", "--1", "+-1", "++1",
                           "1,5", " 1", "1 ", "0x10", "1e5.5"}) {
    INFO(text);
    CHECK(parse_number(text, value) == NumberError::not_a_number);
    CHECK(parse_number(text, single) == NumberError::not_a_number);
  }
  CHECK(parse_number("1e39", single) == NumberError::out_of_range);
  REQUIRE(parse_number("1e-50", single) == NumberError::none);
  CHECK(single == 0.0F);
  REQUIRE(parse_number("1e-400", value) == NumberError::none);
  CHECK(value == 0.0);
  // Too big even for a double is an error, never a silent 0 (a time of 1e309 once read as 0).
  for (const char* text : {"1e400", "-1e400", "1e309", "+1e309"}) {
    INFO(text);
    CHECK(parse_number(text, value) == NumberError::out_of_range);
    CHECK(parse_number(text, single) == NumberError::out_of_range);
  }
  CHECK(number_error_text(NumberError::out_of_range, "1e400") == "number out of range: \"1e400\"");
}

TEST_CASE("numbers: the scan stops at the first byte that cannot continue a number",
          "[number_field]") {
  const std::string row = "-12.5e-3,7\n";
  PlainDecimal number;
  const char* end = scan_plain_decimal(row.data(), number);
  REQUIRE(end == row.data() + 8);
  CHECK(number.negative);
  CHECK(number.digits == 125);
  CHECK(number.exponent == -4);
  CHECK(scan_plain_decimal("1e1234\n", number) == nullptr);                // four exponent digits
  CHECK(scan_plain_decimal("12345678901234567890\n", number) == nullptr);  // 20 digits
  CHECK(scan_plain_decimal(".\n", number) == nullptr);
}

// The word-at-a-time scan against the byte-by-byte one, on random number text followed by
// each byte a row can hold there, with junk behind the terminator (as in LineReader's
// read-ahead): the same end, digits, exponent and sign, or both refuse.
void check_padded_scan_matches(const std::string& text, char after, char junk) {
  std::string buffer = text;
  buffer += after;
  buffer.append(plain_decimal_read_ahead, junk);
  PlainDecimal bytewise;
  PlainDecimal padded;
  const char* expected = scan_plain_decimal(buffer.data(), bytewise);
  const char* got = scan_plain_decimal_padded(buffer.data(), padded);
  INFO(text << " then " << int(after) << ", junk " << int(junk));
  REQUIRE(got == expected);
  if (expected == nullptr) return;
  CHECK(padded.digits == bytewise.digits);
  CHECK(padded.exponent == bytewise.exponent);
  CHECK(padded.negative == bytewise.negative);
}

TEST_CASE("numbers: the padded scan reads what the byte-by-byte scan reads", "[number_field]") {
  std::mt19937_64 random(3);
  const char ends[] = {',', '\t', '\n', '\r', ' ', 'x', '.', 'e', '-', '5'};
  const char junk[] = {'7', ',', '\0', '.', 'e'};
  for (int i = 0; i < 200000; ++i) {
    const std::string text = random_number_text(random);
    check_padded_scan_matches(text, ends[random() % std::size(ends)],
                              junk[random() % std::size(junk)]);
  }
  // Every split of up to 18 digits around the '.', with and without an exponent: the runs
  // of 8 (one word), 9 (two) and 16 (the compare's width) are where the scan changes path.
  for (int integer = 0; integer <= 18; ++integer) {
    for (int fraction = -1; fraction <= 18; ++fraction) {
      std::string text(static_cast<std::size_t>(integer), '9');
      if (fraction >= 0) text += '.' + std::string(static_cast<std::size_t>(fraction), '1');
      for (const char* exponent : {"", "e-05", "E+1", "e123", "e1234", "e"}) {
        check_padded_scan_matches("-" + text + exponent, ',', '3');
        check_padded_scan_matches(text + exponent, '\n', '3');
      }
    }
  }
}

// The reader's one-pass rows against strtof on each cell's text, with cells written in every
// form the exact path accepts too (spaces, '+', long mantissas, exponents), commas and tabs,
// CRLF, and a last line without its newline.
TEST_CASE("numbers: trial CSV cells read as strtof reads their text", "[number_field][trial_csv]") {
  std::mt19937_64 random(7);
  for (const char delimiter : {',', '\t'}) {
    for (const char* newline : {"\n", "\r\n"}) {
      std::string text =
          fmt::format("time_s{0}left_fz_n{0}right_fz_n{0}emg_gmed_left_v{1}", delimiter, newline);
      std::vector<float> expected_force;
      std::vector<float> expected_emg;
      for (int row = 0; row < 3000; ++row) {
        text += fmt::format("{:.4f}", row * 0.0005);
        const bool force_row = row % 2 == 0;
        for (int cell = 0; cell < 3; ++cell) {
          text += delimiter;
          if (!force_row && cell < 2) continue;  // force at 1 kHz, EMG at 2 kHz
          std::string number;
          float value = 0.0F;
          do {
            number = random_number_text(random);
          } while (!reference_value(number, value));
          if (random() % 10 == 0) number = " " + number + " ";
          text += number;
          (cell < 2 ? expected_force : expected_emg).push_back(value);
        }
        if (row + 1 < 3000) text += newline;
      }
      std::istringstream file(text);
      TrialCsvReader reader(file, "cells.csv");
      const auto drained = test::drain(reader);
      INFO(reader.failure());
      REQUIRE(drained.status == SourceStatus::end);
      REQUIRE(drained.samples[0].size() == expected_force.size());
      REQUIRE(drained.samples[1].size() == expected_emg.size());
      for (std::size_t i = 0; i < expected_force.size(); ++i)
        REQUIRE(same_bits(drained.samples[0][i], expected_force[i]));
      for (std::size_t i = 0; i < expected_emg.size(); ++i)
        REQUIRE(same_bits(drained.samples[1][i], expected_emg[i]));
    }
  }
}

}  // namespace
}  // namespace stridecue
