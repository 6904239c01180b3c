// The runner's screen at the two sizes issue 17 names, drawn by SDL's software renderer under the
// dummy video driver and read back: the cue word whole on screen, the foot named, a hips cue that
// survives a heel cue, gauges visible on the cue's colour, the quiet frame, the sizes readable at
// 2 m, the session timer, NOT RECORDING, and the dimmed stale state. (The real full screen under
// an X server without a window manager is the e2e test's.)
#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "overlay/no_daemon.hpp"
#include "overlay/recorded_stream.hpp"
#include "ui/overlay_window.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using nlohmann::json;

namespace {

struct ScreenSize {
  int w, h;
};

WindowOptions window_of(ScreenSize s) {
  ::setenv("SDL_VIDEODRIVER", "dummy", 0);
  WindowOptions o;
  o.width = s.w;
  o.height = s.h;
  o.software = true;
  return o;
}

std::string str(Rgb c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
}

Rgb at(const Pixels& p, float x, float y) {
  return p.at(static_cast<int>(x), static_cast<int>(y));
}

int pixels_of(const Pixels& frame, const Rect& r, Rgb colour) {
  int n = 0;
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x)
      n += frame.at(x, y) == colour;
  return n;
}

// The horizontal extent of `colour`'s pixels in the rows of `band`, across the whole frame.
struct Span {
  int left = -1, right = -1;
};
Span span_of(const Pixels& frame, const Rect& band, Rgb colour) {
  Span s;
  for (int y = static_cast<int>(band.y); y < static_cast<int>(band.bottom()); ++y)
    for (int x = 0; x < frame.width; ++x)
      if (frame.at(x, y) == colour) {
        if (s.left < 0 || x < s.left) s.left = x;
        if (x > s.right) s.right = x;
      }
  return s;
}

json cue_event(const char* kind, double t, const char* side, const char* word) {
  return {{"type", "cue"},
          {"seq", 1},
          {"kind", kind},
          {"side", side},
          {"word", word},
          {"contact_s", t},
          {"decided_s", t},
          {"why", "a sentence"},
          {"reason", json::object()}};
}

// A view in a session: the recorded stream (its hello, strikes and strides: marks, gauges and
// cadence), then a status as the daemon's polls bring it (the same session: its number, when it
// began, the target), and signals 754 s into the session (its timer reads 12:34).
void in_session(OverlayView& view, double now_s) {
  test::feed(view, test::recorded_session());
  view.on_status(
      {{"runner_id", "ana"},
       {"session", {{"id", 1}, {"number", 3}, {"began_s", 0.0}}},
       {"recording", {{"state", "recording"}}},
       {"cue_target", {{"min_share", 0.8}, {"label", "fore/midfoot ≥ 80 %"}, {"share", 0.62}}}});
  view.on_stream_event(
      {{"type", "signals"}, {"session_s", 754.0}, {"fz_n", {1.0}}, {"emg_v", json::array()}},
      now_s);
}

}  // namespace

TEST_CASE("the cue word is whole on screen and names its foot, at 1920x1080 and 1280x720") {
  const ScreenSize size = GENERATE(ScreenSize{1920, 1080}, ScreenSize{1280, 720});
  INFO(size.w << "x" << size.h);
  OverlayWindow window(window_of(size));
  NoDaemon none;
  OverlayView view("http://127.0.0.1:7878");
  in_session(view, 100.0);
  view.on_stream_event(cue_event("heel_strike", 100.0, "left", "LAND ON YOUR FOREFOOT"), 100.0);
  Pixels frame;
  window.render(view, none, 100.0, &frame);
  frame.save_png("overlay-render-cue-" + std::to_string(size.w) + ".png");
  const RunnerLayout l = window.runner_layout();
  REQUIRE(frame.width == size.w);
  REQUIRE(frame.height == size.h);
  CHECK(l.area.w == Approx(size.w));
  CHECK(l.area.h == Approx(size.h));
  // Every corner of the screen in the cue's colour: the view fills the drawable.
  CHECK(str(frame.at(1, 1)) == str(palette::heel_cue));
  CHECK(str(frame.at(size.w - 2, size.h - 2)) == str(palette::heel_cue));
  // The word's letters: inside the screen with a margin, centred, wide enough to read.
  const Span word = span_of(frame, l.cue, palette::text);
  CHECK(word.left > size.w / 100);
  CHECK(word.right < size.w - size.w / 100);
  CHECK(std::abs((word.left + word.right) / 2 - size.w / 2) < size.w / 50);
  CHECK(word.right - word.left > size.w / 2);
  // The foot, in letters under the word, and in the list of texts drawn.
  CHECK(pixels_of(frame, l.cue_side, palette::text) > size.h / 2);
  bool named = false;
  for (const DrawnText& t : window.runner_texts())
    named = named || t.text == "LEFT FOOT";
  CHECK(named);
}

TEST_CASE("no letter of the runner view is smaller than 1/30 of the screen's height") {
  const ScreenSize size = GENERATE(ScreenSize{1920, 1080}, ScreenSize{1280, 720});
  INFO(size.w << "x" << size.h);
  OverlayWindow window(window_of(size));
  NoDaemon none;
  OverlayView view("http://127.0.0.1:7878");
  in_session(view, 100.0);
  view.on_stream_event(cue_event("hips", 100.0, "right", "DRIVE FROM THE HIPS"), 100.0);
  window.render(view, none, 100.0);
  const float least = static_cast<float>(size.h) * min_text_share_of_height;
  std::size_t checked = 0;
  bool timer = false;
  for (const DrawnText& t : window.runner_texts()) {
    INFO("'" << t.text << "' at " << t.placed.size_px << " px");
    if (t.detail) continue;
    CHECK(t.placed.size_px >= least);
    CHECK(t.placed.box.x >= 0);
    CHECK(t.placed.box.right() <= static_cast<float>(size.w));
    CHECK(t.placed.box.bottom() <= static_cast<float>(size.h));
    ++checked;
    timer = timer || t.text == "12:34";  // the session's own time (754 s of data, began at 0)
  }
  // The status line, cue word and side, target, 2 labels and 16 mark letters, 2 metrics, 2 gauges,
  // the timer.
  CHECK(checked >= 26);
  CHECK(timer);
}

TEST_CASE("a hips cue keeps the screen when a heel cue comes 0.3 s later") {
  OverlayWindow window(window_of({1280, 720}));
  NoDaemon none;
  OverlayView view("http://127.0.0.1:7878");
  const RunnerLayout l = window.runner_layout();
  view.on_stream_event(cue_event("hips", 1.0, "left", "DRIVE FROM THE HIPS"), 1.0);
  view.on_stream_event(cue_event("heel_strike", 1.3, "right", "LAND ON YOUR FOREFOOT"), 1.3);
  Pixels frame;
  window.render(view, none, 1.3, &frame);
  frame.save_png("overlay-render-hips-kept.png");
  CHECK(str(at(frame, l.cue_sample.cx(), l.cue_sample.cy())) == str(palette::hips_cue));
  bool hips_word = false, heel_word = false;
  for (const DrawnText& t : window.runner_texts()) {
    hips_word = hips_word || t.text == "DRIVE FROM THE HIPS";
    heel_word = heel_word || t.text == "LAND ON YOUR FOREFOOT";
  }
  CHECK(hips_word);
  CHECK_FALSE(heel_word);
}

TEST_CASE("the glute gauges stay visible on the heel cue's colour and in the quiet frame") {
  const CueDisplay display = GENERATE(CueDisplay::flood, CueDisplay::frame);
  INFO(to_string(display));
  OverlayWindow window(window_of({1280, 720}));
  NoDaemon none;
  ViewOptions options;
  options.display = display;
  OverlayView view("http://127.0.0.1:7878", options);
  in_session(view, 100.0);
  const RunnerLayout l = window.runner_layout();
  view.on_stream_event(cue_event("heel_strike", 100.0, "left", "LAND ON YOUR FOREFOOT"), 100.0);
  Pixels frame;
  window.render(view, none, 100.0, &frame);
  frame.save_png(std::string("overlay-render-gauges-") + std::string(to_string(display)) + ".png");
  for (std::size_t s = 0; s < 2; ++s) {
    const GluteGauge& g = view.glute(s == 0 ? Side::left : Side::right);
    REQUIRE(g.ratio.has_value());
    const Rect bar = gauge_bar(l.gauges[s]);
    const Rgb fill =
        *g.ratio < view.glute_drop_threshold() ? palette::gauge_low : palette::gauge_ok;
    const float filled_to = bar.x + static_cast<float>(*g.ratio / gauge_full_ratio) * bar.w;
    INFO("side " << s << " ratio " << *g.ratio);
    CHECK(str(at(frame, (bar.x + filled_to) / 2, bar.cy())) == str(fill));
    // Round the bar, its dark backing: never the cue's colour, so a low (orange-red) bar on an
    // orange-red screen is still seen.
    const Rect& back = l.gauge_backing[s];
    CHECK(str(at(frame, (back.x + bar.x) / 2, bar.cy())) == str(palette::background));
    CHECK(str(at(frame, bar.cx(), (bar.bottom() + back.bottom()) / 2)) == str(palette::background));
  }
}

TEST_CASE("the quiet display puts the cue's colour in a frame and leaves the view dark") {
  OverlayWindow window(window_of({1920, 1080}));
  NoDaemon none;
  ViewOptions options;
  options.display = CueDisplay::frame;
  options.cue = {1.0, 0.5};
  OverlayView view("http://127.0.0.1:7878", options);
  const RunnerLayout l = window.runner_layout();
  view.on_stream_event(cue_event("heel_strike", 1.0, "left", "LAND ON YOUR FOREFOOT"), 1.0);
  Pixels frame;
  window.render(view, none, 1.0, &frame);
  frame.save_png("overlay-render-quiet.png");
  CHECK(str(at(frame, l.cue_sample.cx(), l.cue_sample.cy())) == str(palette::background));
  CHECK(str(at(frame, l.area.cx(), l.frame_px / 2)) == str(palette::heel_cue));
  CHECK(str(at(frame, l.frame_px / 2, l.area.cy())) == str(palette::heel_cue));
  CHECK(str(at(frame, l.area.right() - l.frame_px / 2, l.area.cy())) == str(palette::heel_cue));
  CHECK(str(at(frame, l.area.cx(), l.area.bottom() - l.frame_px / 2)) == str(palette::heel_cue));
  CHECK(pixels_of(frame, l.cue, palette::text) > 1000);  // the word, on the dark view
  window.render(view, none, 2.6, &frame);                // after the fade: no frame
  CHECK(str(at(frame, l.area.cx(), l.frame_px / 2)) == str(palette::background));
}

TEST_CASE("with no session open the screen says NOT RECORDING where the timer was") {
  OverlayWindow window(window_of({1280, 720}));
  NoDaemon none;
  OverlayView view("http://127.0.0.1:7878");
  in_session(view, 100.0);
  const RunnerLayout l = window.runner_layout();
  Pixels frame;
  window.render(view, none, 100.0, &frame);
  CHECK(pixels_of(frame, l.timer, palette::pending) == 0);
  CHECK(pixels_of(frame, l.timer, palette::text) > 100);  // the session's time

  view.on_status({{"session", nullptr}, {"recording", {{"state", "idle"}}}});  // "stop session"
  window.render(view, none, 100.5, &frame);
  frame.save_png("overlay-render-not-recording-stopped.png");
  CHECK(pixels_of(frame, l.timer, palette::pending) > 300);
  bool said = false;
  for (const DrawnText& t : window.runner_texts())
    said = said || t.text == "NOT RECORDING";
  CHECK(said);
}

TEST_CASE("after the daemon is lost the old figures are dimmed under WAITING FOR THE DAEMON") {
  const ScreenSize size = GENERATE(ScreenSize{1920, 1080}, ScreenSize{1280, 720});
  INFO(size.w << "x" << size.h);
  OverlayWindow window(window_of(size));
  NoDaemon none;
  OverlayView view("http://127.0.0.1:7878");
  in_session(view, 100.0);
  view.on_stream_event(cue_event("hips", 100.0, "left", "DRIVE FROM THE HIPS"), 100.0);
  const RunnerLayout l = window.runner_layout();
  const auto& marks = view.strikes().marks(Side::left);
  REQUIRE(marks.size() == 8);
  const Rect& box = l.marks[0][7];
  const Rgb full = colour_of(marks[7].strike);
  Pixels frame;
  window.render(view, none, 100.2, &frame);
  CHECK(str(at(frame, box.cx(), box.y + box.h * 0.1f)) == str(full));
  CHECK(pixels_of(frame, l.cue, palette::pending) == 0);

  view.on_link(LinkState::waiting_for_daemon, "connection refused", 100.3, 100.55);
  window.render(view, none, 100.4, &frame);  // within the hips cue's hold: gone all the same
  frame.save_png("overlay-render-stale-" + std::to_string(size.w) + ".png");
  CHECK(str(at(frame, l.cue_sample.cx(), l.cue_sample.cy())) == str(palette::background));
  const Rgb dimmed = at(frame, box.cx(), box.y + box.h * 0.1f);
  const Rgb expected = mix(palette::panel, full, stale_opacity);  // over the marks' strip
  INFO("mark " << str(dimmed) << ", expected about " << str(expected));
  CHECK(std::abs(int(dimmed.r) - int(expected.r)) <= 2);
  CHECK(std::abs(int(dimmed.g) - int(expected.g)) <= 2);
  CHECK(std::abs(int(dimmed.b) - int(expected.b)) <= 2);
  CHECK(pixels_of(frame, l.cue, palette::pending) > 1000);  // WAITING FOR THE DAEMON
  CHECK(pixels_of(frame, l.timer, palette::text) == 0);     // the timer dimmed too
}
