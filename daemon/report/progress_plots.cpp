#include "report/progress_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_series.hpp"
#include "report/report_statistics.hpp"
#include "report/session_plots.hpp"

namespace stridecue::progress_plots {
namespace {

using chart::Colour;
using chart::FigureSpec;
using chart::Plot;

constexpr Colour kSide[2] = {chart::kLeft, chart::kRight};
constexpr const char* kSideName[2] = {"left", "right"};
constexpr double kOffset[2] = {-0.12, 0.12};  // the two feet side by side at each session

FigureSpec per_session(const Points& p, std::string title, std::string y_label,
                       std::string method) {
  FigureSpec spec;
  spec.title = std::move(title);
  spec.y_label = std::move(y_label);
  spec.method = std::move(method);
  spec.x_label = "the runner's session";
  for (const ProgressPoint& q : p)
    spec.x_categories.push_back(q.label);
  return spec;
}

double x_of(std::size_t i) {
  return static_cast<double>(i);
}

// Median and quartiles per side, a whisker each, the medians joined.
void spreads(Plot& plot, const Points& p, std::array<Spread, 2> ProgressPoint::*field) {
  for (int side = 0; side < 2; ++side) {
    std::vector<double> xs, mids;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const Spread& s = (p[i].*field)[side];
      chart::whisker(plot, x_of(i) + kOffset[side], s.q1, s.median, s.q3, kSide[side]);
      xs.push_back(x_of(i) + kOffset[side]);
      mids.push_back(s.median);
    }
    chart::line(plot, xs, mids, kSide[side], 0.7);
  }
  for (int side = 1; side >= 0; --side)
    plot.legend(kSideName[side], kSide[side]);
}

std::pair<double, double> spread_range(const Points& p,
                                       std::array<Spread, 2> ProgressPoint::*field) {
  double lo = 1e300, hi = -1e300;
  for (const ProgressPoint& q : p) {
    for (const Spread& s : q.*field) {
      for (const double v : {s.q1, s.q3}) {
        if (!std::isfinite(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
    }
  }
  if (lo > hi) return {0, 1};
  return {lo, hi};
}

void per_side_line(Plot& plot, const Points& p, std::array<double, 2> ProgressPoint::*field,
                   double scale, const Colour* colours, double radius) {
  for (int side = 0; side < 2; ++side) {
    std::vector<double> xs, ys;
    for (std::size_t i = 0; i < p.size(); ++i) {
      xs.push_back(x_of(i) + kOffset[side]);
      ys.push_back((p[i].*field)[side] * scale);
    }
    chart::line(plot, xs, ys, colours[side], 1.0);
    chart::points(plot, xs, ys, colours[side], radius);
  }
}

}  // namespace

void target_share(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  const double target = p.empty() ? 0 : p.back().heel_target_share;
  std::string heel;
  if (!p.empty())
    for (const auto& c : p.back().heel_classes)
      heel += (heel.empty() ? "" : " + ") + c;
  FigureSpec spec = per_session(
      p, "Steps on target per session (with and without feedback)",
      fmt::format("steps not {} (%)", heel),
      "share of the side's classified steps outside the heel classes in the feedback phase "
      "(the whole session without a program); green: the retention block without cues, both "
      "feet — what the runner keeps on their own. Dashed: the runner's target.");
  spec.y = {0, 110, 20};
  Plot plot(cr, r, spec, page, log);
  if (target > 0)
    chart::reference_line(plot, target * 100, fmt::format("target ≥ {:.0f} %", target * 100));
  // With a program, the feedback phase; without one, the whole session.
  Points shown = p;
  for (ProgressPoint& q : shown)
    for (int side = 0; side < 2; ++side)
      if (q.program && std::isfinite(q.target_share_feedback[side]))
        q.target_share[side] = q.target_share_feedback[side];
  per_side_line(plot, shown, &ProgressPoint::target_share, 100, kSide, 2.4);
  // The retention block, both feet together: one line that says what stays without cues.
  std::vector<double> xs, ys;
  for (std::size_t i = 0; i < p.size(); ++i) {
    xs.push_back(x_of(i));
    ys.push_back(report_stats::mean(
        {p[i].target_share_retention[0] * 100, p[i].target_share_retention[1] * 100}));
  }
  chart::line(plot, xs, ys, chart::kForefoot, 1.0);
  chart::points(plot, xs, ys, chart::kForefoot, 2.6);
  plot.legend("retention (mean of both feet)", chart::kForefoot);
  for (int side = 1; side >= 0; --side)
    plot.legend(kSideName[side], kSide[side]);
}

void dose(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  double hi = 1;
  for (const ProgressPoint& q : p) {
    hi = std::max(hi, q.running_min * 60);
    if (q.program) hi = std::max(hi, q.program->planned_s);
  }
  FigureSpec spec = per_session(
      p, "Running time and feedback dose per session", "time (s)",
      "bars: running time (first to last step, data time), and in it the seconds of feedback "
      "phase × the faded schedule's share (the dose, from the session's program summary). "
      "Grey marks: the planned time.");
  spec.y = chart::nice_scale_from_zero(hi * 1.1, 5);
  Plot plot(cr, r, spec, page, log);
  plot.legend("dose (feedback s)", chart::kPurple);
  plot.legend("running", chart::kLeft);
  for (std::size_t i = 0; i < p.size(); ++i) {
    chart::bar(plot, x_of(i) - 0.15, 0, p[i].running_min * 60, 0.28, chart::kLeft);
    if (p[i].program) {
      chart::bar(plot, x_of(i) + 0.15, 0, p[i].program->feedback_s, 0.28, chart::kPurple);
      cairo_save(cr);
      cairo_set_source_rgb(cr, chart::kGrey.r, chart::kGrey.g, chart::kGrey.b);
      cairo_set_line_width(cr, 1.2);
      cairo_move_to(cr, plot.px(x_of(i) - 0.35), plot.py(p[i].program->planned_s));
      cairo_line_to(cr, plot.px(x_of(i) + 0.35), plot.py(p[i].program->planned_s));
      cairo_stroke(cr);
      cairo_restore(cr);
    }
  }
}

void strike_index(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  FigureSpec spec =
      per_session(p, "Strike index per session", "strike index (0 heel … 1 toe)",
                  "median (dot) and quartiles (whisker) of each step's strike index per foot: the "
                  "belt-corrected centre of pressure at contact as a fraction of foot length.");
  spec.y = {0, 1, 0.2};
  Plot plot(cr, r, spec, page, log);
  spreads(plot, p, &ProgressPoint::strike_index);
}

void valr(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  const auto [lo, hi] = spread_range(p, &ProgressPoint::valr);
  (void)lo;
  FigureSpec spec = per_session(
      p, "VALR per session", "VALR (BW/s)",
      fmt::format("median and quartiles of each step's vertical average loading rate "
                  "(impact_20_80 with an impact peak, else stance_3_12). Bands: typical VALR "
                  "at 3-4 m/s, rearfoot {:.0f}-{:.0f}, forefoot {:.0f}-{:.0f} BW/s (a guide).",
                  session_plots::kRearfootValrLo, session_plots::kRearfootValrHi,
                  session_plots::kForefootValrLo, session_plots::kForefootValrHi));
  spec.y = chart::nice_scale_from_zero(std::max(hi, session_plots::kRearfootValrHi) * 1.05, 5);
  Plot plot(cr, r, spec, page, log);
  chart::reference_band(plot, session_plots::kRearfootValrLo, session_plots::kRearfootValrHi,
                        chart::kBandRear, "typical rearfoot");
  chart::reference_band(plot, session_plots::kForefootValrLo, session_plots::kForefootValrHi,
                        chart::kBandFore, "typical forefoot");
  spreads(plot, p, &ProgressPoint::valr);
}

void cadence(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  std::vector<double> xs, ys;
  for (std::size_t i = 0; i < p.size(); ++i) {
    xs.push_back(x_of(i));
    ys.push_back(p[i].cadence);
  }
  FigureSpec spec = per_session(p, "Cadence per session", "cadence (steps/min)",
                                "mean of the session's per-minute step counts (both feet).");
  const double lo = report_stats::min_of(ys, 1e300), hi = report_stats::max_of(ys, -1e300);
  spec.y = lo > hi ? chart::nice_scale(150, 190, 5) : chart::nice_scale(lo - 5, hi + 5, 5);
  Plot plot(cr, r, spec, page, log);
  plot.legend("both feet", chart::kPurple);
  chart::line(plot, xs, ys, chart::kPurple);
  chart::points(plot, xs, ys, chart::kPurple, 2.4);
}

void contact_time(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  const auto [lo, hi] = spread_range(p, &ProgressPoint::contact_ms);
  FigureSpec spec = per_session(p, "Contact time per session", "contact time (ms)",
                                "median and quartiles of the per-minute mean contact times per "
                                "foot (contact to toe-off at the 5 N timing threshold).");
  spec.y = chart::nice_scale(lo - 5, hi + 5, 5);
  Plot plot(cr, r, spec, page, log);
  spreads(plot, p, &ProgressPoint::contact_ms);
}

void symmetry(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  std::vector<double> xs, contact, peak;
  double extreme = 12;
  for (std::size_t i = 0; i < p.size(); ++i) {
    xs.push_back(x_of(i));
    contact.push_back(p[i].contact_si_pct);
    peak.push_back(p[i].peak_si_pct);
    for (const double v : {p[i].contact_si_pct, p[i].peak_si_pct})
      if (std::isfinite(v)) extreme = std::max(extreme, std::abs(v) * 1.15);
  }
  FigureSpec spec = per_session(
      p, "Left/right symmetry per session", "symmetry index (%)",
      "(left − right) / mean of both × 100 of the session means (Robinson et al. 1987); "
      "above 0: larger on the left. Grey band: ±10 %.");
  spec.y = chart::nice_scale(-extreme, extreme, 6);
  Plot plot(cr, r, spec, page, log);
  chart::reference_band(plot, -10, 10, chart::kPhaseShade, "");
  chart::reference_line(plot, 0, "");
  plot.legend("peak vertical force", chart::kForefoot);
  plot.legend("contact time", chart::kPurple);
  chart::line(plot, xs, contact, chart::kPurple);
  chart::points(plot, xs, contact, chart::kPurple, 2.2);
  chart::line(plot, xs, peak, chart::kForefoot);
  chart::points(plot, xs, peak, chart::kForefoot, 2.2);
}

void glute_ratio(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  const auto [lo, hi] = spread_range(p, &ProgressPoint::glute_pct);
  (void)lo;
  const double drop = p.empty() ? 0.8 : p.back().drop_ratio;
  FigureSpec spec = per_session(
      p, "Gluteus medius activation per session, % of that session's baseline",
      "activation (% of baseline)",
      fmt::format("median and quartiles of each step's activation as a share of the side's "
                  "baseline (the median of its first measurable steps: electrodes are placed "
                  "anew each visit, so each session has its own). Dashed: the drop threshold "
                  "{:.0f} %.",
                  drop * 100));
  spec.y = chart::nice_scale_from_zero(std::max(hi, 120.0), 6);
  Plot plot(cr, r, spec, page, log);
  chart::reference_line(plot, 100, "baseline");
  chart::reference_line(plot, drop * 100, fmt::format("drop threshold {:.0f} %", drop * 100));
  spreads(plot, p, &ProgressPoint::glute_pct);
}

void glute_onset(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  const auto [lo, hi] = spread_range(p, &ProgressPoint::onset_ms);
  FigureSpec spec = per_session(
      p, "Gluteus medius onset relative to contact per session", "onset − contact (ms)",
      "median and quartiles of each step's burst onset (envelope above rest + 1.5 SD for 25 "
      "ms; Hodges & Bui 1996); negative: before the foot lands.");
  spec.y = chart::nice_scale(std::min(lo, -20.0) - 10, std::max(hi, 20.0) + 10, 6);
  Plot plot(cr, r, spec, page, log);
  chart::reference_line(plot, 0, "contact");
  spreads(plot, p, &ProgressPoint::onset_ms);
}

void cues(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  constexpr Colour kKind[5] = {chart::kRearfoot, chart::kTeal, chart::kMidfoot, chart::kPurple,
                               chart::kForefoot};
  double most = 1;
  for (const ProgressPoint& q : p) {
    double n = 0;
    for (const auto& [kind, count] : q.cues)
      n += static_cast<double>(count);
    most = std::max(most, n);
  }
  FigureSpec spec = per_session(
      p, "Cues per session, by kind", "cues (count)",
      "every cue the session gave, stacked by kind; a faded schedule gives fewer in its later "
      "sessions, and warm-up and retention blocks none.");
  spec.y = chart::nice_scale_from_zero(most * 1.1, 5);
  Plot plot(cr, r, spec, page, log);
  if (!p.empty()) {
    for (std::size_t k = p.front().cues.size(); k-- > 0;) {
      bool any = false;
      for (const ProgressPoint& q : p)
        any = any || (k < q.cues.size() && q.cues[k].second > 0);
      if (any) plot.legend(p.front().cues[k].first, kKind[k % 5]);
    }
  }
  for (std::size_t i = 0; i < p.size(); ++i) {
    double y = 0;
    for (std::size_t k = 0; k < p[i].cues.size(); ++k) {
      const auto n = static_cast<double>(p[i].cues[k].second);
      if (n == 0) continue;
      chart::bar(plot, x_of(i), y, y + n, 0.5, kKind[k % 5]);
      y += n;
    }
  }
}

void latency(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  std::vector<double> xs, p50, p99, s50, s99;
  double hi = 10;
  for (std::size_t i = 0; i < p.size(); ++i) {
    xs.push_back(x_of(i));
    p50.push_back(p[i].decision_p50_ms);
    p99.push_back(p[i].decision_p99_ms);
    s50.push_back(p[i].sound_p50_ms.value_or(report_stats::kNone));
    s99.push_back(p[i].sound_p99_ms.value_or(report_stats::kNone));
    hi = std::max(
        {hi, report_stats::max_of({p[i].decision_p99_ms}, 0), report_stats::max_of(s99, 0)});
  }
  FigureSpec spec = per_session(
      p, "Cue latency per session", "latency (ms)",
      "contact → decision (data time: the deciding sample), p50 and p99 of the session's "
      "cues; contact → sound adds the deciding block's receipt to the sound's onset (host "
      "clock) where the daemon measured it.");
  spec.y = chart::nice_scale_from_zero(hi * 1.1, 5);
  Plot plot(cr, r, spec, page, log);
  plot.legend("sound p99", chart::kRearfoot);
  plot.legend("sound p50", chart::kMidfoot);
  plot.legend("decision p99", chart::kPurple);
  plot.legend("decision p50", chart::kLeft);
  const std::pair<const std::vector<double>*, Colour> series[] = {{&p50, chart::kLeft},
                                                                  {&p99, chart::kPurple},
                                                                  {&s50, chart::kMidfoot},
                                                                  {&s99, chart::kRearfoot}};
  for (const auto& [ys, colour] : series) {
    chart::line(plot, xs, *ys, colour);
    chart::points(plot, xs, *ys, colour, 2.0);
  }
}

void signal_quality(cairo_t* cr, const chart::Rect& r, const Points& p, int page, Log* log) {
  FigureSpec spec = per_session(
      p, "EMG signal quality and device gaps per session", "steps with EMG ok (%)",
      "mean over the session's minutes of the share of rated steps whose EMG passed every "
      "check. Purple bars: minutes without data from a device (or recording), at 10 % per "
      "minute.");
  spec.y = {0, 120, 20};
  Plot plot(cr, r, spec, page, log);
  for (std::size_t i = 0; i < p.size(); ++i)
    if (p[i].gap_min > 0)
      chart::bar(plot, x_of(i), 0, std::min(100.0, p[i].gap_min * 10), 0.2, chart::kPurple);
  per_side_line(plot, p, &ProgressPoint::emg_ok_pct, 1, kSide, 2.2);
  for (int side = 1; side >= 0; --side)
    plot.legend(kSideName[side], kSide[side]);
}

}  // namespace stridecue::progress_plots
