#include "ui/draw_helpers.hpp"

#include <algorithm>

namespace stridecue::overlay {

namespace {
float fitted(ImFont* font, float size, float width, const char* text) {
  const ImVec2 natural = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text);
  return natural.x > width && natural.x > 0 ? size * width / natural.x : size;
}

// `align` 0 left, 0.5 centre, 1 right.
PlacedText place(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                 const char* text, float align) {
  const float s = std::min(fitted(font, size, box.w, text), box.h);
  const ImVec2 extent = font->CalcTextSizeA(s, FLT_MAX, 0.0f, text);
  const ImVec2 at(box.x + (box.w - extent.x) * align, box.cy() - extent.y / 2);
  list->AddText(font, s, at, colour, text);
  return {s, Rect{at.x, at.y, extent.x, extent.y}};
}
}  // namespace

PlacedText text_centred(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                        const char* text) {
  return place(list, font, size, box, colour, text, 0.5f);
}

PlacedText text_left(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                     const char* text) {
  return place(list, font, size, box, colour, text, 0.0f);
}

PlacedText text_right(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                      const char* text) {
  return place(list, font, size, box, colour, text, 1.0f);
}

}  // namespace stridecue::overlay
