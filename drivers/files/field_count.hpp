// The check every row-based reader makes: a row must hold exactly the header's fields.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <optional>
#include <string>

namespace stridecue {

struct FieldCountProblem {
  std::size_t field;  // 1-based: the first missing or the first extra field
  std::string message;
};

inline std::optional<FieldCountProblem> field_count_problem(std::size_t expected,
                                                            std::size_t found) {
  if (found < expected) {
    return FieldCountProblem{found + 1,
                             fmt::format("too few fields: expected {}, found {}", expected, found)};
  }
  if (found > expected) {
    return FieldCountProblem{
        expected + 1, fmt::format("too many fields: expected {}, found {}", expected, found)};
  }
  return std::nullopt;
}

}  // namespace stridecue
