// Where the runner view puts things, as a pure function of the area it has (the renderer's
// output in pixels, so any resolution and DPI): the drawing uses it, and so do the pixel tests,
// which look at the regions it names. Every size is a share of the area's height or width.
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
  Rect status;      // the top line, left: what the overlay waits for, or the runner and session
  Rect timer;       // the top line, right: the session's time, or NOT RECORDING
  Rect cue;         // the cue word (or, with the daemon gone, WAITING FOR THE DAEMON)
  Rect cue_side;    // under the word: the foot (or side) the cue names
  Rect cue_sample;  // a patch of background beside the word: cue colour or plain background
  Rect target;      // below the word: the heel-strike target and the session's share
  Rect target_bar;  // beside it: the share on a 0-100 % bar, the band at or above the target
  std::array<Rect, 2> marks_row;             // left, right: a dark strip holding the marks
  std::array<std::array<Rect, 8>, 2> marks;  // oldest first, per side
  Rect share;                                // forefoot share over the last minute
  Rect cadence;
  std::array<Rect, 2> gauges;         // left, right: glute ratio label and bar
  std::array<Rect, 2> gauge_backing;  // the dark panel behind each, whatever the background
  float frame_px = 0;                 // the quiet display's frame, inside the area's edge
};

RunnerLayout layout_runner(Rect area);

// Readable at 2 m: no letter of the runner view is drawn smaller than this share of the view's
// height (36 px at 1080, 24 px at 720). A capital of 1/30 of a 1 m-tall screen is 33 mm, well
// above the 2 m acuity limit (about 6 mm for 20/40 vision; signage guides ask 1 mm per 30 mm of
// distance and more). The line that names the daemon's URL is detail for the coach and exempt;
// with the coach panel shown (the view at 42 % of the width) the widths may not allow it.
inline constexpr float min_text_share_of_height = 1.0f / 30.0f;

// Gauge scale: a ratio of 0 at the bar's left end, this at its right end.
inline constexpr double gauge_full_ratio = 1.25;

// Where a gauge's bar lies within its box (the label above it).
inline Rect gauge_bar(const Rect& box) {
  return Rect{box.x, box.y + box.h * 0.5f, box.w, box.h * 0.45f};
}

}  // namespace stridecue::overlay
