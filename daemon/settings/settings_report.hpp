// Texts for people, made from the settings table: the key reference in docs/config.md and the
// verdict of `stridecue config check`.
#pragma once

#include <string>

namespace stridecue {

// The key reference: one Markdown table per TOML table (key, type, range and unit, default,
// live or fixed, meaning). docs/config.md holds it between the markers below, and a test keeps
// it identical to this output (`stridecue config keys --markdown` prints it).
std::string settings_markdown();
inline constexpr const char* kKeysBeginMarker =
    "<!-- keys: begin (stridecue config keys --markdown) -->";
inline constexpr const char* kKeysEndMarker = "<!-- keys: end -->";

// `stridecue config check FILE`: "FILE: ok" and a summary line, or the error.
struct ConfigCheck {
  bool ok = false;
  std::string text;  // ends with a newline
};
ConfigCheck check_config_file(const std::string& path);

}  // namespace stridecue
