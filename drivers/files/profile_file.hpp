// Loading a TOML profile from a file: every profile reader has a parse_X_profile(text,
// display_name) for tests and config, and a load_X_profile(path) that is the same parse of the
// whole file, named by its path.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "source/parse_result.hpp"

namespace stridecue {

// The whole file as text, or "PATH: cannot open".
ParseResult<std::string> read_profile_file(const std::filesystem::path& path);

// `parse` (a parse_X_profile) applied to the file at `path`, its path as the display name.
template <class Parse>
auto load_profile_file(const std::filesystem::path& path, Parse parse)
    -> decltype(parse(std::string_view{}, std::string_view{})) {
  const auto text = read_profile_file(path);
  if (!text) return ParseError{text.error()};
  return parse(*text, path.string());
}

}  // namespace stridecue
