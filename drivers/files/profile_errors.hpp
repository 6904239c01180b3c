// Small helpers shared by the TOML profile readers (column, EMG channel, analog plate and
// Trigno profiles): the first error with its place ("profile.toml:12:5: ..."), the document
// parsed with TOML syntax errors reported the same way, and typed values (string, side, integer).
#pragma once

#include <fmt/format.h>

#include <toml++/toml.h>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/sample_block.hpp"

namespace stridecue {

class ProfileErrors {
 public:
  ProfileErrors(std::string_view display_name, std::string* error)
      : display_name_(display_name), error_(error) {}

  std::nullopt_t at(const toml::source_region& where, std::string_view message) const {
    if (error_ != nullptr) {
      *error_ =
          fmt::format("{}:{}:{}: {}", display_name_, where.begin.line, where.begin.column, message);
    }
    return std::nullopt;
  }

  std::string_view display_name() const { return display_name_; }

 private:
  std::string_view display_name_;
  std::string* error_;
};

// The TOML document, or nullopt with the syntax error and its place reported through `errors`.
inline std::optional<toml::table> parse_profile_document(std::string_view toml_text,
                                                         const ProfileErrors& errors) {
  try {
    return toml::parse(toml_text, errors.display_name());
  } catch (const toml::parse_error& parse_error) {
    return errors.at(parse_error.source(), parse_error.description());
  }
}

inline std::optional<std::string> string_value(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  return std::nullopt;
}

// The node's value if it is "left" or "right".
inline std::optional<Side> side_value(const toml::node& node) {
  const auto text = string_value(node);
  return text ? side_from_string(*text) : std::nullopt;
}

// The node's value if it is a TOML integer. (toml++'s value<int64_t>() also converts a float,
// and its conversion of a float too large for int64 is undefined behaviour: the fuzzer found
// it with `port = 8.9e117`.)
inline std::optional<std::int64_t> integer_value(const toml::node& node) {
  if (const auto* integer = node.as_integer()) return integer->get();
  return std::nullopt;
}

}  // namespace stridecue
