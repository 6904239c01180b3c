// The overlay's fonts: DejaVu Sans Bold, large enough to read at 2 m, baked at three sizes; the
// runner view's two at sizes from the screen's height, so that a 4K screen gets sharp letters.
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

// Adds the fonts to the current ImGui context's atlas (before the first frame), the runner
// view's baked for a screen `screen_height_px` tall.
Fonts load_fonts(const std::string& file = default_font_file, int screen_height_px = 720);

}  // namespace stridecue::overlay
