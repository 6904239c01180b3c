// The runner's screen: the cue (a full colour change, or a quiet frame) with the foot it names,
// the target, the last strikes per side, the forefoot share, cadence, the glute gauges and the
// session's time. Draws what the view says; decides nothing. With the daemon gone it dims what
// it last knew and says so; with no session open it says NOT RECORDING.
#pragma once

#include <string>
#include <vector>

#include "ui/draw_helpers.hpp"
#include "ui/fonts.hpp"
#include "ui/runner_layout.hpp"
#include "view/overlay_view.hpp"

struct ImDrawList;

namespace stridecue::overlay {

// One text of a frame, as drawn: the readability tests check every one against the layout's
// rule (min_text_share_of_height) and the screen's edges.
struct DrawnText {
  std::string text;
  PlacedText placed;
  bool detail = false;  // the coach's detail (the daemon's URL): exempt from the size rule
};

// The view's background at `now_s`: the cue's colour while it shows, fading to the dark one
// (flood display); always the dark one with the quiet frame or with the daemon gone. The window
// clears to it (a memset for the software renderer) instead of drawing a polygon.
Rgb runner_background(const OverlayView& view, double now_s);

// Draws one frame; with `texts`, lists every text drawn.
void draw_runner_view(ImDrawList* list, const Fonts& fonts, const OverlayView& view, double now_s,
                      const RunnerLayout& layout, std::vector<DrawnText>* texts = nullptr);

// What stale data are dimmed to: drawn at this opacity over the dark background.
inline constexpr double stale_opacity = 0.3;

}  // namespace stridecue::overlay
