// Where figures go on a report page: the content column between the margins, cut into slots
// from the top down. Shared by the session and progress reports so that their pages look alike.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "report/chart_geometry.hpp"
#include "report/report_document.hpp"

namespace stridecue::report_layout {

inline constexpr double kLeft = kPageMarginPt;
inline constexpr double kWidth = kPageWidthPt - 2 * kPageMarginPt;
inline constexpr double kBottom = kPageHeightPt - kPageMarginPt;
inline constexpr double kGap = 10;

// A slot of `height` pt from `top`, the whole width; `top` moves below it.
inline chart::Rect take(double& top, double height) {
  const chart::Rect r{kLeft, top, kWidth, height};
  top += height + kGap;
  return r;
}

// The slot's left or right half.
inline chart::Rect half(const chart::Rect& r, int which) {
  const double w = (r.w - kGap) / 2;
  return {r.x + (which == 0 ? 0 : w + kGap), r.y, w, r.h};
}

// What the page has left below `top`.
inline double left_below(double top) {
  return kBottom - 12 - top;
}

// A number for a table cell: "–" when there is none.
inline std::string cell(double v, int decimals, const std::string& unit = "") {
  if (!std::isfinite(v)) return "–";
  return fmt::format("{:.{}f}{}", v, decimals, unit.empty() ? "" : " " + unit);
}

}  // namespace stridecue::report_layout
