// Numbers in text trial files, parsed with std::from_chars: no locale, no allocation, and
// fast enough for the ≥1000× real-time analyze path.
#pragma once

#include <string>
#include <string_view>

namespace stridecue {

enum class NumberError { none, empty, not_a_number, not_finite, out_of_range };

// The whole field must be one finite number; a leading '+' is accepted.
NumberError parse_number(std::string_view field, double& value);
NumberError parse_number(std::string_view field, float& value);

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
