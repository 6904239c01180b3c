// The runner's screen: the cue on a full colour change, the last strikes per side, the
// forefoot share, cadence and the glute gauges. Draws what the view says; decides nothing.
#pragma once

#include "ui/fonts.hpp"
#include "ui/runner_layout.hpp"
#include "view/overlay_view.hpp"

struct ImDrawList;

namespace stridecue::overlay {

// The view's background at `now_s`: the cue's colour while it shows, fading to the dark one.
// The window clears to it (a memset for the software renderer) instead of drawing a polygon.
Rgb runner_background(const OverlayView& view, double now_s);

void draw_runner_view(ImDrawList* list, const Fonts& fonts, const OverlayView& view, double now_s,
                      const RunnerLayout& layout);

}  // namespace stridecue::overlay
