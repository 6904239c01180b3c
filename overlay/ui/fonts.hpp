// The overlay's fonts: DejaVu Sans Bold, large enough to read at 2 m, baked at three sizes.
// Without the font file (fonts-dejavu-core) ImGui's built-in font is scaled instead: blurry,
// but the overlay still runs.
#pragma once

#include <string>

struct ImFont;

namespace stridecue::overlay {

struct Fonts {
  ImFont* normal = nullptr;  // the coach panel
  ImFont* big = nullptr;     // metrics on the runner view
  ImFont* huge = nullptr;    // the cue word
  bool from_file = false;
};

inline constexpr const char* default_font_file =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// Adds the fonts to the current ImGui context's atlas (before the first frame).
Fonts load_fonts(const std::string& file = default_font_file);

}  // namespace stridecue::overlay
