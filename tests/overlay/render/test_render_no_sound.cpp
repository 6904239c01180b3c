// "NO SOUND: <reason>" drawn in the runner view's header (SDL's software renderer under the
// dummy video driver), in the warning colour, and nothing of it while the sound works.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "overlay/no_daemon.hpp"
#include "ui/overlay_window.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using nlohmann::json;

TEST_CASE("'NO SOUND' is drawn in the header while the daemon has no sound device") {
  ::setenv("SDL_VIDEODRIVER", "dummy", 0);
  WindowOptions options;
  options.width = 960;
  options.height = 540;
  options.software = true;
  OverlayWindow window(options);
  NoDaemon none;
  const RunnerLayout layout = window.runner_layout();
  auto warning_pixels = [&](const Pixels& frame) {
    int n = 0;
    for (int y = static_cast<int>(layout.status.y); y < static_cast<int>(layout.status.bottom());
         ++y)
      for (int x = static_cast<int>(layout.status.x); x < static_cast<int>(layout.status.right());
           ++x) {
        const Rgb c = frame.at(x, y);
        n += c.r == palette::pending.r && c.g == palette::pending.g && c.b == palette::pending.b;
      }
    return n;
  };
  const json signals = {
      {"type", "signals"}, {"session_s", 0.1}, {"fz_n", {1.0}}, {"emg_v", json::array()}};
  auto hello = [](const json& audio) {
    return json{{"type", "hello"},
                {"status",
                 {{"state", "running"},
                  {"runner_id", "ana"},
                  {"session", {{"id", 3}, {"number", 1}}},
                  {"recording", {{"state", "recording"}}},
                  {"audio", audio}}}};
  };
  Pixels frame;

  OverlayView sound("http://127.0.0.1:7878");
  sound.on_stream_event(hello({{"state", "ok"}, {"driver", "alsa"}}), 0.0);
  sound.on_stream_event(signals, 0.5);
  window.render(sound, none, 0.5, &frame);
  CHECK(warning_pixels(frame) == 0);

  OverlayView silent("http://127.0.0.1:7878");
  silent.on_stream_event(hello({{"state", "unavailable"}, {"error", "no card"}}), 0.0);
  silent.on_stream_event(signals, 0.5);
  window.render(silent, none, 0.5, &frame);
  frame.save_png("overlay-render-no-sound.png");
  CHECK(warning_pixels(frame) > 50);
}
