#include "ui/draw_helpers.hpp"

#include <algorithm>

namespace stridecue::overlay {

namespace {
float fitted(ImFont* font, float size, float width, const char* text) {
  const ImVec2 natural = font->CalcTextSizeA(size, FLT_MAX, 0.0f, text);
  return natural.x > width && natural.x > 0 ? size * width / natural.x : size;
}
}  // namespace

void text_centred(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
                  const char* text) {
  const float s = std::min(fitted(font, size, box.w, text), box.h);
  const ImVec2 extent = font->CalcTextSizeA(s, FLT_MAX, 0.0f, text);
  list->AddText(font, s, ImVec2(box.cx() - extent.x / 2, box.cy() - extent.y / 2), colour, text);
}

void text_left(ImDrawList* list, ImFont* font, float size, const Rect& box, ImU32 colour,
               const char* text) {
  const float s = std::min(fitted(font, size, box.w, text), box.h);
  const ImVec2 extent = font->CalcTextSizeA(s, FLT_MAX, 0.0f, text);
  list->AddText(font, s, ImVec2(box.x, box.cy() - extent.y / 2), colour, text);
}

}  // namespace stridecue::overlay
