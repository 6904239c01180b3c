// The real overlay full screen at 1920x1080 on an X server with no window manager (Xvfb, as a
// kiosk treadmill PC runs it), against the real stridecued on its simulator: the view fills the
// screen and the cue word is whole on it with its foot; after "stop session" it says NOT
// RECORDING; after the daemon dies its figures are dimmed under WAITING FOR THE DAEMON.
// Screenshots of the X root window, read as raw RGB.
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

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

constexpr int screen_w = 1920, screen_h = 1080;

struct Colour {
  int r, g, b;
};
// As overlay/view/palette.hpp (the e2e program links none of the overlay).
constexpr Colour text{235, 238, 245}, background{16, 18, 24}, pending{236, 180, 30},
    heel_cue{226, 74, 28}, hips_cue{124, 58, 220}, rearfoot{230, 80, 40}, midfoot{236, 180, 30},
    forefoot{40, 140, 240};

struct Shot {
  std::vector<std::uint8_t> rgb;
  bool ok = false;
  Colour at(int x, int y) const {
    const std::size_t i =
        (static_cast<std::size_t>(y) * screen_w + static_cast<std::size_t>(x)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
  // Pixels of `c` (exactly) in the rows [y0, y1) and columns [x0, x1).
  int count(Colour c, int x0, int y0, int x1, int y1) const {
    int n = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const Colour p = at(x, y);
        n += p.r == c.r && p.g == c.g && p.b == c.b;
      }
    return n;
  }
};

bool same(Colour a, Colour b) {
  return std::abs(a.r - b.r) <= 3 && std::abs(a.g - b.g) <= 3 && std::abs(a.b - b.b) <= 3;
}

// The root window, as `import` sees it: what a camera on the treadmill's screen would see.
Shot shoot(const std::string& x, const std::filesystem::path& dir, const std::string& name) {
  const auto png = dir / (name + ".png"), raw = dir / (name + ".rgb");
  Shot s;
  if (run_program(x + "import -window root '" + png.string() + "'").exit_code != 0) return s;
  if (run_program("convert '" + png.string() + "' -depth 8 'rgb:" + raw.string() + "'").exit_code !=
      0)
    return s;
  std::ifstream in(raw, std::ios::binary);
  s.rgb.assign(std::istreambuf_iterator<char>(in), {});
  s.ok = s.rgb.size() == static_cast<std::size_t>(screen_w) * screen_h * 3;
  return s;
}

}  // namespace

TEST_CASE(
    "under Xvfb at 1920x1080 without a window manager: --fullscreen fills the screen, the cue "
    "word is whole with its foot, NOT RECORDING after a stop, dimmed after the daemon dies") {
  TempDir dir("overlay-e2e-fullscreen");
  XvfbDisplay xvfb(screen_w, screen_h, dir / "xvfb.log");
  REQUIRE(xvfb.ready());
  const std::string display_name = xvfb.name();
  const std::string x = "DISPLAY=" + display_name + " ";

  const int port = free_port();
  DaemonProcess daemon(dir.path(), "[source]\nkind = \"simulator\"\npace = 1.0\n\n[api]\nport = " +
                                       std::to_string(port) +
                                       "\n\n[audio]\nenabled = false\n\n[store]\npath = \"" +
                                       (dir.path() / "sessions.db").string() + "\"\n");
  EventLog events(daemon.client());
  ApiClient api = daemon.client();
  // The software renderer: its colours are exact, so the pixels can be compared with the palette.
  ChildProcess overlay(
      {overlay_path(), "--api", "127.0.0.1:" + std::to_string(port), "--fullscreen", "--software"},
      dir / "overlay.log",
      // As the other e2e test: no leak check of SDL's X11 libraries under ASan.
      {{"DISPLAY", display_name}, {"ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1"}});
  REQUIRE(events.wait_for("cue", 1, 20));

  // layout_runner at 1920x1080: pad 38.4 px; the cue word 9-30 % down, its foot 30-38 %.
  const int pad = 38;
  const int cue_top = static_cast<int>(screen_h * 0.09),
            cue_bottom = static_cast<int>(screen_h * 0.30);
  const int side_bottom = static_cast<int>(screen_h * 0.38);
  Shot cue;
  Colour corner{};
  const bool cue_seen = eventually(15, [&] {
    cue = shoot(x, dir.path(), "cue");
    if (!cue.ok) return false;
    corner = cue.at(screen_w - 3, screen_h - 3);
    // The far corner of the screen in a cue's colour: the overlay covers all of it.
    return same(corner, heel_cue) || same(corner, hips_cue);
  });
  INFO("corner " << corner.r << "," << corner.g << "," << corner.b << "; overlay log:\n"
                 << read_file(dir.path() / "overlay.log"));
  REQUIRE(cue_seen);
  CHECK(same(cue.at(2, 2), corner));
  CHECK(same(cue.at(screen_w / 2, screen_h - 3), corner));
  // The word's letters: their span inside the screen with a margin, centred on it.
  int left = screen_w, right = -1;
  for (int y = cue_top; y < cue_bottom; ++y)
    for (int xx = 0; xx < screen_w; ++xx)
      if (same(cue.at(xx, y), text)) {
        left = std::min(left, xx);
        right = std::max(right, xx);
      }
  INFO("word from x " << left << " to " << right);
  CHECK(left >= pad / 2);
  CHECK(right <= screen_w - pad / 2);
  CHECK(std::abs((left + right) / 2 - screen_w / 2) < 40);
  CHECK(right - left > screen_w / 3);
  // The foot ("LEFT FOOT" / "RIGHT FOOT" / "… SIDE"), in letters under it.
  CHECK(cue.count(text, 0, cue_bottom, screen_w, side_bottom) > 800);
  // Strike marks in their full colours.
  const int marks_top = static_cast<int>(screen_h * 0.47),
            marks_bottom = static_cast<int>(screen_h * 0.68);
  auto mark_pixels = [&](const Shot& s) {
    return s.count(rearfoot, 0, marks_top, screen_w, marks_bottom) +
           s.count(midfoot, 0, marks_top, screen_w, marks_bottom) +
           s.count(forefoot, 0, marks_top, screen_w, marks_bottom);
  };
  CHECK(mark_pixels(cue) > 2000);

  // "Stop session": the next status poll (every 2 s) tells the overlay; the timer's place says so.
  REQUIRE(api.request("POST", "/api/v1/session/stop").status == 200);
  const int timer_x = pad + static_cast<int>((screen_w - 2 * pad) * 0.72);
  const int top_bottom = static_cast<int>(screen_h * 0.085);
  Shot stopped;
  CHECK(eventually(10, [&] {
    stopped = shoot(x, dir.path(), "stopped");
    return stopped.ok && stopped.count(pending, timer_x, 0, screen_w, top_bottom) > 500;
  }));

  // The daemon dies: the figures stay, dimmed, and the cue's place says what is wrong.
  daemon.stop(SIGKILL);
  Shot lost;
  CHECK(eventually(10, [&] {
    lost = shoot(x, dir.path(), "lost");
    return lost.ok && lost.count(pending, 0, cue_top, screen_w, cue_bottom) > 3000;
  }));
  CHECK(same(lost.at(screen_w - 3, screen_h - 3), background));
  CHECK(mark_pixels(lost) == 0);  // no mark at full colour
  CHECK(lost.count(background, 0, 0, screen_w, screen_h) > screen_w * screen_h / 4);

  if (const char* keep = std::getenv("STRIDECUE_OVERLAY_SHOTS"); keep && *keep)
    for (const char* name : {"cue", "stopped", "lost"})
      std::filesystem::copy_file(dir / (std::string(name) + ".png"),
                                 std::string(keep) + "/e2e-fullscreen-" + name + ".png",
                                 std::filesystem::copy_options::overwrite_existing);
  CHECK(overlay.stop() == 0);
}
