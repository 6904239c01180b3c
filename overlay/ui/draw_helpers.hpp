// Small conversions between the overlay's types and ImGui's, and text placed in a box.
#pragma once

#include <imgui.h>

#include "ui/runner_layout.hpp"
#include "view/palette.hpp"

namespace stridecue::overlay {

inline ImU32 imcolour(Rgb c, double alpha = 1.0) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(alpha * 255.0 + 0.5));
}
inline ImVec4 imvec(Rgb c) {
  return {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1.0f};
}
inline ImVec2 top_left(const Rect& r) {
  return {r.x, r.y};
}
inline ImVec2 bottom_right(const Rect& r) {
  return {r.right(), r.bottom()};
}

// Where a text went and at what size (the font's pixel size): for the readability checks.
struct PlacedText {
  float size_px = 0;
  Rect box;
};

// `text` in `font`, scaled down until it fits `box`'s width (never up), centred in it.
PlacedText text_centred(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                        const char* text);
// `text` left-aligned, vertically centred in `box`, shrunk to fit its width.
PlacedText text_left(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                     const char* text);
// `text` right-aligned, vertically centred in `box`, shrunk to fit its width.
PlacedText text_right(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                      const char* text);

}  // namespace stridecue::overlay
