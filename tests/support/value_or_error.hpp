// Tests read a parser's outcome as the value or nothing, with the message in a string they then
// compare: value_or_error(parse_c3d(bytes, "t.c3d"), &error). The parsers themselves return a
// ParseResult (drivers/source/parse_result.hpp).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "source/parse_result.hpp"

namespace stridecue {

template <class T>
std::optional<T> value_or_error(ParseResult<T> result, std::string* error) {
  if (!result) {
    if (error != nullptr) *error = result.error();
    return std::nullopt;
  }
  return std::move(result).take();
}

}  // namespace stridecue
