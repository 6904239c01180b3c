// Text on a Cairo page: one line (left, centred or right of a point, optionally rotated), a
// paragraph wrapped to a width, and a table of rows. DejaVu Sans through Cairo's own text
// calls: enough for labels and tables, and it has µ, ≥, ² and the like.
#pragma once

#include <cairo.h>

#include <string>
#include <vector>

#include "report/chart_geometry.hpp"

namespace stridecue::chart {

enum class Align { left, centre, right };

struct TextStyle {
  double size_pt = 8.0;
  bool bold = false;
  Colour colour = kInk;
  Align align = Align::left;
};

// `y` is the baseline. Returns the text's width.
double draw_text(cairo_t* cr, double x, double y, const std::string& text, const TextStyle& style);
// Rotated a quarter turn anticlockwise (a y axis's label), centred on (x, y).
void draw_text_vertical(cairo_t* cr, double x, double y, const std::string& text,
                        const TextStyle& style);
double text_width(cairo_t* cr, const std::string& text, const TextStyle& style);
// Wrapped at spaces to `width`, from the baseline `y` down; returns the baseline after the last.
double draw_paragraph(cairo_t* cr, double x, double y, double width, const std::string& text,
                      const TextStyle& style);

// How many lines draw_paragraph would take.
int paragraph_lines(cairo_t* cr, double width, const std::string& text, const TextStyle& style);

// Rows of cells in columns of the given widths (pt); the first row in bold as the header.
// Returns the y below the table.
double draw_table(cairo_t* cr, double x, double y, const std::vector<double>& widths,
                  const std::vector<std::vector<std::string>>& rows, double size_pt = 7.5);

}  // namespace stridecue::chart
