// The marks a plot holds: data (lines, points, bars, whiskers) in a colour of their own, and
// references (a target or threshold line, a typical range, a shaded phase) in grey or pale
// tints. Everything is clipped to the plot's data rectangle; NaN values are skipped (a line
// breaks there).
#pragma once

#include <string>
#include <vector>

#include "report/chart_axes.hpp"

namespace stridecue::chart {

// Data.
void line(Plot& p, const std::vector<double>& xs, const std::vector<double>& ys, Colour colour,
          double width = 1.2);
void points(Plot& p, const std::vector<double>& xs, const std::vector<double>& ys, Colour colour,
            double radius = 1.1);
// A bar at x from y0 to y1, `width` in x units.
void bar(Plot& p, double x, double y0, double y1, double width, Colour colour);
// A vertical whisker from lo to hi at x (an interquartile range), with a dot at mid.
void whisker(Plot& p, double x, double lo, double mid, double hi, Colour colour);

// References.
void reference_line(Plot& p, double y, const std::string& label);
void reference_band(Plot& p, double y0, double y1, Colour tint, const std::string& label);
// A span of x shaded behind the data (a warm-up or retention block), named at its top.
void shaded_span(Plot& p, double x0, double x1, Colour tint, const std::string& label);

}  // namespace stridecue::chart
