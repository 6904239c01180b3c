// Frame time of stridecue-overlay with live traces: the recorded stream (tests/overlay/fixtures)
// is replayed at its own pace, looped, while frames are drawn at 60 Hz with the coach panel's
// traces and the runner view; each frame's work (taking the messages, drawing, presenting) is
// timed. Prints median, p99 and max.
//
//   SDL_VIDEODRIVER=dummy bench_overlay_frame [--frames N] [--software] [--no-coach]
//                         [--width W --height H | --fullscreen] [--display frame] [FIXTURE]
//   DISPLAY=:99 bench_overlay_frame ...        (under Xvfb: SDL's x11 driver)
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench_stats.hpp"
#include "net/overlay_client.hpp"
#include "overlay/no_daemon.hpp"
#include "ui/overlay_window.hpp"

using namespace stridecue;
using namespace stridecue::overlay;

namespace {

struct Recorded {
  double recv_s;
  std::string text;
};

}  // namespace

int main(int argc, char** argv) {
  int frames = 1800;
  bool software = false;
  bool coach = true;
  WindowOptions options;
  ViewOptions view_options;
  std::string fixture = "tests/overlay/fixtures/sim_session.jsonl";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc)
      frames = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--software") == 0)
      software = true;
    else if (std::strcmp(argv[i], "--no-coach") == 0)
      coach = false;
    else if (std::strcmp(argv[i], "--width") == 0 && i + 1 < argc)
      options.width = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--height") == 0 && i + 1 < argc)
      options.height = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--fullscreen") == 0)
      options.fullscreen = true;
    else if (std::strcmp(argv[i], "--display") == 0 && i + 1 < argc)
      view_options.display = cue_display_from_string(argv[++i]).value_or(CueDisplay::flood);
    else
      fixture = argv[i];
  }
  std::vector<Recorded> stream;
  std::ifstream in(fixture);
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    stream.push_back({j.at("recv_s").get<double>(), j.at("event").dump()});
  }
  if (stream.empty()) {
    fmt::print(stderr, "bench_overlay_frame: no messages in {}\n", fixture);
    return 1;
  }
  const double loop_s = stream.back().recv_s + 0.02;

  options.software = software;
  options.coach = coach;
  OverlayWindow window(options);
  OverlayView view("http://127.0.0.1:7878", view_options);
  NoDaemon none;
  const auto frame = std::chrono::microseconds(16667);
  auto next = std::chrono::steady_clock::now();
  std::vector<double> ms;
  std::size_t fed = 0, loops = 0, messages = 0;
  for (int f = 0; f < frames; ++f) {
    const double now = f / 60.0;
    const auto t0 = std::chrono::steady_clock::now();
    window.handle_events();
    // The messages that would have arrived since the last frame (the recording, looped).
    while (stream[fed].recv_s + static_cast<double>(loops) * loop_s <= now) {
      view.on_stream_text(stream[fed].text, now);
      ++messages;
      if (++fed == stream.size()) {
        fed = 0;
        ++loops;
      }
    }
    window.render(view, none, now);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    next += frame;
    std::this_thread::sleep_until(next);
  }
  const std::string what = coach
                               ? fmt::format("coach panel with {} live traces",
                                             view.force_traces().size() + view.emg_traces().size())
                               : std::string("runner view only");
  const Rect drawn = window.drawable();
  fmt::print("overlay frame, {} frames at 60 Hz, {} messages, {:.0f}x{:.0f}, renderer {}, {}, {}\n",
             frames, messages, drawn.w, drawn.h, window.renderer_name(), what,
             to_string(view_options.display));
  fmt::print("frame time: median {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms (budget 16.67 ms)\n",
             bench::median(ms), bench::percentile(ms, 99.0), bench::percentile(ms, 100.0));
  return 0;
}
