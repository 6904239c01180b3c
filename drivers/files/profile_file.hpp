// Loading a TOML profile from a file: every profile reader has a parse_X_profile(text,
// display_name, error) for tests and config, and a load_X_profile(path, error) that is the
// same parse of the whole file, named by its path.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

// The whole file as text, or nullopt with "PATH: cannot open" in *error (when not null).
std::optional<std::string> read_profile_file(const std::filesystem::path& path, std::string* error);

// `parse` (a parse_X_profile) applied to the file at `path`, its path as the display name.
template <class Parse>
auto load_profile_file(const std::filesystem::path& path, std::string* error, Parse parse)
    -> decltype(parse(std::string_view{}, std::string_view{}, error)) {
  const auto text = read_profile_file(path, error);
  if (!text) return std::nullopt;
  return parse(*text, path.string(), error);
}

}  // namespace stridecue
