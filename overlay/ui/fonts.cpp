#include "ui/fonts.hpp"

#include <imgui.h>

#include <filesystem>

namespace stridecue::overlay {

Fonts load_fonts(const std::string& file) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts fonts;
  // Latin-1 (the cue words' accents and umlauts, events/cue_words.hpp) plus the dashes, bullets
  // and ellipsis the status lines use and the target's "≥".
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2265, 0x2265, 0};
  if (std::filesystem::exists(file)) {
    fonts.normal = io.Fonts->AddFontFromFileTTF(file.c_str(), 17.0f, nullptr, ranges);
    fonts.big = io.Fonts->AddFontFromFileTTF(file.c_str(), 44.0f, nullptr, ranges);
    fonts.huge = io.Fonts->AddFontFromFileTTF(file.c_str(), 112.0f, nullptr, ranges);
    fonts.from_file = fonts.normal && fonts.big && fonts.huge;
  }
  if (!fonts.from_file) {
    io.Fonts->Clear();
    fonts.normal = fonts.big = fonts.huge = io.Fonts->AddFontDefault();
  }
  return fonts;
}

}  // namespace stridecue::overlay
