// Where the runner view puts things, as a pure function of the area it has: the drawing uses
// it, and so do the pixel tests, which look at the regions it names.
#pragma once

#include <array>
#include <cstddef>

namespace stridecue::overlay {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
  float cx() const { return x + w / 2; }
  float cy() const { return y + h / 2; }
  float right() const { return x + w; }
  float bottom() const { return y + h; }
};

struct RunnerLayout {
  Rect area;        // the whole runner view; its background takes the cue colour
  Rect status;      // one line at the top: what the overlay waits for, or the session
  Rect cue;         // the cue word
  Rect cue_sample;  // a patch of background beside the word: cue colour or plain background
  Rect target;      // below the word: the heel-strike target and the session's share
  std::array<Rect, 2> marks_row;             // left, right: a dark strip holding the marks
  std::array<std::array<Rect, 8>, 2> marks;  // oldest first, per side
  Rect share;                                // forefoot share over the last minute
  Rect cadence;
  std::array<Rect, 2> gauges;  // left, right: glute ratio bars
};

RunnerLayout layout_runner(Rect area);

// Gauge scale: a ratio of 0 at the bar's left end, this at its right end.
inline constexpr double gauge_full_ratio = 1.25;

}  // namespace stridecue::overlay
