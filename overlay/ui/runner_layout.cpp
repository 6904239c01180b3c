#include "ui/runner_layout.hpp"

#include <algorithm>

namespace stridecue::overlay {

RunnerLayout layout_runner(Rect a) {
  RunnerLayout l;
  l.area = a;
  const float pad = std::max(8.0f, a.w * 0.02f);
  auto band = [&](float from, float to) {
    return Rect{a.x + pad, a.y + a.h * from, a.w - 2 * pad, a.h * (to - from)};
  };
  const Rect top = band(0.005f, 0.085f);
  l.status = Rect{top.x, top.y, top.w * 0.70f, top.h};
  l.timer = Rect{top.x + top.w * 0.72f, top.y, top.w * 0.28f, top.h};
  l.cue = band(0.09f, 0.30f);
  l.cue_side = band(0.30f, 0.38f);
  l.cue_sample = Rect{a.x + pad / 2, a.y + a.h * 0.42f, pad / 2, a.h * 0.04f};
  const Rect target = band(0.395f, 0.46f);
  l.target = Rect{target.x, target.y, target.w * 0.62f, target.h};
  l.target_bar = Rect{target.x + target.w * 0.66f, target.y + target.h * 0.2f, target.w * 0.34f,
                      target.h * 0.6f};

  const float label_w = a.h * 0.06f;
  for (std::size_t side = 0; side < 2; ++side) {
    const Rect row =
        band(0.47f + 0.11f * static_cast<float>(side), 0.57f + 0.11f * static_cast<float>(side));
    l.marks_row[side] = row;
    const float gap = row.h * 0.15f;
    const float size = std::min(row.h - 2 * gap, (row.w - label_w - 9 * gap) / 8.0f);
    for (std::size_t i = 0; i < 8; ++i)
      l.marks[side][i] = Rect{row.x + label_w + gap + static_cast<float>(i) * (size + gap),
                              row.y + (row.h - size) / 2, size, size};
  }
  const Rect metrics = band(0.71f, 0.80f);
  l.share = Rect{metrics.x, metrics.y, metrics.w * 0.52f, metrics.h};
  l.cadence = Rect{metrics.x + metrics.w * 0.56f, metrics.y, metrics.w * 0.44f, metrics.h};
  const Rect gauges = band(0.835f, 0.965f);
  const float gap = std::max(4.0f, gauges.w * 0.04f);
  const float half = (gauges.w - gap) / 2;
  const float margin = std::min(pad * 0.5f, a.h * 0.012f);
  for (std::size_t s = 0; s < 2; ++s) {
    l.gauges[s] = Rect{gauges.x + static_cast<float>(s) * (half + gap), gauges.y, half, gauges.h};
    l.gauge_backing[s] = Rect{l.gauges[s].x - margin, l.gauges[s].y - margin,
                              l.gauges[s].w + 2 * margin, l.gauges[s].h + 2 * margin};
  }
  l.frame_px = pad * 0.45f;
  return l;
}

}  // namespace stridecue::overlay
