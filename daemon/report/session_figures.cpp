#include "report/session_figures.hpp"

#include <algorithm>
#include <cmath>

#include "events/api_events.hpp"
#include "report/report_statistics.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;
using report_stats::kNone;

constexpr const char* kClasses[3] = {"rearfoot", "midfoot", "forefoot"};

double number_or(const Json& j, const char* key, double fallback) {
  if (j.is_object() && j.contains(key) && j[key].is_number()) return j[key].get<double>();
  return fallback;
}

const Json& at_path(const Json& j, std::initializer_list<const char*> keys) {
  static const Json kNull;
  const Json* at = &j;
  for (const char* k : keys) {
    if (!at->is_object() || !at->contains(k)) return kNull;
    at = &(*at)[k];
  }
  return *at;
}

int side_of(const Json& j) {
  return j.value("side", std::string("left")) == "right" ? 1 : 0;
}

bool is_heel(const std::vector<std::string>& heel, const std::string& strike) {
  return std::find(heel.begin(), heel.end(), strike) != heel.end();
}

void read_settings(const Json& s, SessionFigures& f) {
  f.heel_target_share = number_or(at_path(s, {"cue"}), "heel_target_share", f.heel_target_share);
  const Json& classes = at_path(s, {"cue", "heel_classes"});
  if (classes.is_array()) {
    f.heel_classes.clear();
    for (const Json& c : classes)
      if (c.is_string()) f.heel_classes.push_back(c.get<std::string>());
  }
  f.rearfoot_max = number_or(at_path(s, {"strike"}), "rearfoot_max", f.rearfoot_max);
  f.forefoot_min = number_or(at_path(s, {"strike"}), "forefoot_min", f.forefoot_min);
  f.decision_deadline_ms =
      number_or(at_path(s, {"strike"}), "decision_deadline_s", f.decision_deadline_ms / 1e3) * 1e3;
  f.drop_ratio = number_or(at_path(s, {"glute", "baseline"}), "drop_ratio", f.drop_ratio);
  f.baseline_strides = static_cast<int>(
      number_or(at_path(s, {"glute", "baseline"}), "baseline_strides", f.baseline_strides));
}

void read_program(const Json& program, double began_s, SessionFigures& f) {
  if (!program.is_object()) return;
  ProgramPosition p;
  p.session = static_cast<int>(number_or(program, "session", 0));
  p.sessions = static_cast<int>(number_or(program, "sessions", 0));
  p.planned_s = number_or(program, "planned_s", 0);
  p.warmup_s = number_or(program, "warmup_s", 0);
  p.retention_s = number_or(program, "retention_s", 0);
  p.feedback_share = number_or(program, "feedback_share", 1);
  p.planned_feedback_s = number_or(program, "planned_feedback_s", 0);
  p.feedback_s = number_or(program, "feedback_s", 0);
  p.completed = program.value("completed", false);
  f.program = p;
  (void)began_s;
  const Json& phases = program["phases"];
  if (!phases.is_array()) return;
  for (const Json& ph : phases) {
    PhaseSpan span;
    span.phase = ph.value("phase", std::string("?"));
    span.from_min = number_or(ph, "from_s", 0) / 60;
    span.to_min = number_or(ph, "to_s", 0) / 60;
    f.phases.push_back(span);
  }
}

// Device gaps: a device lost until it resumed (the resume carries the gap), and the recording's
// own interruptions (the store's rows lost, the feedback went on).
void read_events(const std::vector<ReportEvent>& events, double began_s, SessionFigures& f) {
  std::map<std::string, double> lost_at;
  for (const ReportEvent& e : events) {
    const double t = (e.session_time_s - began_s) / 60;
    if (e.kind == "device") {
      const std::string what = e.data.value("event", std::string());
      const std::string device = e.data.value("device", std::string("device"));
      if (what == "lost") lost_at[device] = t;
      if (what == "resumed") {
        const double gap_min = number_or(e.data, "gap_s", 0) / 60;
        const double from = lost_at.count(device) ? lost_at[device] : t - gap_min;
        f.gaps.push_back({from, t, device + " without data"});
        lost_at.erase(device);
      }
    } else if (e.kind == "recording_resumed") {
      const double gap_min = number_or(e.data, "interrupted_s", 0) / 60;
      f.gaps.push_back({t - gap_min, t, "recording interrupted"});
    }
  }
  for (const auto& [device, from] : lost_at)  // never came back
    f.gaps.push_back({from, std::max(from, f.duration_min), device + " lost"});
}

}  // namespace

double target_share_of(const MinuteShares& shares, const std::vector<std::string>& heel_classes,
                       std::size_t minute) {
  double heel = 0;
  bool any = false;
  for (std::size_t c = 0; c < 3; ++c) {
    const double s = shares.share[c][minute];
    if (!std::isfinite(s)) continue;
    any = true;
    if (is_heel(heel_classes, kClasses[c])) heel += s;
  }
  return any ? 1 - heel : kNone;
}

double session_target_share(const SessionFigures& f, int side) {
  const MinuteShares& shares = f.strikes[static_cast<std::size_t>(side)];
  double n = 0, hits = 0;
  for (std::size_t b = 0; b < shares.minute.size(); ++b) {
    const double t = target_share_of(shares, f.heel_classes, b);
    if (!std::isfinite(t)) continue;
    n += shares.steps[b];
    hits += t * shares.steps[b];
  }
  return n > 0 ? hits / n : kNone;
}

SessionFigures gather_session_figures(const SessionReportInput& in) {
  SessionFigures f;
  read_settings(in.settings, f);
  const Json& summary = in.summary;
  const Json& gait = summary.contains("gait") ? summary["gait"] : summary;
  const double began_s = number_or(summary, "began_s", 0.0);
  const auto minutes = [&](double contact_s) { return (contact_s - began_s) / 60; };

  double last_min = number_or(summary, "session_s", 0.0) / 60;
  for (const Json& s : in.strides)
    last_min = std::max(last_min, minutes(number_or(s, "contact_s", 0)));
  f.duration_min = last_min;
  read_program(summary.value("program", Json()), began_s, f);

  const auto bins = static_cast<std::size_t>(std::max(1.0, std::ceil(last_min - 1e-9)));
  std::array<std::array<std::vector<double>, 3>, 2> class_counts;
  std::array<std::vector<double>, 2> classified, emg_rated, emg_ok;
  std::array<std::vector<double>, 2> contact_sum, contact_n;
  std::vector<double> steps_in_minute(bins, 0.0);
  for (int side = 0; side < 2; ++side) {
    for (auto& c : class_counts[side])
      c.assign(bins, 0.0);
    for (auto* v :
         {&classified[side], &emg_rated[side], &emg_ok[side], &contact_sum[side], &contact_n[side]})
      v->assign(bins, 0.0);
  }
  std::array<std::vector<double>, 2> contact_ms_steps, peak_bw, strike_idx, valr_all, glute_all;
  for (const Json& s : in.strides) {
    const int side = side_of(s);
    ++f.steps[side];
    const double t = minutes(number_or(s, "contact_s", 0));
    const auto bin = std::min(bins - 1, static_cast<std::size_t>(std::max(0.0, t)));
    steps_in_minute[bin] += 1;
    const std::string strike =
        s.value("strike", Json()).is_string() ? s["strike"].get<std::string>() : "";
    for (std::size_t c = 0; c < 3; ++c) {
      if (strike == kClasses[c]) {
        class_counts[side][c][bin] += 1;
        classified[side][bin] += 1;
      }
    }
    const double index = number_or(s, "strike_index", kNone);
    if (std::isfinite(index)) f.strike_index[side].push_back(index);
    strike_idx[side].push_back(index);
    const bool in_bw = s.contains("valr_bw_s") && s["valr_bw_s"].is_number();
    if (!in_bw && s.contains("valr_n_s") && s["valr_n_s"].is_number()) f.loading_rate_unit = "N/s";
    const double valr = in_bw ? s["valr_bw_s"].get<double>() : number_or(s, "valr_n_s", kNone);
    const double vilr = number_or(s, in_bw ? "vilr_bw_s" : "vilr_n_s", kNone);
    if (std::isfinite(valr)) {
      f.valr[side].t_min.push_back(t);
      f.valr[side].value.push_back(valr);
      f.vilr[side].t_min.push_back(t);
      f.vilr[side].value.push_back(vilr);
      const std::string method = s.value("loading_rate_method", Json()).is_string()
                                     ? s["loading_rate_method"].get<std::string>()
                                     : "unknown";
      ++f.loading_rate_methods[method];
    }
    valr_all[side].push_back(valr);
    const double contact = number_or(s, "contact_time_ms", kNone);
    contact_ms_steps[side].push_back(contact);
    if (std::isfinite(contact)) {
      contact_sum[side][bin] += contact;
      contact_n[side][bin] += 1;
    }
    peak_bw[side].push_back(number_or(s, "peak_fz_bw", kNone));
    const double ratio = number_or(s, "glute_ratio", kNone);
    if (std::isfinite(ratio)) {
      f.glute_pct[side].t_min.push_back(t);
      f.glute_pct[side].value.push_back(ratio * 100);
    }
    glute_all[side].push_back(number_or(s, "glute_activation", kNone) * 1e6);
    const double onset = number_or(s, "glute_onset_ms", kNone);
    if (std::isfinite(onset)) {
      f.glute_onset_ms[side].t_min.push_back(t);
      f.glute_onset_ms[side].value.push_back(onset);
    }
    if (s.value("glute_drop", false)) ++f.glute_drop_steps[side];
    if (s.contains("emg_quality") && s["emg_quality"].is_string()) {
      const std::string q = s["emg_quality"].get<std::string>();
      ++f.emg_quality_counts[q];
      if (q != "unknown") {
        emg_rated[side][bin] += 1;
        if (q == "ok") emg_ok[side][bin] += 1;
      }
    }
  }
  for (int side = 0; side < 2; ++side) {
    MinuteShares& m = f.strikes[side];
    for (std::size_t b = 0; b < bins; ++b) {
      m.minute.push_back(static_cast<double>(b));
      m.steps.push_back(classified[side][b]);
      for (std::size_t c = 0; c < 3; ++c) {
        m.share[c].push_back(
            classified[side][b] > 0 ? class_counts[side][c][b] / classified[side][b] : kNone);
      }
      const double mid = static_cast<double>(b) + 0.5;
      if (contact_n[side][b] > 0) {
        f.contact_ms[side].t_min.push_back(mid);
        f.contact_ms[side].value.push_back(contact_sum[side][b] / contact_n[side][b]);
      }
      if (emg_rated[side][b] > 0) {
        f.emg_ok_share[side].t_min.push_back(mid);
        f.emg_ok_share[side].value.push_back(emg_ok[side][b] / emg_rated[side][b] * 100);
      }
    }
  }
  // Cadence per minute: steps in a full minute; the last, partial minute scaled to its length.
  for (std::size_t b = 0; b < bins; ++b) {
    const double length = std::min(1.0, last_min - static_cast<double>(b));
    if (length < 0.25 || steps_in_minute[b] == 0) continue;  // too short to say
    f.cadence.t_min.push_back(static_cast<double>(b) + length / 2);
    f.cadence.value.push_back(steps_in_minute[b] / length);
  }

  using report_stats::mean;
  f.symmetry = {
      {"contact time", "ms", mean(contact_ms_steps[0]), mean(contact_ms_steps[1])},
      {"peak vertical force", "BW", mean(peak_bw[0]), mean(peak_bw[1])},
      {"strike index", "0 heel … 1 toe", mean(strike_idx[0]), mean(strike_idx[1])},
      {"VALR", f.loading_rate_unit, mean(valr_all[0]), mean(valr_all[1])},
      {"gluteus medius activation", "µV", mean(glute_all[0]), mean(glute_all[1])},
      {"steps", "count", static_cast<double>(f.steps[0]), static_cast<double>(f.steps[1])},
  };

  // Cues by kind, in the vocabulary's order; latencies from the stored figures.
  for (const CueKind kind : kCueKinds) {
    CueKindFigures k;
    k.kind = std::string(to_string(kind));
    for (const Json& c : in.cues) {
      if (c.value("kind", std::string()) != k.kind) continue;
      const double contact = number_or(c, "contact_s", kNone);
      const double decided = number_or(c, "decided_s", kNone);
      k.t_min.push_back(minutes(contact));
      k.decision_ms.push_back((decided - contact) * 1e3);
      // Contact → sound: the data's contact to the deciding sample, then the deciding block's
      // receipt to the sound's onset on the host clock (store: cues.receipt_to_audio_ns). The
      // block arrives once its last sample is in, so this falls short of the daemon's own
      // contact → audio (the contact put on the host clock by the source's pace) by at most a
      // block; the store keeps no per-cue contact time on the host clock.
      const double audio_ns = number_or(c, "receipt_to_audio_ns", kNone);
      if (std::isfinite(audio_ns)) k.sound_ms.push_back((decided - contact) * 1e3 + audio_ns / 1e6);
    }
    f.cues.push_back(std::move(k));
  }
  const Json& c2a = at_path(summary, {"latency", "contact_to_audio"});
  if (c2a.is_object() && c2a.contains("p50_us")) {
    f.contact_to_audio_p50_ms = number_or(c2a, "p50_us", 0) / 1e3;
    f.contact_to_audio_p99_ms = number_or(c2a, "p99_us", 0) / 1e3;
  }

  // Each phase's steps, cues and target share, counted here from the steps themselves.
  for (PhaseSpan& p : f.phases) {
    std::array<double, 2> n{}, heel{};
    for (const Json& s : in.strides) {
      const double t = minutes(number_or(s, "contact_s", 0));
      if (t < p.from_min || (t >= p.to_min && p.phase != "complete")) continue;
      ++p.steps;
      if (!s.contains("strike") || !s["strike"].is_string()) continue;
      n[side_of(s)] += 1;
      heel[side_of(s)] += is_heel(f.heel_classes, s["strike"].get<std::string>()) ? 1 : 0;
    }
    for (const Json& c : in.cues) {
      const double t = minutes(number_or(c, "contact_s", 0));
      if (t >= p.from_min && (t < p.to_min || p.phase == "complete")) ++p.cues;
    }
    for (int side = 0; side < 2; ++side)
      p.target_share[side] = n[side] > 0 ? 1 - heel[side] / n[side] : kNone;
  }
  (void)gait;
  read_events(in.events, began_s, f);
  return f;
}

}  // namespace stridecue
