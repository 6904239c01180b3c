#include "report/session_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "report/chart_text.hpp"
#include "report/report_layout.hpp"
#include "report/report_statistics.hpp"
#include "report/session_figures.hpp"
#include "report/session_plots.hpp"

namespace stridecue {
namespace {

using report_layout::cell;
using report_layout::half;
using report_layout::kLeft;
using report_layout::kWidth;
using report_layout::left_below;
using report_layout::take;
using Rows = std::vector<std::vector<std::string>>;

std::string minutes_text(double min) {
  if (!std::isfinite(min)) return "–";
  const auto total = static_cast<long long>(std::llround(min * 60));
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

std::string percent(double share) {
  return cell(share * 100, 0, "%");
}

std::string runner_text(const ReportRunner& r) {
  std::string text = r.id.empty() ? "(not named)" : r.id;
  if (r.name) text += " (" + *r.name + ")";
  return text;
}

Rows facts(const SessionReportInput& in, const SessionFigures& f) {
  Rows rows{{"", ""}};
  std::string body;
  if (in.runner.body_mass_kg) body += fmt::format("{:.1f} kg", *in.runner.body_mass_kg);
  if (in.runner.foot_length_m)
    body += fmt::format("{}foot {:.3f} m", body.empty() ? "" : ", ", *in.runner.foot_length_m);
  if (in.runner.affected_side) body += ", affected side " + *in.runner.affected_side;
  rows.push_back({"runner", runner_text(in.runner) + (body.empty() ? "" : ": " + body)});
  rows.push_back({"session", in.session_number > 0 ? fmt::format("their session {}, started {} UTC",
                                                                 in.session_number, in.started_utc)
                                                   : in.source});
  if (f.program) {
    const ProgramPosition& p = *f.program;
    rows.push_back(
        {"program",
         fmt::format("{}session {} of {}: {} min planned, warm-up {:.0f} s, retention {:.0f} "
                     "s, feedback {:.0f} %{}",
                     in.runner.program ? *in.runner.program + ", " : "", p.session, p.sessions,
                     minutes_text(p.planned_s / 60), p.warmup_s, p.retention_s,
                     p.feedback_share * 100,
                     p.completed ? ", completed" : ", stopped before the plan's end")});
    rows.push_back({"dose", fmt::format("{:.0f} s of feedback (planned {:.0f} s)", p.feedback_s,
                                        p.planned_feedback_s)});
  } else {
    rows.push_back({"program", "none: cues as the settings say, the whole session"});
  }
  rows.push_back({"running time", minutes_text(f.duration_min) + " (min:s, data time)"});
  std::size_t cues = 0;
  std::string by_kind;
  for (const CueKindFigures& k : f.cues) {
    cues += k.t_min.size();
    if (!k.t_min.empty())
      by_kind += fmt::format("{}{} {}", by_kind.empty() ? "" : ", ", k.kind, k.t_min.size());
  }
  rows.push_back(
      {"steps", fmt::format("{} ({} left, {} right); cadence {} steps/min", f.steps[0] + f.steps[1],
                            f.steps[0], f.steps[1], cell(report_stats::mean(f.cadence.value), 1))});
  rows.push_back({"cues", fmt::format("{}{}", cues, by_kind.empty() ? "" : " (" + by_kind + ")")});
  if (f.heel_target_share > 0) {
    std::string heel;
    for (const auto& c : f.heel_classes)
      heel += (heel.empty() ? "" : " + ") + c;
    const std::array<double, 2> share{session_target_share(f, 0), session_target_share(f, 1)};
    rows.push_back({"target", fmt::format("at least {:.0f} % of steps not {}: this session left "
                                          "{}, right {}",
                                          f.heel_target_share * 100, heel, percent(share[0]),
                                          percent(share[1]))});
  }
  return rows;
}

Rows phase_rows(const SessionFigures& f) {
  Rows rows{{"phase", "from (min)", "to (min)", "steps", "cues", "target share left",
             "target share right"}};
  for (const PhaseSpan& p : f.phases) {
    rows.push_back({p.phase == "retention" ? "retention (no cues)" : p.phase,
                    minutes_text(p.from_min), minutes_text(p.to_min), std::to_string(p.steps),
                    std::to_string(p.cues), percent(p.target_share[0]),
                    percent(p.target_share[1])});
  }
  return rows;
}

Rows latency_rows(const SessionFigures& f) {
  Rows rows{{"cue kind", "cues", "contact→decision p50", "p99", "contact→sound p50", "p99"}};
  for (const CueKindFigures& k : f.cues) {
    rows.push_back(
        {k.kind, std::to_string(k.t_min.size()),
         cell(report_stats::quantile(k.decision_ms, 0.5), 1, "ms"),
         cell(report_stats::quantile(k.decision_ms, 0.99), 1, "ms"),
         k.sound_ms.empty() ? "not measured"
                            : cell(report_stats::quantile(k.sound_ms, 0.5), 1, "ms"),
         k.sound_ms.empty() ? "–" : cell(report_stats::quantile(k.sound_ms, 0.99), 1, "ms")});
  }
  return rows;
}

double draw_facts_table(cairo_t* cr, double top, const Rows& rows) {
  return chart::draw_table(cr, kLeft, top, {70, kWidth - 70}, rows, 7.5);
}

}  // namespace

ReportDocument session_report(const SessionReportInput& in) {
  auto f = std::make_shared<const SessionFigures>(gather_session_figures(in));
  auto input = std::make_shared<const SessionReportInput>(in);
  ReportDocument doc;
  const std::string who = runner_text(in.runner);
  doc.title = in.session_number > 0
                  ? fmt::format("Session report: {}, session {}", who, in.session_number)
                  : fmt::format("Session report: {}", in.source);
  doc.subtitle = fmt::format("stridecue session report · {} · {}", who, in.source);
  namespace sp = session_plots;

  doc.pages.push_back({doc.title, [f, input](cairo_t* cr, double top, int page, sp::Log* log) {
                         top = draw_facts_table(cr, top - 8, facts(*input, *f)) + 4;
                         if (!f->phases.empty()) {
                           top = chart::draw_table(cr, kLeft, top, {90, 60, 60, 50, 50, 100, 100},
                                                   phase_rows(*f), 7.5) +
                                 8;
                         }
                         const double h = left_below(top);
                         const chart::Rect shares = take(top, h * 0.52);
                         sp::strike_share(cr, half(shares, 0), *f, 0, page, log);
                         sp::strike_share(cr, half(shares, 1), *f, 1, page, log);
                         sp::strike_index(cr, take(top, left_below(top)), *f, page, log);
                       }});
  doc.pages.push_back(
      {"Loading rates and symmetry", [f](cairo_t* cr, double top, int page, sp::Log* log) {
         const double h = left_below(top) - 20;
         sp::loading_rate(cr, take(top, h * 0.36), *f, false, page, log);
         sp::loading_rate(cr, take(top, h * 0.34), *f, true, page, log);
         const chart::Rect last = take(top, left_below(top));
         sp::symmetry(cr, half(last, 0), *f, page, log);
         Rows rows{{"measure (mean)", "left", "right", "unit"}};
         for (const SymmetryRow& s : f->symmetry) {
           const int d = s.unit == "count" ? 0 : s.unit == "ms" || s.unit == "µV" ? 1 : 2;
           rows.push_back({s.measure, cell(s.left, d), cell(s.right, d), s.unit});
         }
         const chart::Rect t = half(last, 1);
         chart::draw_table(cr, t.x + 6, t.y + 14, {100, 40, 40, 70}, rows, 7);
       }});
  doc.pages.push_back(
      {"Cadence and contact time", [f](cairo_t* cr, double top, int page, sp::Log* log) {
         const double h = left_below(top) - 10;
         sp::cadence(cr, take(top, h / 2), *f, page, log);
         sp::contact_time(cr, take(top, left_below(top)), *f, page, log);
       }});
  doc.pages.push_back({"Gluteus medius", [f](cairo_t* cr, double top, int page, sp::Log* log) {
                         const double h = left_below(top) - 10;
                         sp::glute_ratio(cr, take(top, h / 2), *f, page, log);
                         sp::glute_onset(cr, take(top, left_below(top)), *f, page, log);
                       }});
  doc.pages.push_back(
      {"Cues, latencies, signal quality", [f](cairo_t* cr, double top, int page, sp::Log* log) {
         sp::cues_per_minute(cr, take(top, 230), *f, page, log);
         top = chart::draw_table(cr, kLeft, top - 6, {90, 40, 110, 60, 110, 60}, latency_rows(*f),
                                 7.5);
         std::string note =
             "contact→decision: from the contact to the sample that decided the cue (data "
             "time); contact→sound: that, plus the deciding block's receipt to the sound's "
             "onset in the audio device (host clock), where the daemon measured the sound — an "
             "estimate per cue, short of the daemon's own figure by at most the deciding "
             "sample's place in its block (the store keeps the receipt, not the contact, on "
             "the host clock).";
         if (f->contact_to_audio_p50_ms) {
           note +=
               fmt::format(" All cues, as the daemon measured them: p50 {:.1f} ms, p99 {:.1f} ms.",
                           *f->contact_to_audio_p50_ms, *f->contact_to_audio_p99_ms);
         }
         top = chart::draw_paragraph(cr, kLeft, top + 4, kWidth, note, {6.5, false, chart::kGrey}) +
               6;
         Rows gaps{{"gap from (min)", "to (min)", "what"}};
         for (const DeviceGap& g : f->gaps)
           gaps.push_back({minutes_text(g.from_min), minutes_text(g.to_min), g.what});
         if (f->gaps.empty())
           gaps.push_back({"none", "", "no device gap or recording interruption"});
         const double table_h =
             12 + 11 * static_cast<double>(std::min<std::size_t>(gaps.size(), 8));
         sp::signal_quality(cr, take(top, left_below(top) - table_h), *f, page, log);
         if (gaps.size() > 8) gaps.resize(8);
         chart::draw_table(cr, kLeft, top - 8, {80, 60, 300}, gaps, 7);
       }});
  return doc;
}

}  // namespace stridecue
