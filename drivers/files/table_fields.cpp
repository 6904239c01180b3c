#include "files/table_fields.hpp"

#include "files/number_field.hpp"

namespace stridecue {
namespace {

// Each separator character ends a field, so two in a row make an empty field; spaces around a
// field (and tabs, unless they separate) are not part of it.
std::size_t split_at(std::string_view line, char separator, std::vector<std::string_view>& fields) {
  const bool trim_tabs = separator != '\t';
  std::size_t found = 0;
  for (std::size_t begin = 0;;) {
    const std::size_t end = line.find(separator, begin);
    if (found < fields.size()) {
      fields[found] = trim_field(line.substr(begin, end - begin), trim_tabs);
    }
    ++found;
    if (end == std::string_view::npos) return found;
    begin = end + 1;
  }
}

}  // namespace

std::size_t split_blanks(std::string_view line, std::vector<std::string_view>& fields) {
  std::size_t found = 0;
  const char* cursor = line.data();
  const char* const end = line.data() + line.size();
  for (;;) {
    while (cursor != end && is_blank(*cursor))
      ++cursor;
    if (cursor == end) return found;
    const char* start = cursor;
    while (cursor != end && !is_blank(*cursor))
      ++cursor;
    if (found < fields.size()) fields[found] = std::string_view(start, cursor);
    ++found;
  }
}

std::size_t split_fields(std::string_view line, TableSeparator separator,
                         std::vector<std::string_view>& fields) {
  switch (separator) {
    case TableSeparator::tab: return split_at(line, '\t', fields);
    case TableSeparator::comma: return split_at(line, ',', fields);
    case TableSeparator::semicolon: return split_at(line, ';', fields);
    case TableSeparator::whitespace: break;
  }
  return split_blanks(line, fields);
}

}  // namespace stridecue
