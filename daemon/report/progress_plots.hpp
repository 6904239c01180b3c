// The progress report's figures: one value (or median and quartiles) per session across the
// runner's program, x = their session number. Data in colour, references (the target, the drop
// threshold, typical ranges) in grey, the method under each.
#pragma once

#include <cairo.h>

#include <vector>

#include "report/chart_axes.hpp"
#include "report/progress_points.hpp"

namespace stridecue::progress_plots {

using Log = std::vector<chart::PlotRecord>;
using Points = std::vector<ProgressPoint>;

void target_share(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void dose(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void strike_index(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void valr(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void cadence(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void contact_time(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void symmetry(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void glute_ratio(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void glute_onset(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void cues(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void latency(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);
void signal_quality(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log);

}  // namespace stridecue::progress_plots
