// Splitting a row of a text table into fields: at runs of blanks, or as a column profile's
// separator says.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "files/column_profile.hpp"

namespace stridecue {

inline bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Any run of blanks separates fields (a trailing tab adds none). Returns the number of fields,
// storing at most fields.size() of them.
std::size_t split_blanks(std::string_view line, std::vector<std::string_view>& fields);

// The fields of `line`: whitespace splits at any run of blanks (OpenSim writes tabs, other
// tools runs of spaces); tab, comma and semicolon at each separator, so two in a row make an
// empty field, with spaces around a field (and tabs, unless they separate) trimmed. Returns
// the number of fields, storing at most fields.size() of them.
std::size_t split_fields(std::string_view line, TableSeparator separator,
                         std::vector<std::string_view>& fields);

}  // namespace stridecue
