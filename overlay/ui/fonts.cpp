#include "ui/fonts.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace stridecue::overlay {

Fonts load_fonts(const std::string& file, int screen_height_px) {
  ImGuiIO& io = ImGui::GetIO();
  Fonts fonts;
  // Latin-1 (the cue words' accents and umlauts, events/cue_words.hpp) plus the dashes, bullets
  // and ellipsis the status lines use and the target's "≥".
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2265, 0x2265, 0};
  if (std::filesystem::exists(file)) {
    fonts.normal = io.Fonts->AddFontFromFileTTF(file.c_str(), 17.0f, nullptr, ranges);
    // About the sizes the runner view draws them at (runner_layout.hpp): 44 and 112 px at 720.
    const float h = std::clamp(static_cast<float>(screen_height_px), 480.0f, 2160.0f);
    fonts.big = io.Fonts->AddFontFromFileTTF(file.c_str(), std::round(h * 0.061f), nullptr, ranges);
    fonts.huge =
        io.Fonts->AddFontFromFileTTF(file.c_str(), std::round(h * 0.155f), nullptr, ranges);
    fonts.from_file = fonts.normal && fonts.big && fonts.huge;
  }
  if (!fonts.from_file) {
    io.Fonts->Clear();
    fonts.normal = fonts.big = fonts.huge = io.Fonts->AddFontDefault();
  }
  return fonts;
}

}  // namespace stridecue::overlay
