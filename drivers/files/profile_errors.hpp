// Small helpers shared by the TOML profile readers (column and EMG channel profiles): the
// first error with its place ("profile.toml:12:5: ..."), and a string value if the node is one.
#pragma once

#include <fmt/format.h>

#include <toml++/toml.h>
#include <optional>
#include <string>
#include <string_view>

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

 private:
  std::string_view display_name_;
  std::string* error_;
};

inline std::optional<std::string> string_value(const toml::node& node) {
  if (const auto* text = node.as_string()) return text->get();
  return std::nullopt;
}

}  // namespace stridecue
