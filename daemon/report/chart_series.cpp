#include "report/chart_series.hpp"

#include <algorithm>
#include <cmath>

#include "report/chart_text.hpp"

namespace stridecue::chart {
namespace {

// Draws inside the data rectangle only.
struct Clipped {
  explicit Clipped(Plot& p) : cr(p.cr()) {
    cairo_save(cr);
    const Rect& d = p.data();
    cairo_rectangle(cr, d.x, d.y, d.w, d.h);
    cairo_clip(cr);
  }
  ~Clipped() { cairo_restore(cr); }
  Clipped(const Clipped&) = delete;
  Clipped& operator=(const Clipped&) = delete;
  cairo_t* cr;
};

void set(cairo_t* cr, Colour c) {
  cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

}  // namespace

void line(Plot& p, const std::vector<double>& xs, const std::vector<double>& ys, Colour colour,
          double width) {
  Clipped clip(p);
  set(clip.cr, colour);
  cairo_set_line_width(clip.cr, width);
  cairo_set_line_join(clip.cr, CAIRO_LINE_JOIN_ROUND);
  bool open = false;
  for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
      open = false;
      continue;
    }
    if (open) {
      cairo_line_to(clip.cr, p.px(xs[i]), p.py(ys[i]));
    } else {
      cairo_move_to(clip.cr, p.px(xs[i]), p.py(ys[i]));
      // A lone vertex shows as a dot: a line of one point would draw nothing.
      cairo_arc(clip.cr, p.px(xs[i]), p.py(ys[i]), width, 0, 2 * M_PI);
      cairo_move_to(clip.cr, p.px(xs[i]), p.py(ys[i]));
      open = true;
    }
    p.noted(xs[i]);
  }
  cairo_stroke(clip.cr);
}

void points(Plot& p, const std::vector<double>& xs, const std::vector<double>& ys, Colour colour,
            double radius) {
  Clipped clip(p);
  set(clip.cr, colour);
  for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i) {
    if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) continue;
    cairo_new_sub_path(clip.cr);
    cairo_arc(clip.cr, p.px(xs[i]), p.py(ys[i]), radius, 0, 2 * M_PI);
    p.noted(xs[i]);
  }
  cairo_fill(clip.cr);
}

void bar(Plot& p, double x, double y0, double y1, double width, Colour colour) {
  if (!std::isfinite(y0) || !std::isfinite(y1) || y0 == y1) return;
  Clipped clip(p);
  set(clip.cr, colour);
  const double left = p.px(x - width / 2), right = p.px(x + width / 2);
  const double top = p.py(std::max(y0, y1)), bottom = p.py(std::min(y0, y1));
  cairo_rectangle(clip.cr, left, top, std::max(right - left, 0.8), std::max(bottom - top, 0.8));
  cairo_fill(clip.cr);
  p.noted(x);
}

void whisker(Plot& p, double x, double lo, double mid, double hi, Colour colour) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(mid)) return;
  Clipped clip(p);
  set(clip.cr, colour);
  cairo_set_line_width(clip.cr, 1.2);
  cairo_move_to(clip.cr, p.px(x), p.py(lo));
  cairo_line_to(clip.cr, p.px(x), p.py(hi));
  cairo_stroke(clip.cr);
  cairo_arc(clip.cr, p.px(x), p.py(mid), 2.2, 0, 2 * M_PI);
  cairo_fill(clip.cr);
  p.noted(x);
}

void reference_line(Plot& p, double y, const std::string& label) {
  {
    Clipped clip(p);
    // A white halo under the dashes keeps the line readable over bars and points.
    cairo_set_source_rgb(clip.cr, 1, 1, 1);
    cairo_set_line_width(clip.cr, 2.6);
    cairo_move_to(clip.cr, p.data().x, p.py(y));
    cairo_line_to(clip.cr, p.data().right(), p.py(y));
    cairo_stroke(clip.cr);
    set(clip.cr, kGrey);
    const double dash[] = {4, 2.5};
    cairo_set_dash(clip.cr, dash, 2, 0);
    cairo_set_line_width(clip.cr, 1.0);
    cairo_move_to(clip.cr, p.data().x, p.py(y));
    cairo_line_to(clip.cr, p.data().right(), p.py(y));
    cairo_stroke(clip.cr);
  }
  if (!label.empty()) {
    const TextStyle style{6.2, false, kGrey, Align::right};
    const double w = text_width(p.cr(), label, style);
    const double x = p.data().right() - 3, base = p.py(y) - 3;
    cairo_save(p.cr());
    cairo_set_source_rgb(p.cr(), 1, 1, 1);
    cairo_rectangle(p.cr(), x - w - 1.5, base - 6, w + 3, 7.5);
    cairo_fill(p.cr());
    cairo_restore(p.cr());
    draw_text(p.cr(), x, base, label, style);
  }
}

void reference_band(Plot& p, double y0, double y1, Colour tint, const std::string& label) {
  {
    Clipped clip(p);
    set(clip.cr, tint);
    const double top = p.py(std::max(y0, y1)), bottom = p.py(std::min(y0, y1));
    cairo_rectangle(clip.cr, p.data().x, top, p.data().w, bottom - top);
    cairo_fill(clip.cr);
  }
  if (!label.empty()) {
    const double y = std::clamp(p.py(std::max(y0, y1)) + 7, p.data().y + 7, p.data().bottom() - 2);
    draw_text(p.cr(), p.data().x + 3, y, label, {6.2, false, kGrey, Align::left});
  }
}

void shaded_span(Plot& p, double x0, double x1, Colour tint, const std::string& label) {
  Clipped clip(p);
  set(clip.cr, tint);
  const double left = p.px(x0), right = p.px(x1);
  cairo_rectangle(clip.cr, left, p.data().y, right - left, p.data().h);
  cairo_fill(clip.cr);
  if (!label.empty() && right - left > 12) {
    const TextStyle style{6, false, kGrey, Align::centre};
    const double half_width = text_width(clip.cr, label, style) / 2 + 2;
    const double centre =
        std::clamp((left + right) / 2, p.data().x + half_width,
                   std::max(p.data().x + half_width, p.data().right() - half_width));
    draw_text(clip.cr, centre, p.data().y + 7, label, style);
  }
}

}  // namespace stridecue::chart
