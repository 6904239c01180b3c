#include "report/progress_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "report/chart_text.hpp"
#include "report/progress_plots.hpp"
#include "report/report_layout.hpp"
#include "report/session_figures.hpp"

namespace stridecue {
namespace {

using report_layout::cell;
using report_layout::kLeft;
using report_layout::kWidth;
using report_layout::left_below;
using report_layout::take;
using Rows = std::vector<std::vector<std::string>>;
using Points = std::vector<ProgressPoint>;
namespace pp = progress_plots;

std::string share(double s) {
  return cell(s * 100, 0, "%");
}

Rows session_rows(const Points& p) {
  Rows rows{{"session", "date", "run (min)", "dose (s)", "steps", "cues", "on target L / R",
             "retention L / R"}};
  for (const ProgressPoint& q : p) {
    std::size_t cues = 0;
    for (const auto& [kind, n] : q.cues)
      cues += n;
    rows.push_back(
        {q.program ? fmt::format("{} ({} of {})", q.label, q.program->session, q.program->sessions)
                   : q.label,
         q.date, cell(q.running_min, 1), q.program ? cell(q.program->feedback_s, 0) : "–",
         std::to_string(q.steps[0] + q.steps[1]), std::to_string(cues),
         share(q.target_share[0]) + " / " + share(q.target_share[1]),
         share(q.target_share_retention[0]) + " / " + share(q.target_share_retention[1])});
  }
  return rows;
}

std::string runner_text(const ReportRunner& r) {
  std::string text = r.id;
  if (r.name) text += " (" + *r.name + ")";
  if (r.body_mass_kg) text += fmt::format(", {:.1f} kg", *r.body_mass_kg);
  if (r.affected_side) text += ", affected side " + *r.affected_side;
  if (r.program) text += ", program " + *r.program;
  return text;
}

}  // namespace

ReportDocument progress_report(const ReportRunner& runner,
                               const std::vector<SessionReportInput>& sessions) {
  auto points = std::make_shared<Points>();
  for (const SessionReportInput& in : sessions)
    points->push_back(progress_point(in, gather_session_figures(in)));
  ReportDocument doc;
  doc.title = fmt::format("Progress report: {}", runner.id);
  doc.subtitle =
      fmt::format("stridecue progress report · {} · {} sessions", runner.id, sessions.size());
  const std::string who = runner_text(runner);
  doc.pages.push_back({doc.title, [points, who](cairo_t* cr, double top, int page, pp::Log* log) {
                         top = chart::draw_paragraph(cr, kLeft, top, kWidth, "Runner: " + who, {8});
                         const Rows rows = session_rows(*points);
                         top = chart::draw_table(cr, kLeft, top - 4,
                                                 {60, 62, 52, 48, 45, 40, 95, 95}, rows, 7.2) +
                               8;
                         const double h = left_below(top) - 10;
                         pp::target_share(cr, take(top, h * 0.55), *points, page, log);
                         pp::dose(cr, take(top, left_below(top)), *points, page, log);
                       }});
  doc.pages.push_back(
      {"Foot strike and loading", [points](cairo_t* cr, double top, int page, pp::Log* log) {
         const double h = left_below(top) - 10;
         pp::strike_index(cr, take(top, h / 2), *points, page, log);
         pp::valr(cr, take(top, left_below(top)), *points, page, log);
       }});
  doc.pages.push_back({"Cadence, contact time and symmetry",
                       [points](cairo_t* cr, double top, int page, pp::Log* log) {
                         const double h = left_below(top) - 20;
                         pp::cadence(cr, take(top, h / 3), *points, page, log);
                         pp::contact_time(cr, take(top, h / 3), *points, page, log);
                         pp::symmetry(cr, take(top, left_below(top)), *points, page, log);
                       }});
  doc.pages.push_back({"Gluteus medius", [points](cairo_t* cr, double top, int page, pp::Log* log) {
                         const double h = left_below(top) - 10;
                         pp::glute_ratio(cr, take(top, h / 2), *points, page, log);
                         pp::glute_onset(cr, take(top, left_below(top)), *points, page, log);
                       }});
  doc.pages.push_back({"Cues, latency and signal quality",
                       [points](cairo_t* cr, double top, int page, pp::Log* log) {
                         const double h = left_below(top) - 20;
                         pp::cues(cr, take(top, h / 3), *points, page, log);
                         pp::latency(cr, take(top, h / 3), *points, page, log);
                         pp::signal_quality(cr, take(top, left_below(top)), *points, page, log);
                       }});
  return doc;
}

}  // namespace stridecue
