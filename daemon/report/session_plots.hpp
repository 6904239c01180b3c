// The session report's figures, one function each: the data from SessionFigures, the axes with
// their units, and the method under each. `page` and `log` note where the data went
// (chart::PlotRecord).
#pragma once

#include <cairo.h>

#include <vector>

#include "report/chart_axes.hpp"
#include "report/session_figures.hpp"

namespace stridecue::session_plots {

using Log = std::vector<chart::PlotRecord>;

// side: 0 left, 1 right.
void strike_share(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int side, int page,
                  Log* log);
void strike_index(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);
// vilr: false for VALR, true for VILR.
void loading_rate(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, bool vilr, int page,
                  Log* log);
void cadence(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);
void contact_time(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);
void symmetry(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);
void glute_ratio(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);
void glute_onset(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);
void cues_per_minute(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page,
                     Log* log);
void signal_quality(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log);

// Typical VALR ranges shown as bands (BW/s, treadmill running at about 3-4 m/s): a guide from
// published rearfoot and forefoot strikers, not a norm (docs/reports.md names the sources).
inline constexpr double kRearfootValrLo = 50, kRearfootValrHi = 100;
inline constexpr double kForefootValrLo = 20, kForefootValrHi = 50;

}  // namespace stridecue::session_plots
