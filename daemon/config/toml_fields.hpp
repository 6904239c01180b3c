// Typed, range-checked reads of TOML tables, shared by the config readers. Every error names
// the file, line and column of the offending value ("runner.toml:3:16: ...").
#pragma once

#include <toml++/toml.h>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

class TomlFields {
 public:
  // Parses `path`; throws ConfigError on a syntax error or a missing file.
  explicit TomlFields(const std::string& path);
  TomlFields(std::string_view text, const std::string& display_name);

  // Throws on any key not in `known`: a misspelt key must not be silently ignored.
  void allow_only(std::initializer_list<std::string_view> known) const;

  std::optional<double> number(std::string_view key, double min, double max,
                               std::string_view unit) const;
  std::optional<std::string> text(std::string_view key) const;

  // "file:line:column: message" for the value at `key`, or "file: message" without one.
  [[noreturn]] void fail_at(std::string_view key, const std::string& message) const;

 private:
  std::string name_;
  toml::table table_;
};

}  // namespace stridecue
