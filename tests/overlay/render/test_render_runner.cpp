// The runner view drawn by SDL's software renderer under the dummy video driver (no display):
// a recorded stream is fed, frames are rendered, and the pixels of the layout's regions read.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <set>

#include "overlay/no_daemon.hpp"
#include "overlay/recorded_stream.hpp"
#include "ui/overlay_window.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using nlohmann::json;

namespace {

WindowOptions test_window() {
  ::setenv("SDL_VIDEODRIVER", "dummy", 0);
  WindowOptions o;
  o.width = 960;
  o.height = 540;
  o.software = true;
  return o;
}

Rgb sample(const Pixels& p, const Rect& r) {
  return p.at(static_cast<int>(r.cx()), static_cast<int>(r.cy()));
}

std::string str(Rgb c) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b);
}

}  // namespace

TEST_CASE(
    "the heel-strike cue's colour fills the frame after it arrives and is gone after the fade") {
  const auto messages = test::recorded_session();
  const auto* cue = test::first_of(messages, "cue", "heel_strike");
  REQUIRE(cue != nullptr);
  ViewOptions options;
  options.cue = {1.0, 0.5};
  OverlayView view("http://127.0.0.1:7878", options);
  OverlayWindow window(test_window());
  NoDaemon none;
  const RunnerLayout layout = window.runner_layout();
  Pixels frame;

  test::StreamPlayer player(messages);
  player.play_until(view, cue->recv_s - 1e-6);
  window.render(view, none, cue->recv_s - 1e-6, &frame);
  CHECK(str(sample(frame, layout.cue_sample)) == str(palette::background));

  player.play_until(view, cue->recv_s);  // the cue arrives; the next frame shows it
  window.render(view, none, cue->recv_s, &frame);
  CHECK(str(sample(frame, layout.cue_sample)) == str(palette::heel_cue));
  frame.save_png("overlay-render-heel-cue.png");

  window.render(view, none, cue->recv_s + 1.25, &frame);  // half way through the fade
  const Rgb half = sample(frame, layout.cue_sample);
  CHECK(str(half) != str(palette::heel_cue));
  CHECK(str(half) != str(palette::background));
  CHECK(std::abs(int(half.r) - int(mix(palette::background, palette::heel_cue, 0.5).r)) <= 2);

  // No newer message fed: only the fade is at work.
  window.render(view, none, cue->recv_s + 1.6, &frame);
  CHECK(str(sample(frame, layout.cue_sample)) == str(palette::background));
}

TEST_CASE("the hips cue has a colour of its own") {
  const auto messages = test::recorded_session();
  const auto* cue = test::first_of(messages, "cue", "hips");
  REQUIRE(cue != nullptr);
  OverlayView view("http://127.0.0.1:7878");
  OverlayWindow window(test_window());
  NoDaemon none;
  test::StreamPlayer player(messages);
  player.play_until(view, cue->recv_s);
  Pixels frame;
  window.render(view, none, cue->recv_s, &frame);
  CHECK(str(sample(frame, window.runner_layout().cue_sample)) == str(palette::hips_cue));
}

TEST_CASE("strike marks are drawn in their pattern's colour, empty slots are not") {
  const auto messages = test::recorded_session();
  OverlayView view("http://127.0.0.1:7878");
  OverlayWindow window(test_window());
  NoDaemon none;
  test::feed(view, messages);
  const double after = messages.back().recv_s + 10.0;  // every cue has faded
  Pixels frame;
  window.render(view, none, after, &frame);
  frame.save_png("overlay-render-marks.png");
  const RunnerLayout layout = window.runner_layout();
  std::set<std::string> classes;
  for (std::size_t s = 0; s < 2; ++s) {
    const auto& marks = view.strikes().marks(s == 0 ? Side::left : Side::right);
    REQUIRE(marks.size() == 8);
    for (std::size_t i = 0; i < marks.size(); ++i) {
      const Rect& box = layout.marks[s][i];
      // Above the class letter, below the rounded corners' reach.
      const Rgb at = frame.at(static_cast<int>(box.cx()), static_cast<int>(box.y + box.h * 0.12f));
      INFO("side " << s << " mark " << i << " " << to_string(marks[i].strike));
      CHECK(str(at) == str(colour_of(marks[i].strike)));
      classes.insert(std::string(to_string(marks[i].strike)));
    }
  }
  CHECK(classes.size() >= 2);  // a mixed runner: the test tells colours apart

  // Before any strike: the slots are outlines on the dark strip, no class colour inside.
  OverlayView empty("http://127.0.0.1:7878");
  window.render(empty, none, 0.0, &frame);
  const Rect& box = layout.marks[0][0];
  CHECK(str(frame.at(static_cast<int>(box.cx()), static_cast<int>(box.cy()))) ==
        str(palette::panel));
}

TEST_CASE("the glute gauge fills to the ratio, in the low colour below the threshold") {
  const auto messages = test::recorded_session();
  OverlayView view("http://127.0.0.1:7878");
  OverlayWindow window(test_window());
  NoDaemon none;
  test::feed(view, messages);
  Pixels frame;
  window.render(view, none, messages.back().recv_s + 10.0, &frame);
  const RunnerLayout layout = window.runner_layout();
  for (std::size_t s = 0; s < 2; ++s) {
    const GluteGauge& g = view.glute(s == 0 ? Side::left : Side::right);
    REQUIRE(g.ratio.has_value());
    const Rect& box = layout.gauges[s];
    const float bar_y = box.y + box.h * 0.5f + box.h * 0.225f;
    const float filled_to = box.x + static_cast<float>(*g.ratio / gauge_full_ratio) * box.w;
    const Rgb inside =
        frame.at(static_cast<int>(box.x + (filled_to - box.x) / 2), static_cast<int>(bar_y));
    const Rgb beyond = frame.at(static_cast<int>(filled_to + (box.right() - filled_to) / 2),
                                static_cast<int>(bar_y));
    CHECK(str(inside) ==
          str(*g.ratio < view.glute_drop_threshold() ? palette::gauge_low : palette::gauge_ok));
    CHECK(str(beyond) != str(inside));
  }
}

TEST_CASE("with the coach panel shown the runner view keeps the left of the window") {
  const auto messages = test::recorded_session();
  const auto* cue = test::first_of(messages, "cue", "heel_strike");
  OverlayView view("http://127.0.0.1:7878");
  WindowOptions o = test_window();
  o.coach = true;
  OverlayWindow window(o);
  NoDaemon none;
  test::StreamPlayer player(messages);
  player.play_until(view, cue->recv_s);
  Pixels frame;
  window.render(view, none, cue->recv_s, &frame);
  const RunnerLayout layout = window.runner_layout();
  CHECK(layout.area.w == Approx(960 * runner_share_with_coach));
  CHECK(str(sample(frame, layout.cue_sample)) == str(palette::heel_cue));
  // The panel's own background, not the cue colour, right of the runner view.
  CHECK(str(frame.at(static_cast<int>(layout.area.right()) + 40, 530)) != str(palette::heel_cue));
  frame.save_png("overlay-render-coach.png");
}

TEST_CASE("'not recording: disk full' is drawn in the header while the store takes no writes") {
  OverlayView view("http://127.0.0.1:7878");
  OverlayWindow window(test_window());
  NoDaemon none;
  const RunnerLayout layout = window.runner_layout();
  // Pixels of the warning colour in the header line: the letters of a warning, none otherwise.
  auto warning_pixels = [&](const Pixels& frame) {
    int n = 0;
    for (int y = static_cast<int>(layout.status.y); y < static_cast<int>(layout.status.bottom());
         ++y)
      for (int x = static_cast<int>(layout.status.x); x < static_cast<int>(layout.status.right());
           ++x)
        n += str(frame.at(x, y)) == str(palette::pending);
    return n;
  };
  view.on_stream_event({{"type", "hello"},
                        {"status",
                         {{"state", "running"},
                          {"runner_id", "ana"},
                          {"session", {{"id", 3}, {"number", 1}}},
                          {"recording", {{"state", "recording"}}}}}},
                       0.0);
  // Signals keep the link's own sentence ("no data …") out of the header.
  const json signals = {
      {"type", "signals"}, {"session_s", 0.1}, {"fz_n", {1.0}}, {"emg_v", json::array()}};
  view.on_stream_event(signals, 0.5);
  Pixels frame;
  window.render(view, none, 0.5, &frame);
  CHECK(warning_pixels(frame) == 0);

  view.on_stream_event(
      {{"type", "recording_interrupted"}, {"session_s", 1.0}, {"data", {{"reason", "disk full"}}}},
      1.0);
  view.on_stream_event(signals, 1.0);
  window.render(view, none, 1.0, &frame);
  frame.save_png("overlay-render-not-recording.png");
  CHECK(warning_pixels(frame) > 50);

  view.on_stream_event(
      {{"type", "recording_resumed"}, {"session_s", 2.0}, {"data", json::object()}}, 2.0);
  view.on_stream_event(signals, 2.0);
  window.render(view, none, 2.0, &frame);
  CHECK(warning_pixels(frame) == 0);
}
