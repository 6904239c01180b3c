#include "report/session_plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/chart_series.hpp"
#include "report/report_statistics.hpp"

namespace stridecue::session_plots {
namespace {

using chart::Colour;
using chart::FigureSpec;
using chart::Plot;
using report_stats::max_of;
using report_stats::min_of;

constexpr Colour kSide[2] = {chart::kLeft, chart::kRight};
constexpr const char* kSideName[2] = {"left", "right"};
constexpr Colour kClass[3] = {chart::kRearfoot, chart::kMidfoot, chart::kForefoot};
constexpr const char* kClassName[3] = {"rearfoot", "midfoot", "forefoot"};

chart::Scale time_axis(const SessionFigures& f) {
  return chart::nice_scale(0, std::max(f.duration_min, 0.5), 8);
}

const char* phase_label(const std::string& phase) {
  if (phase == "warmup") return "warm-up";
  if (phase == "retention") return "retention";
  if (phase == "complete") return "past plan";
  return "";
}

// The blocks without feedback, shaded behind a time plot: what the runner did on their own.
void shade_phases(Plot& p, const SessionFigures& f) {
  for (const PhaseSpan& ph : f.phases) {
    if (ph.phase == "feedback") continue;
    chart::shaded_span(p, ph.from_min, ph.to_min, chart::kPhaseShade, phase_label(ph.phase));
  }
}

std::string phases_note(const SessionFigures& f) {
  return f.phases.empty() ? "" : " Shaded: blocks without cues (warm-up, retention).";
}

// The values' range with some room, or [lo, hi] when there are none.
chart::Scale value_scale(std::initializer_list<const std::vector<double>*> series, double lo,
                         double hi) {
  double a = 1e300, b = -1e300;
  for (const auto* s : series) {
    a = min_of(*s, a);
    b = max_of(*s, b);
  }
  if (a > b) return chart::nice_scale(lo, hi, 5);
  return chart::nice_scale(a - 5, b + 5, 5);
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v)
    out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

void strike_share(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int side, int page,
                  Log* log) {
  const MinuteShares& m = f.strikes[side];
  FigureSpec spec;
  spec.title = fmt::format("Strike pattern per minute, {} foot", kSideName[side]);
  spec.x_label = "session time (min)";
  spec.y_label = "share of steps (%)";
  spec.x = chart::nice_scale(0, std::max(1.0, static_cast<double>(m.minute.size())), 6);
  spec.y = {0, 112, 20};  // a strip above the bars, where the phases are named
  spec.method = fmt::format(
      "each step's class from its strike index (rearfoot < {:.2f} ≤ midfoot < {:.2f} ≤ "
      "forefoot, a fraction of foot length) decided by {:.0f} ms after contact; bars stack the "
      "classes of each minute's steps.{}",
      f.rearfoot_max, f.forefoot_min, f.decision_deadline_ms, phases_note(f));
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  for (int c = 2; c >= 0; --c)
    p.legend(kClassName[c], kClass[c]);
  bool any = false;
  for (std::size_t b = 0; b < m.minute.size(); ++b) {
    double y = 0;
    for (std::size_t c = 0; c < 3; ++c) {
      const double s = m.share[c][b];
      if (!std::isfinite(s)) continue;
      chart::bar(p, m.minute[b] + 0.5, y, y + s * 100, 0.8, kClass[c]);
      y += s * 100;
      any = true;
    }
  }
  if (f.heel_target_share > 0) {
    chart::reference_line(p, (1 - f.heel_target_share) * 100,
                          fmt::format("target: {} ≤ {:.0f} %", join(f.heel_classes, " + "),
                                      (1 - f.heel_target_share) * 100));
  }
  if (!any) p.say_empty("no classified steps");
}

void strike_index(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log) {
  constexpr int kBins = 20;
  std::array<std::array<double, kBins>, 2> counts{};
  double most = 0;
  for (int side = 0; side < 2; ++side) {
    for (const double v : f.strike_index[side]) {
      const int bin = std::clamp(static_cast<int>(v * kBins), 0, kBins - 1);
      counts[side][bin] += 1;
    }
    for (auto& c : counts[side]) {
      c = f.strike_index[side].empty() ? 0
                                       : c / static_cast<double>(f.strike_index[side].size()) * 100;
      most = std::max(most, c);
    }
  }
  FigureSpec spec;
  spec.title = "Strike index distribution";
  spec.x_label = "strike index (fraction of foot length: 0 heel … 1 toe)";
  spec.y_label = "share of the side's steps (%)";
  spec.x = {0, 1, 0.1};
  spec.y = chart::nice_scale_from_zero(std::max(most * 1.1, 5.0), 5);
  spec.method = fmt::format(
      "centre of pressure at contact along the foot, corrected for the belt's travel "
      "(belt speed × time since contact), as a fraction of foot length; bins of 0.05. Grey "
      "lines: the class boundaries {:.2f} and {:.2f}.",
      f.rearfoot_max, f.forefoot_min);
  Plot p(cr, r, spec, page, log);
  chart::reference_line(p, 0, "");
  for (int side = 1; side >= 0; --side)
    p.legend(fmt::format("{} ({} steps)", kSideName[side], f.strike_index[side].size()),
             kSide[side]);
  for (int side = 0; side < 2; ++side) {
    for (int b = 0; b < kBins; ++b) {
      const double centre = (b + 0.25 + 0.5 * side) / kBins;
      chart::bar(p, centre, 0, counts[side][b], 0.45 / kBins, kSide[side]);
    }
  }
  // The boundaries, as vertical grey lines.
  cairo_save(cr);
  cairo_set_source_rgb(cr, chart::kGrey.r, chart::kGrey.g, chart::kGrey.b);
  const double dash[] = {3, 2};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_line_width(cr, 0.8);
  for (const double x : {f.rearfoot_max, f.forefoot_min}) {
    cairo_move_to(cr, p.px(x), p.data().y);
    cairo_line_to(cr, p.px(x), p.data().bottom());
  }
  cairo_stroke(cr);
  cairo_restore(cr);
  if (f.strike_index[0].empty() && f.strike_index[1].empty()) p.say_empty("no strike index");
}

void loading_rate(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, bool vilr, int page,
                  Log* log) {
  const auto& series = vilr ? f.vilr : f.valr;
  const char* name = vilr ? "VILR" : "VALR";
  double hi = 0;
  for (const auto& s : series)
    hi = max_of(s.value, hi);
  FigureSpec spec;
  spec.title = fmt::format("{} per step (vertical {} loading rate)", name,
                           vilr ? "instantaneous" : "average");
  spec.x_label = "session time (min)";
  spec.y_label = fmt::format("{} ({})", name, f.loading_rate_unit);
  spec.x = time_axis(f);
  spec.y = chart::nice_scale_from_zero(std::max(hi, kRearfootValrHi) * 1.05, 5);
  std::string methods;
  for (const auto& [m, n] : f.loading_rate_methods)
    methods += fmt::format("{}{} ({} steps)", methods.empty() ? "" : ", ", m, n);
  spec.method = fmt::format(
      "{}; impact_20_80: slope of Fz from 20 to 80 % of the impact peak (rearfoot); "
      "stance_3_12: from 3 to 12 % of stance (no impact peak: mid-, forefoot). Bands: typical "
      "VALR at 3-4 m/s, rearfoot {:.0f}-{:.0f}, forefoot {:.0f}-{:.0f} BW/s (a guide).{}",
      vilr ? "largest sample-to-sample slope in the same window" : "average slope", kRearfootValrLo,
      kRearfootValrHi, kForefootValrLo, kForefootValrHi, phases_note(f));
  if (!methods.empty()) spec.method += " Used: " + methods + ".";
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  if (!vilr && f.loading_rate_unit == "BW/s") {
    chart::reference_band(p, kRearfootValrLo, kRearfootValrHi, chart::kBandRear,
                          "typical rearfoot");
    chart::reference_band(p, kForefootValrLo, kForefootValrHi, chart::kBandFore,
                          "typical forefoot");
  }
  for (int side = 1; side >= 0; --side)
    p.legend(kSideName[side], kSide[side]);
  for (int side = 0; side < 2; ++side)
    chart::points(p, series[side].t_min, series[side].value, kSide[side]);
  if (series[0].value.empty() && series[1].value.empty()) p.say_empty("no loading rates");
}

void cadence(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log) {
  FigureSpec spec;
  spec.title = "Cadence per minute";
  spec.x_label = "session time (min)";
  spec.y_label = "cadence (steps/min)";
  spec.x = time_axis(f);
  spec.y = value_scale({&f.cadence.value}, 150, 190);
  spec.method =
      "foot contacts (both feet) counted in each minute of session time; a last, partial "
      "minute of at least 15 s scaled to a full one." +
      phases_note(f);
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  p.legend("both feet", chart::kPurple);
  chart::line(p, f.cadence.t_min, f.cadence.value, chart::kPurple);
  chart::points(p, f.cadence.t_min, f.cadence.value, chart::kPurple, 1.8);
  if (f.cadence.value.empty()) p.say_empty("no steps");
}

void contact_time(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log) {
  FigureSpec spec;
  spec.title = "Contact time per minute";
  spec.x_label = "session time (min)";
  spec.y_label = "contact time (ms)";
  spec.x = time_axis(f);
  spec.y = value_scale({&f.contact_ms[0].value, &f.contact_ms[1].value}, 200, 300);
  spec.method =
      "mean of each minute's contact times per foot: contact to toe-off where vertical force "
      "crosses the timing threshold (5 N), with sub-sample interpolation." +
      phases_note(f);
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  for (int side = 1; side >= 0; --side)
    p.legend(kSideName[side], kSide[side]);
  for (int side = 0; side < 2; ++side) {
    chart::line(p, f.contact_ms[side].t_min, f.contact_ms[side].value, kSide[side]);
    chart::points(p, f.contact_ms[side].t_min, f.contact_ms[side].value, kSide[side], 1.8);
  }
  if (f.contact_ms[0].value.empty() && f.contact_ms[1].value.empty()) p.say_empty("no steps");
}

void symmetry(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log) {
  FigureSpec spec;
  spec.title = "Left/right symmetry";
  spec.y_label = "symmetry index (%)";
  spec.x_label = "measure (session means)";
  std::vector<double> si;
  for (const SymmetryRow& row : f.symmetry) {
    spec.x_categories.push_back(row.measure == "gluteus medius activation" ? "glute"
                                : row.measure == "peak vertical force"     ? "peak Fz"
                                                                           : row.measure);
    si.push_back(report_stats::symmetry_index_pct(row.left, row.right));
  }
  double extreme = 12;
  for (const double v : si)
    if (std::isfinite(v)) extreme = std::max(extreme, std::abs(v) * 1.15);
  spec.y = chart::nice_scale(-extreme, extreme, 6);
  spec.method =
      "symmetry index (left − right) / mean of both × 100 (Robinson et al. 1987) of each "
      "measure's session mean per foot; above 0: larger on the left. Grey band: ±10 %.";
  Plot p(cr, r, spec, page, log);
  chart::reference_band(p, -10, 10, chart::kPhaseShade, "");
  chart::reference_line(p, 0, "");
  // A stem and a dot: a symmetric measure (0 %) still shows its value.
  for (std::size_t i = 0; i < si.size(); ++i) {
    if (!std::isfinite(si[i])) continue;
    chart::bar(p, static_cast<double>(i), 0, si[i], 0.08, chart::kPurple);
    chart::points(p, {static_cast<double>(i)}, {si[i]}, chart::kPurple, 3.2);
  }
}

void glute_ratio(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log) {
  double hi = 120;
  for (const auto& s : f.glute_pct)
    hi = max_of(s.value, hi);
  FigureSpec spec;
  spec.title = "Gluteus medius activation, % of the session's baseline";
  spec.x_label = "session time (min)";
  spec.y_label = "activation (% of baseline)";
  spec.x = time_axis(f);
  spec.y = chart::nice_scale_from_zero(std::min(hi, 300.0), 6);
  spec.method = fmt::format(
      "mean zero-phase envelope (6 Hz) of notched, band-passed (20-450 Hz), rectified EMG "
      "from 150 ms before to 100 ms after each contact, divided by the median of the side's "
      "first {} measurable steps (the baseline). Dashed: the drop "
      "threshold {:.0f} % (steps below it, {} left and {} right, flag the hips as tiring).{}",
      f.baseline_strides, f.drop_ratio * 100, f.glute_drop_steps[0], f.glute_drop_steps[1],
      phases_note(f));
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  chart::reference_line(p, 100, "baseline 100 %");
  chart::reference_line(p, f.drop_ratio * 100,
                        fmt::format("drop threshold {:.0f} %", f.drop_ratio * 100));
  for (int side = 1; side >= 0; --side)
    p.legend(kSideName[side], kSide[side]);
  for (int side = 0; side < 2; ++side)
    chart::points(p, f.glute_pct[side].t_min, f.glute_pct[side].value, kSide[side]);
  if (f.glute_pct[0].value.empty() && f.glute_pct[1].value.empty())
    p.say_empty("no steps with an EMG baseline");
}

void glute_onset(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page, Log* log) {
  double lo = -50, hi = 50;
  for (const auto& s : f.glute_onset_ms) {
    lo = min_of(s.value, lo);
    hi = max_of(s.value, hi);
  }
  FigureSpec spec;
  spec.title = "Gluteus medius burst onset relative to contact";
  spec.x_label = "session time (min)";
  spec.y_label = "onset − contact (ms)";
  spec.x = time_axis(f);
  spec.y = chart::nice_scale(std::max(lo, -400.0), std::min(hi, 200.0), 6);
  spec.method =
      "start of the burst through the window's peak where the envelope exceeds rest + 1.5 SD "
      "of the rectified EMG at rest (Hodges & Bui 1996) for at least 25 ms; negative: before "
      "the foot lands." +
      phases_note(f);
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  chart::reference_line(p, 0, "contact");
  for (int side = 1; side >= 0; --side)
    p.legend(kSideName[side], kSide[side]);
  for (int side = 0; side < 2; ++side)
    chart::points(p, f.glute_onset_ms[side].t_min, f.glute_onset_ms[side].value, kSide[side]);
  if (f.glute_onset_ms[0].value.empty() && f.glute_onset_ms[1].value.empty())
    p.say_empty("no EMG onset found");
}

void cues_per_minute(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page,
                     Log* log) {
  constexpr Colour kKind[5] = {chart::kRearfoot, chart::kTeal, chart::kMidfoot, chart::kPurple,
                               chart::kForefoot};
  const auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(f.duration_min - 1e-9)));
  std::vector<std::vector<double>> counts(f.cues.size(), std::vector<double>(bins, 0.0));
  std::vector<double> totals(bins, 0.0);
  for (std::size_t k = 0; k < f.cues.size(); ++k) {
    for (const double t : f.cues[k].t_min) {
      const auto b = std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, t)));
      counts[k][b] += 1;
      totals[b] += 1;
    }
  }
  FigureSpec spec;
  spec.title = "Cues per minute, by kind";
  spec.x_label = "session time (min)";
  spec.y_label = "cues (per minute)";
  spec.x = chart::nice_scale(0, static_cast<double>(bins), 6);
  spec.y = chart::nice_scale_from_zero(std::max(1.0, max_of(totals, 0)) * 1.1, 5);
  spec.method =
      "cues counted by the minute of the contact they answer, stacked by kind (the cue policy: "
      "thresholds, mode, faded schedule, refractory time)." +
      phases_note(f);
  Plot p(cr, r, spec, page, log);
  shade_phases(p, f);
  for (std::size_t k = f.cues.size(); k-- > 0;)
    if (!f.cues[k].t_min.empty()) p.legend(f.cues[k].kind, kKind[k % 5]);
  for (std::size_t b = 0; b < bins; ++b) {
    double y = 0;
    for (std::size_t k = 0; k < f.cues.size(); ++k) {
      if (counts[k][b] == 0) continue;
      chart::bar(p, static_cast<double>(b) + 0.5, y, y + counts[k][b], 0.8, kKind[k % 5]);
      y += counts[k][b];
    }
  }
  if (max_of(totals, 0) == 0) p.say_empty("no cues in this session");
}

void signal_quality(cairo_t* cr, const chart::Rect& r, const SessionFigures& f, int page,
                    Log* log) {
  FigureSpec spec;
  spec.title = "EMG signal quality and device gaps";
  spec.x_label = "session time (min)";
  spec.y_label = "steps with EMG quality ok (%)";
  spec.x = time_axis(f);
  spec.y = {0, 120, 20};  // room above 100 %, where good EMG sits
  spec.method =
      "per minute, the share of the side's rated steps whose EMG passed every check (not flat, "
      "clipped, drifting, mains-dominated or too strong; 1 s windows). Purple spans: a device "
      "without data or the recording interrupted (session events).";
  Plot p(cr, r, spec, page, log);
  for (const DeviceGap& g : f.gaps)
    chart::bar(p, (g.from_min + g.to_min) / 2, 0, 100,
               std::max(g.to_min - g.from_min, f.duration_min / 300), chart::kPurple);
  for (int side = 1; side >= 0; --side)
    p.legend(kSideName[side], kSide[side]);
  if (!f.gaps.empty()) p.legend("gap", chart::kPurple);
  for (int side = 0; side < 2; ++side) {
    chart::line(p, f.emg_ok_share[side].t_min, f.emg_ok_share[side].value, kSide[side]);
    chart::points(p, f.emg_ok_share[side].t_min, f.emg_ok_share[side].value, kSide[side], 1.8);
  }
  if (f.emg_ok_share[0].value.empty() && f.emg_ok_share[1].value.empty())
    p.say_empty("no EMG recorded");
}

}  // namespace stridecue::session_plots
