// A figure's frame: its title, the axes with their ticks and labels (units on every axis), and
// the method named under it. The series (chart_series.hpp) draw inside `data()` through the
// plot's scales. Each plot notes where it put data (`PlotRecord`) so that the report can write
// the rectangles beside the pages and a test can look for ink there.
#pragma once

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

#include "report/chart_geometry.hpp"

namespace stridecue::chart {

// A linear axis from lo to hi with ticks every `step` (1, 2 or 5 times a power of ten).
struct Scale {
  double lo = 0, hi = 1, step = 0.2;
};
// The scale that holds [lo, hi] with about `ticks` round ticks (lo == hi gets some room).
Scale nice_scale(double lo, double hi, int ticks = 5);
// The same, with lo pinned at 0 when the data are all positive (counts, rates, shares).
Scale nice_scale_from_zero(double hi, int ticks = 5);

struct FigureSpec {
  std::string title;
  std::string x_label;  // with the unit: "session time (min)"
  std::string y_label;  // with the unit: "contact time (ms)"
  std::string method;   // how the figure's values were found: written under it
  Scale x, y;
  std::vector<std::string> x_categories;  // names at x = 0, 1, … instead of numeric ticks
  std::string y_tick_suffix;              // e.g. " %"
};

// Where one plot drew its data, in points on its page: what the sidecar holds.
struct PlotRecord {
  std::string title;
  int page = 0;                     // 0-based
  Rect data;                        // the axes' data rectangle
  double data_x0 = 0, data_x1 = 0;  // the span of x the data cover, in points
  std::size_t marks = 0;            // data marks drawn (points, bar segments, line vertices)
};

class Plot {
 public:
  // Draws the title, the caption with the method, and the axes in `frame`; `log` (may be null)
  // gets this plot's record when it is destroyed.
  Plot(cairo_t* cr, const Rect& frame, FigureSpec spec, int page, std::vector<PlotRecord>* log);
  ~Plot();
  Plot(const Plot&) = delete;
  Plot& operator=(const Plot&) = delete;

  cairo_t* cr() const { return cr_; }
  const Rect& data() const { return data_; }
  const FigureSpec& spec() const { return spec_; }
  double px(double x) const;
  double py(double y) const;
  // Series call this for each mark they draw at data x.
  void noted(double x);
  // A legend entry, placed in a row above the data rectangle, from the right.
  void legend(const std::string& text, Colour colour, bool dashed = false);
  // What to say inside an empty plot ("no steps with an EMG baseline").
  void say_empty(const std::string& why);

 private:
  cairo_t* cr_;
  Rect frame_, data_;
  FigureSpec spec_;
  PlotRecord record_;
  std::vector<PlotRecord>* log_;
  double legend_right_ = 0;
  std::optional<double> min_x_, max_x_;
};

}  // namespace stridecue::chart
