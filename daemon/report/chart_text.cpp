#include "report/chart_text.hpp"

#include <cmath>
#include <sstream>

namespace stridecue::chart {
namespace {

void select(cairo_t* cr, const TextStyle& style) {
  cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                         style.bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, style.size_pt);
  cairo_set_source_rgb(cr, style.colour.r, style.colour.g, style.colour.b);
}

}  // namespace

double text_width(cairo_t* cr, const std::string& text, const TextStyle& style) {
  select(cr, style);
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

double draw_text(cairo_t* cr, double x, double y, const std::string& text, const TextStyle& style) {
  const double w = text_width(cr, text, style);
  const double left = style.align == Align::left     ? x
                      : style.align == Align::centre ? x - w / 2
                                                     : x - w;
  cairo_move_to(cr, left, y);
  cairo_show_text(cr, text.c_str());
  cairo_new_path(cr);
  return w;
}

void draw_text_vertical(cairo_t* cr, double x, double y, const std::string& text,
                        const TextStyle& style) {
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_rotate(cr, -M_PI / 2);
  TextStyle centred = style;
  centred.align = Align::centre;
  draw_text(cr, 0, 0, text, centred);
  cairo_restore(cr);
}

namespace {

// The paragraph's lines, wrapped at spaces to `width`.
std::vector<std::string> wrapped(cairo_t* cr, double width, const std::string& text,
                                 const TextStyle& style) {
  std::istringstream words(text);
  std::string word, line;
  std::vector<std::string> lines;
  while (words >> word) {
    const std::string longer = line.empty() ? word : line + " " + word;
    if (!line.empty() && text_width(cr, longer, style) > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = longer;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

int paragraph_lines(cairo_t* cr, double width, const std::string& text, const TextStyle& style) {
  return static_cast<int>(wrapped(cr, width, text, style).size());
}

double draw_paragraph(cairo_t* cr, double x, double y, double width, const std::string& text,
                      const TextStyle& style) {
  for (const std::string& line : wrapped(cr, width, text, style)) {
    draw_text(cr, x, y, line, style);
    y += style.size_pt * 1.3;
  }
  return y;
}

double draw_table(cairo_t* cr, double x, double y, const std::vector<double>& widths,
                  const std::vector<std::vector<std::string>>& rows, double size_pt) {
  const double leading = size_pt * 1.45;
  double total = 0;
  for (const double w : widths)
    total += w;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    y += leading;
    double cx = x;
    for (std::size_t c = 0; c < rows[r].size() && c < widths.size(); ++c) {
      draw_text(cr, cx, y - size_pt * 0.35, rows[r][c], {size_pt, r == 0, kInk, Align::left});
      cx += widths[c];
    }
    if (r == 0) {
      cairo_set_source_rgb(cr, kGrey.r, kGrey.g, kGrey.b);
      cairo_set_line_width(cr, 0.5);
      cairo_move_to(cr, x, y + 0.5);
      cairo_line_to(cr, x + total, y + 0.5);
      cairo_stroke(cr);
    }
  }
  return y + size_pt * 0.6;
}

}  // namespace stridecue::chart
