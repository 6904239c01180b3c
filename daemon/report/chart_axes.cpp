#include "report/chart_axes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_text.hpp"

namespace stridecue::chart {
namespace {

constexpr double kTitlePt = 9.5;
constexpr double kTitleRoom = 22;   // title line and the legend row
constexpr double kLeftRoom = 44;    // tick labels and the y label
constexpr double kBottomRoom = 24;  // tick labels and the x label
constexpr double kCaptionPt = 6.5;  // the method, as many lines as it takes

std::string tick_text(double v, double step, const std::string& suffix) {
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}{}", std::abs(v) < step * 1e-6 ? 0.0 : v, decimals, suffix);
}

}  // namespace

Scale nice_scale(double lo, double hi, int ticks) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {};
  if (hi < lo) std::swap(lo, hi);
  if (hi - lo < 1e-12) {
    const double pad = std::max(std::abs(lo) * 0.1, 1.0);
    lo -= pad;
    hi += pad;
  }
  const double raw = (hi - lo) / std::max(ticks, 1);
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  return {std::floor(lo / step) * step, std::ceil(hi / step) * step, step};
}

Scale nice_scale_from_zero(double hi, int ticks) {
  return nice_scale(0.0, std::max(hi, 1e-9), ticks);
}

Plot::Plot(cairo_t* cr, const Rect& frame, FigureSpec spec, int page, std::vector<PlotRecord>* log)
    : cr_(cr), frame_(frame), spec_(std::move(spec)), log_(log) {
  const std::string method = "Method: " + spec_.method;
  const TextStyle caption{kCaptionPt, false, kGrey};
  const double caption_room = paragraph_lines(cr, frame.w, method, caption) * kCaptionPt * 1.3 + 4;
  data_ = {frame.x + kLeftRoom, frame.y + kTitleRoom, frame.w - kLeftRoom - 6,
           frame.h - kTitleRoom - kBottomRoom - caption_room};
  legend_right_ = data_.right();
  record_.title = spec_.title;
  record_.page = page;
  record_.data = data_;

  draw_text(cr, frame.x, frame.y + kTitlePt, spec_.title, {kTitlePt, true});
  // The method under the figure: how its values were found.
  draw_paragraph(cr, frame.x, data_.bottom() + kBottomRoom + kCaptionPt + 1, frame.w, method,
                 caption);

  cairo_save(cr);
  cairo_set_line_width(cr, 0.4);
  const TextStyle tick{6.5, false, kInk, Align::right};
  // y ticks and light grid lines (grey: a reference, never taken for data).
  for (double v = spec_.y.lo; v <= spec_.y.hi + spec_.y.step * 1e-6; v += spec_.y.step) {
    const double y = py(v);
    cairo_set_source_rgb(cr, kGrid.r, kGrid.g, kGrid.b);
    cairo_move_to(cr, data_.x, y);
    cairo_line_to(cr, data_.right(), y);
    cairo_stroke(cr);
    draw_text(cr, data_.x - 3, y + 2.3, tick_text(v, spec_.y.step, spec_.y_tick_suffix), tick);
  }
  TextStyle xtick{6.5, false, kInk, Align::centre};
  if (!spec_.x_categories.empty()) {
    const std::size_t every = spec_.x_categories.size() > 16 ? 2 : 1;
    for (std::size_t i = 0; i < spec_.x_categories.size(); i += every) {
      draw_text(cr, px(static_cast<double>(i)), data_.bottom() + 9, spec_.x_categories[i], xtick);
    }
  } else {
    for (double v = spec_.x.lo; v <= spec_.x.hi + spec_.x.step * 1e-6; v += spec_.x.step) {
      const double x = px(v);
      cairo_set_source_rgb(cr, kInk.r, kInk.g, kInk.b);
      cairo_move_to(cr, x, data_.bottom());
      cairo_line_to(cr, x, data_.bottom() + 2.5);
      cairo_stroke(cr);
      draw_text(cr, x, data_.bottom() + 9, tick_text(v, spec_.x.step, ""), xtick);
    }
  }
  draw_text(cr, data_.x + data_.w / 2, data_.bottom() + 19, spec_.x_label,
            {7, false, kInk, Align::centre});
  draw_text_vertical(cr, frame.x + 7, data_.y + data_.h / 2, spec_.y_label, {7, false, kInk});
  cairo_restore(cr);
}

Plot::~Plot() {
  // The frame last, over the data.
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, kInk.r, kInk.g, kInk.b);
  cairo_set_line_width(cr_, 0.6);
  cairo_rectangle(cr_, data_.x, data_.y, data_.w, data_.h);
  cairo_stroke(cr_);
  cairo_restore(cr_);
  if (min_x_) {
    record_.data_x0 = std::clamp(px(*min_x_), data_.x, data_.right());
    record_.data_x1 = std::clamp(px(*max_x_), data_.x, data_.right());
  }
  if (log_) log_->push_back(record_);
}

double Plot::px(double x) const {
  const Scale& s = spec_.x;
  double lo = s.lo, hi = s.hi;
  if (!spec_.x_categories.empty()) {  // categories sit in the middle of equal slots
    lo = -0.5;
    hi = static_cast<double>(spec_.x_categories.size()) - 0.5;
  }
  return data_.x + (x - lo) / (hi - lo) * data_.w;
}

double Plot::py(double y) const {
  return data_.bottom() - (y - spec_.y.lo) / (spec_.y.hi - spec_.y.lo) * data_.h;
}

void Plot::noted(double x) {
  ++record_.marks;
  min_x_ = min_x_ ? std::min(*min_x_, x) : x;
  max_x_ = max_x_ ? std::max(*max_x_, x) : x;
}

void Plot::legend(const std::string& text, Colour colour, bool dashed) {
  const TextStyle style{6.5, false, kInk, Align::right};
  const double y = data_.y - 5;
  const double w = draw_text(cr_, legend_right_, y, text, style);
  const double sx = legend_right_ - w - 14;
  cairo_save(cr_);
  cairo_set_source_rgb(cr_, colour.r, colour.g, colour.b);
  if (dashed) {
    const double dash[] = {3, 2};
    cairo_set_dash(cr_, dash, 2, 0);
    cairo_set_line_width(cr_, 1);
    cairo_move_to(cr_, sx, y - 2.3);
    cairo_line_to(cr_, sx + 11, y - 2.3);
    cairo_stroke(cr_);
  } else {
    cairo_rectangle(cr_, sx + 2, y - 6, 7, 6);
    cairo_fill(cr_);
  }
  cairo_restore(cr_);
  legend_right_ = sx - 8;
}

void Plot::say_empty(const std::string& why) {
  draw_text(cr_, data_.x + data_.w / 2, data_.y + data_.h / 2, why,
            {7.5, false, kGrey, Align::centre});
}

}  // namespace stridecue::chart
