#include "report/progress_points.hpp"

#include <cmath>

#include "report/report_statistics.hpp"

namespace stridecue {
namespace {

using report_stats::kNone;
using report_stats::quantile;

Spread spread(const std::vector<double>& v) {
  return {quantile(v, 0.25), quantile(v, 0.5), quantile(v, 0.75)};
}

double phase_share(const SessionFigures& f, const char* phase, int side) {
  for (const PhaseSpan& p : f.phases)
    if (p.phase == phase) return p.target_share[side];
  return kNone;
}

}  // namespace

ProgressPoint progress_point(const SessionReportInput& in, const SessionFigures& f) {
  ProgressPoint p;
  p.label = in.session_number > 0 ? std::to_string(in.session_number) : "?";
  p.date = in.started_utc.substr(0, 10);
  p.running_min = f.duration_min;
  p.program = f.program;
  p.steps = f.steps;
  p.heel_target_share = f.heel_target_share;
  p.heel_classes = f.heel_classes;
  p.drop_ratio = f.drop_ratio;
  std::array<std::vector<double>, 2> contact;
  for (int side = 0; side < 2; ++side) {
    p.target_share[side] = session_target_share(f, side);
    p.target_share_feedback[side] = phase_share(f, "feedback", side);
    p.target_share_retention[side] = phase_share(f, "retention", side);
    p.strike_index[side] = spread(f.strike_index[side]);
    p.valr[side] = spread(f.valr[side].value);
    p.contact_ms[side] = spread(f.contact_ms[side].value);
    p.glute_pct[side] = spread(f.glute_pct[side].value);
    p.onset_ms[side] = spread(f.glute_onset_ms[side].value);
    p.drop_share[side] = f.steps[side] > 0 ? static_cast<double>(f.glute_drop_steps[side]) /
                                                 static_cast<double>(f.steps[side]) * 100
                                           : kNone;
    p.emg_ok_pct[side] = report_stats::mean(f.emg_ok_share[side].value);
  }
  p.cadence = report_stats::mean(f.cadence.value);
  for (const SymmetryRow& row : f.symmetry) {
    if (row.measure == "contact time")
      p.contact_si_pct = report_stats::symmetry_index_pct(row.left, row.right);
    if (row.measure == "peak vertical force")
      p.peak_si_pct = report_stats::symmetry_index_pct(row.left, row.right);
  }
  std::vector<double> decision, sound;
  for (const CueKindFigures& k : f.cues) {
    p.cues.emplace_back(k.kind, k.t_min.size());
    decision.insert(decision.end(), k.decision_ms.begin(), k.decision_ms.end());
    sound.insert(sound.end(), k.sound_ms.begin(), k.sound_ms.end());
  }
  p.decision_p50_ms = quantile(decision, 0.5);
  p.decision_p99_ms = quantile(decision, 0.99);
  if (!sound.empty()) {
    p.sound_p50_ms = quantile(sound, 0.5);
    p.sound_p99_ms = quantile(sound, 0.99);
  }
  p.gaps = f.gaps.size();
  for (const DeviceGap& g : f.gaps)
    p.gap_min += g.to_min - g.from_min;
  return p;
}

}  // namespace stridecue
