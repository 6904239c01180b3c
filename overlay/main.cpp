// stridecue-overlay: the runner's screen and the coach panel, a client of stridecued's control
// API (docs/overlay.md).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "net/message_router.hpp"
#include "net/overlay_client.hpp"
#include "ui/overlay_window.hpp"
#include "view/overlay_view.hpp"

using namespace stridecue;
using namespace stridecue::overlay;

namespace {

// For tests that drive the coach panel with real X input: where each setting's widget is.
void write_layout(const std::string& path, const OverlayWindow& window) {
  if (path.empty()) return;
  std::ofstream out(path + ".tmp");
  for (const auto& [key, r] : window.coach().widget_rects())
    out << key << ' ' << r.x << ' ' << r.y << ' ' << r.w << ' ' << r.h << '\n';
  out.close();
  std::rename((path + ".tmp").c_str(), path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"stridecue-overlay: the runner view and coach panel of a running stridecued"};
  std::string url = "http://127.0.0.1:7878";
  std::string token;
  WindowOptions window_options;
  ViewOptions view_options;
  double screenshot_after = -1.0, quit_after = -1.0;
  std::string screenshot, layout_file;
  double fps = 60.0;
  app.add_option("--api", url, "the daemon's control API")->capture_default_str();
  app.add_option("--token", token, "bearer token (or $STRIDECUE_TOKEN)")
      ->envname("STRIDECUE_TOKEN");
  app.add_flag("--coach", window_options.coach, "open with the coach panel (Tab or F2 toggles it)");
  app.add_flag("--fullscreen", window_options.fullscreen, "fill the screen");
  app.add_option("--width", window_options.width, "window width")
      ->check(CLI::Range(320, 16384))
      ->capture_default_str();
  app.add_option("--height", window_options.height, "window height")
      ->check(CLI::Range(240, 16384))
      ->capture_default_str();
  app.add_flag("--software", window_options.software, "use SDL's software renderer");
  app.add_flag("--vsync", window_options.vsync, "pace frames by the display instead of --fps");
  app.add_option("--fps", fps, "frames per second without --vsync")
      ->check(CLI::Range(1.0, 240.0))
      ->capture_default_str();
  app.add_option("--cue-hold-s", view_options.cue.hold_s, "the cue stays at full colour this long")
      ->check(CLI::Range(0.05, 30.0))
      ->capture_default_str();
  app.add_option("--cue-fade-s", view_options.cue.fade_s, "then fades out over this long")
      ->check(CLI::Range(0.0, 30.0))
      ->capture_default_str();
  std::string display = "flood";
  app.add_option("--display", display,
                 "how a cue takes the screen: flood (the whole view in its colour) or frame (a "
                 "quiet coloured frame that does not strobe)")
      ->check(CLI::IsMember({"flood", "frame"}))
      ->capture_default_str();
  app.add_option("--font", window_options.font_file, "TrueType font")->capture_default_str();
  auto* after = app.add_option("--screenshot-after", screenshot_after, "seconds after start")
                    ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--screenshot", screenshot, "write a PNG of the window, then quit")->needs(after);
  after->needs("--screenshot");
  app.add_option("--quit-after", quit_after, "quit after this many seconds")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--layout-file", layout_file,
                 "keep the coach panel's widget rectangles in FILE (for input-driven tests)");
  CLI11_PARSE(app, argc, argv);
  view_options.display = *cue_display_from_string(display);

  ApiUrl api_url;
  try {
    api_url = parse_api_url(url);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stridecue-overlay: --api: %s\n", e.what());
    return 2;
  }
  try {
    OverlayView view("http://" + api_url.host + ":" + api_url.port, view_options);
    OverlayWindow window(window_options);
    const Rect drawn = window.drawable();
    std::fprintf(stderr, "stridecue-overlay: %.0fx%.0f, renderer %s, daemon %s\n", drawn.w, drawn.h,
                 window.renderer_name().c_str(), view.link().url.c_str());
    OverlayClient client(api_url, token);
    const auto start = std::chrono::steady_clock::now();
    const auto frame = std::chrono::duration<double>(1.0 / fps);
    auto next = start;
    std::size_t frames = 0;
    for (;;) {
      if (!window.handle_events()) break;
      const double now =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      for (const NetMessage& m : client.take_all())
        route(m, view, client, now);
      const bool shoot = screenshot_after >= 0 && now >= screenshot_after;
      Pixels pixels;
      window.render(view, client, now, shoot ? &pixels : nullptr);
      ++frames;
      if (!layout_file.empty() && frames % 15 == 0) write_layout(layout_file, window);
      if (shoot) {
        pixels.save_png(screenshot);
        std::fprintf(stderr, "stridecue-overlay: screenshot %s at %.2f s\n", screenshot.c_str(),
                     now);
        break;
      }
      if (quit_after >= 0 && now >= quit_after) break;
      if (!window_options.vsync) {
        next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(frame);
        const auto t = std::chrono::steady_clock::now();
        if (next > t)
          std::this_thread::sleep_until(next);
        else
          next = t;  // late: do not try to catch up with a burst of frames
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stridecue-overlay: %s\n", e.what());
    return 1;
  }
  return 0;
}
