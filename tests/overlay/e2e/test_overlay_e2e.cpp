// The real overlay against the real stridecued on its simulator, under Xvfb: it waits for the
// daemon, shows the heel-strike cue, and a slider moved with real X input (xdotool) changes
// the daemon's setting, checked through the API.
#include <netinet/in.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"
#include "overlay/e2e/child_process.hpp"
#include "overlay/e2e/xvfb_display.hpp"
#include "support/free_port.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

namespace stridecue::test {
const char* overlay_path();  // tests/overlay/tests.cmake generates it
}

using namespace stridecue;
using namespace stridecue::test;

namespace {

constexpr int screen_w = 1280, screen_h = 720;
constexpr float runner_share_with_coach = 0.42f;  // as overlay/ui/overlay_window.hpp

struct Rgb8 {
  int r = -1, g = -1, b = -1;
};

// One pixel of a PNG, through ImageMagick: "0,0: (226,74,28)  #E24A1C  srgb(226,74,28)".
Rgb8 pixel(const std::string& png, int x, int y) {
  const auto out = run_program("convert '" + png + "' -crop 1x1+" + std::to_string(x) + "+" +
                               std::to_string(y) + " -depth 8 txt:- | tail -1")
                       .out;
  Rgb8 c;
  const auto hash = out.find('#');
  if (hash == std::string::npos) return c;
  c.r = std::stoi(out.substr(hash + 1, 2), nullptr, 16);
  c.g = std::stoi(out.substr(hash + 3, 2), nullptr, 16);
  c.b = std::stoi(out.substr(hash + 5, 2), nullptr, 16);
  return c;
}

bool near(Rgb8 c, int r, int g, int b) {
  return std::abs(c.r - r) <= 3 && std::abs(c.g - g) <= 3 && std::abs(c.b - b) <= 3;
}

struct WidgetRect {
  float x = 0, y = 0, w = 0, h = 0;
};

std::map<std::string, WidgetRect> read_layout(const std::string& path) {
  std::map<std::string, WidgetRect> rects;
  std::ifstream in(path);
  std::string key;
  WidgetRect r;
  while (in >> key >> r.x >> r.y >> r.w >> r.h)
    rects[key] = r;
  return rects;
}

}  // namespace

TEST_CASE(
    "under Xvfb: the overlay waits for the daemon, shows its cue, and its slider changes a "
    "setting") {
  TempDir dir("overlay-e2e");
  XvfbDisplay xvfb(screen_w, screen_h, dir / "xvfb.log");
  REQUIRE(xvfb.ready());
  const std::string display_name = xvfb.name();
  const std::string x = "DISPLAY=" + display_name + " ";

  // The overlay first, the daemon later: it must wait and then connect by itself.
  const int port = free_port();
  const std::string layout = dir / "layout.txt";
  ChildProcess overlay(
      {overlay_path(), "--api", "127.0.0.1:" + std::to_string(port), "--coach", "--width",
       std::to_string(screen_w), "--height", std::to_string(screen_h), "--layout-file", layout},
      dir / "overlay.log",
      // Under ASan, no leak check for this process: SDL's X11 driver dlopens Xlib's extension
      // libraries and unloads them at SDL_Quit, and the few hundred bytes they keep (libdbus,
      // a closed module) cannot be told from ours by LeakSanitizer. The overlay's own code is
      // leak-checked in-process by the render and view tests.
      {{"DISPLAY", display_name}, {"ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  REQUIRE(overlay.running());

  DaemonProcess daemon(dir.path(), "[source]\nkind = \"simulator\"\npace = 1.0\n\n[api]\nport = " +
                                       std::to_string(port) +
                                       "\n\n[audio]\nenabled = false\n\n[store]\npath = \"" +
                                       (dir.path() / "sessions.db").string() + "\"\n");
  REQUIRE(daemon.port() == port);
  EventLog events(daemon.client());
  ApiClient api = daemon.client();

  // The overlay reconnected: the daemon counts its stream among its clients.
  REQUIRE(eventually(10, [&] {
    const auto status = nlohmann::json::parse(api.request("GET", "/api/v1/status").body);
    return status["api"]["stream_clients"].get<int>() >= 2;  // the overlay and our EventLog
  }));

  // A heel-strike cue (the simulated runner lands on the heel): the runner view turns its colour.
  REQUIRE(events.wait_for("cue", 1, 20));
  // Screenshots until the cue shows (a slow build, e.g. under ASan, may draw it a few frames
  // later; it holds for 1.2 s and a new cue every stride or two renews it).
  const std::string cue_shot = dir / "runner.png";
  // layout_runner's cue_sample: left edge of the runner view, 42-46 % down.
  const float runner_w = screen_w * runner_share_with_coach;
  const int sx = static_cast<int>(std::max(8.0f, runner_w * 0.02f) * 0.75f);
  const int sy = static_cast<int>(screen_h * 0.44f);
  Rgb8 seen{};
  const bool cue_seen = eventually(10, [&] {
    if (run_program(x + "import -window root '" + cue_shot + "'").exit_code != 0) return false;
    seen = pixel(cue_shot, sx, sy);
    return near(seen, 226, 74, 28);
  });
  INFO("pixel " << seen.r << "," << seen.g << "," << seen.b << "; overlay log:\n"
                << read_file(dir.path() / "overlay.log"));
  CHECK(cue_seen);

  // The refractory slider, dragged to its middle with real X input.
  std::map<std::string, WidgetRect> rects;
  REQUIRE(eventually(10, [&] {
    rects = read_layout(layout);
    return rects.count("cue.refractory_s") == 1;
  }));
  const WidgetRect slider = rects["cue.refractory_s"];
  INFO("slider at " << slider.x << "," << slider.y << " " << slider.w << "x" << slider.h);
  REQUIRE(slider.y + slider.h < screen_h);
  const int mx = static_cast<int>(slider.x + slider.w * 0.5f);
  const int my = static_cast<int>(slider.y + slider.h * 0.5f);
  const auto before = nlohmann::json::parse(api.request("GET", "/api/v1/settings").body);
  REQUIRE(before["cue"]["refractory_s"] == 1.0);
  const auto drag =
      run_program(x + "xdotool mousemove " + std::to_string(mx - 20) + " " + std::to_string(my) +
                  " sleep 0.2 mousemove " + std::to_string(mx) + " " + std::to_string(my) +
                  " sleep 0.2 mousedown 1 sleep 0.2 mousemove " + std::to_string(mx + 1) + " " +
                  std::to_string(my) + " sleep 0.2 mouseup 1");
  REQUIRE(drag.exit_code == 0);
  double after = 1.0;
  CHECK(eventually(10, [&] {
    after =
        nlohmann::json::parse(api.request("GET", "/api/v1/settings").body)["cue"]["refractory_s"]
            .get<double>();
    return after != 1.0;
  }));
  // The slider spans 0 to 60 s: its middle is about 30 s.
  CHECK(after > 25.0);
  CHECK(after < 35.0);
  // The daemon announced it, so the coach panel now shows it applied.
  CHECK(events.wait_for("settings", 1, 5));

  run_program(x + "xdotool mousemove 700 710");  // no tooltip over the panel in the picture
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const std::string coach_shot = dir / "coach.png";
  REQUIRE(run_program(x + "import -window root '" + coach_shot + "'").exit_code == 0);
  if (const char* keep = std::getenv("STRIDECUE_OVERLAY_SHOTS"); keep && *keep) {
    std::filesystem::copy_file(cue_shot, std::string(keep) + "/e2e-runner.png",
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(coach_shot, std::string(keep) + "/e2e-coach.png",
                               std::filesystem::copy_options::overwrite_existing);
  }
  CHECK(overlay.stop() == 0);  // SIGTERM: SDL turns it into a quit, the overlay ends cleanly
}
