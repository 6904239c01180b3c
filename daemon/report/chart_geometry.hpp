// The plain values every chart file shares: rectangles in points (1/72 in, Cairo's user space
// on a PDF page), colours, and the two colour roles of every figure — data in saturated
// colours, references (targets, thresholds, typical ranges, grids) in grey or pale tints — so
// that a reader tells a measurement from a goal at a glance, and a test tells a plot with data
// from an empty one by its coloured pixels (tests/session_report/check_reports.py).
#pragma once

#include <string>

namespace stridecue::chart {

struct Rect {
  double x = 0, y = 0, w = 0, h = 0;
  double right() const { return x + w; }
  double bottom() const { return y + h; }
};

struct Colour {
  double r = 0, g = 0, b = 0;
};

// Data: saturated (a channel apart from the others by more than a third of the range).
inline constexpr Colour kLeft{0.12, 0.47, 0.71};      // left foot: blue
inline constexpr Colour kRight{0.85, 0.37, 0.01};     // right foot: orange
inline constexpr Colour kRearfoot{0.80, 0.15, 0.15};  // red
inline constexpr Colour kMidfoot{0.90, 0.60, 0.00};   // amber
inline constexpr Colour kForefoot{0.17, 0.63, 0.17};  // green
inline constexpr Colour kPurple{0.50, 0.20, 0.70};
inline constexpr Colour kTeal{0.00, 0.55, 0.55};
// References: grey or pale.
inline constexpr Colour kInk{0.0, 0.0, 0.0};
inline constexpr Colour kGrey{0.35, 0.35, 0.35};
inline constexpr Colour kGrid{0.88, 0.88, 0.88};
inline constexpr Colour kPhaseShade{0.93, 0.93, 0.95};
inline constexpr Colour kBandRear{0.97, 0.90, 0.90};
inline constexpr Colour kBandFore{0.90, 0.96, 0.90};

}  // namespace stridecue::chart
