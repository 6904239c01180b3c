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
  l.status = band(0.0f, 0.07f);
  l.cue = band(0.10f, 0.40f);
  l.cue_sample = Rect{a.x + pad / 2, a.y + a.h * 0.42f, pad / 2, a.h * 0.04f};
  l.target = band(0.405f, 0.465f);

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
  const Rect gauges = band(0.83f, 0.97f);
  const float gap = std::max(4.0f, gauges.w * 0.02f);
  const float half = (gauges.w - gap) / 2;
  l.gauges[0] = Rect{gauges.x, gauges.y, half, gauges.h};
  l.gauges[1] = Rect{gauges.x + half + gap, gauges.y, half, gauges.h};
  return l;
}

}  // namespace stridecue::overlay
