// The overlay's window: SDL2 with its renderer, Dear ImGui on top, the runner view and (on
// Tab or F2) the coach panel. Runs anywhere SDL does: a desktop, Xvfb, or the dummy video
// driver with the software renderer, where tests read the pixels back.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <string>
#include <vector>

#include "net/overlay_client.hpp"
#include "ui/coach_panel.hpp"
#include "ui/fonts.hpp"
#include "ui/runner_view.hpp"
#include "view/overlay_view.hpp"

namespace stridecue::overlay {

struct WindowOptions {
  int width = 1280;
  int height = 720;
  bool fullscreen = false;  // the whole display the window opens on, at its own resolution
  bool software = false;    // SDL's software renderer (pixel-exact, for tests); else SDL's choice
  bool vsync = false;
  bool coach = false;  // open with the coach panel shown
  std::string font_file = default_font_file;
};

struct Pixels {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;                 // row-major, 3 bytes a pixel
  void save_png(const std::string& path) const;  // throws std::runtime_error
  Rgb at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                           static_cast<std::size_t>(x)) *
                          3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

class OverlayWindow {
 public:
  explicit OverlayWindow(const WindowOptions& options);  // throws std::runtime_error
  ~OverlayWindow();
  OverlayWindow(const OverlayWindow&) = delete;
  OverlayWindow& operator=(const OverlayWindow&) = delete;

  // Handles the window's events (keys, mouse, resize); false once the window is closed.
  // Tab and F2 show or hide the coach panel.
  bool handle_events();
  // Draws one frame of `view` at `now_s` and presents it; with `capture`, reads the frame's
  // pixels into it first.
  void render(OverlayView& view, DaemonCommands& commands, double now_s, Pixels* capture = nullptr);

  bool coach_visible() const { return coach_visible_; }
  void show_coach(bool on) { coach_visible_ = on; }
  const CoachPanel& coach() const { return coach_; }
  RunnerLayout runner_layout() const;  // where the runner view is in the current window
  Rect drawable() const;               // the renderer's output, in pixels: what is laid out
  std::string renderer_name() const;
  const Fonts& fonts() const { return fonts_; }
  // The runner view's texts of the last frame, as drawn (for the readability tests).
  const std::vector<DrawnText>& runner_texts() const { return runner_texts_; }

 private:
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  Fonts fonts_;
  CoachPanel coach_;
  bool coach_visible_ = false;
  std::vector<DrawnText> runner_texts_;
};

// The share of the window's width the runner view keeps while the coach panel is shown.
inline constexpr float runner_share_with_coach = 0.42f;

}  // namespace stridecue::overlay
