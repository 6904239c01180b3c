#include "report/stride_json.hpp"
#include "events/api_events.hpp"

#include <cmath>

namespace stridecue {

using Json = nlohmann::ordered_json;

// Dividing by a power of ten (not multiplying by its inverse) lands on the double nearest the
// decimal, which prints without a tail of digits.
double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

Json maybe(const std::optional<double>& value, int decimals) {
  return value ? Json(rounded(*value, decimals)) : Json(nullptr);
}

namespace {

Json muscle_json(const MuscleActivation& m) {
  return Json{
      {"channel", m.name},
      {"muscle", m.muscle},
      {"activation_v", maybe(m.activation_v, 9)},
      {"ratio", maybe(m.ratio, 3)},
      {"onset_ms", maybe(m.onset_ms, 1)},
      {"offset_ms", maybe(m.offset_ms, 1)},
      {"mdf_hz", maybe(m.mdf_hz, 1)},
      {"quality", to_string(m.quality)},
  };
}

}  // namespace

Json stride_json(const StrideRecord& s) {
  const MuscleActivation* g = s.gmed();
  Json muscles = Json::array();
  for (std::size_t i = 0; i < s.emg.count; ++i)
    muscles.push_back(muscle_json(s.emg.muscles[i]));
  return Json{
      {"stride", s.index},
      {"side", to_string(s.side)},
      {"side_from", to_string(s.side_evidence)},
      {"side_confidence", rounded(s.side_confidence, 3)},
      {"plate", to_string(s.plate)},
      {"contact_s", rounded(s.contact_s, 4)},
      {"toe_off_s", rounded(s.toe_off_s, 4)},
      {"contact_time_ms", rounded(s.contact_time_ms, 2)},
      {"step_time_ms", maybe(s.step_time_ms, 2)},
      {"stride_time_ms", maybe(s.stride_time_ms, 2)},
      {"peak_fz_n", rounded(s.peak_fz_n, 1)},
      {"peak_fz_bw", maybe(s.peak_fz_bw, 3)},
      {"peak_fz_ms", rounded(s.peak_fz_ms, 1)},
      {"cop_contact_x_m", maybe(s.cop_contact_x_m, 4)},
      {"cop_contact_y_m", maybe(s.cop_contact_y_m, 4)},
      {"strike", s.strike ? Json(to_string(*s.strike)) : Json(nullptr)},
      {"strike_index", maybe(s.strike_index, 3)},
      {"strike_confidence", rounded(s.strike_confidence, 3)},
      {"strike_decided_ms", maybe(s.strike_decided_ms, 1)},
      {"strike_early", s.strike_early ? Json(to_string(*s.strike_early)) : Json(nullptr)},
      {"strike_early_confidence",
       s.strike_early ? Json(rounded(s.strike_early_confidence, 3)) : Json(nullptr)},
      {"strike_overturned", s.strike_overturned},
      {"impact_peak_bw", maybe(s.impact_peak_bw, 3)},
      {"impact_peak_n", maybe(s.impact_peak_n, 1)},
      {"impact_peak_ms", maybe(s.impact_peak_ms, 1)},
      {"valr_bw_s", maybe(s.valr_bw_s, 2)},
      {"vilr_bw_s", maybe(s.vilr_bw_s, 2)},
      {"loading_rate_method", to_string(s.loading_rate_method)},
      {"glute_activation", g ? maybe(g->activation_v, 9) : Json(nullptr)},
      {"glute_ratio", g ? maybe(g->ratio, 3) : Json(nullptr)},
      {"glute_onset_ms", g ? maybe(g->onset_ms, 1) : Json(nullptr)},
      {"glute_offset_ms", g ? maybe(g->offset_ms, 1) : Json(nullptr)},
      {"glute_mdf_hz", g ? maybe(g->mdf_hz, 1) : Json(nullptr)},
      {"glute_drop", s.emg.glute_drop},
      {"emg_quality", g ? Json(to_string(g->quality)) : Json(nullptr)},
      {"muscles", muscles},
  };
}

nlohmann::json cue_json(const Cue& c, std::string_view word) {
  using Sorted = nlohmann::json;
  Sorted reason = {{"mode", to_string(c.reason.mode)},
                   {"misses", c.reason.misses},
                   {"window", c.reason.window},
                   {"feedback_share", c.reason.feedback_share}};
  if (c.reason.pattern) reason["strike"] = to_string(*c.reason.pattern);
  if (c.reason.strike_index) reason["strike_index"] = rounded(*c.reason.strike_index, 3);
  if (c.reason.glute_ratio) reason["glute_ratio"] = rounded(*c.reason.glute_ratio, 3);
  const CueReason& r = c.reason;
  if (r.valr_bw_s) reason["valr_bw_s"] = rounded(*r.valr_bw_s, 1);
  if (r.valr_limit_bw_s) reason["valr_limit_bw_s"] = rounded(*r.valr_limit_bw_s, 1);
  if (r.cadence_steps_min) reason["cadence_steps_min"] = rounded(*r.cadence_steps_min, 1);
  if (r.cadence_target_steps_min)
    reason["cadence_target_steps_min"] = rounded(*r.cadence_target_steps_min, 1);
  if (r.glute_onset_ms) reason["glute_onset_ms"] = rounded(*r.glute_onset_ms, 1);
  if (r.glute_onset_limit_ms) reason["glute_onset_limit_ms"] = rounded(*r.glute_onset_limit_ms, 1);
  Sorted event = Sorted{{"type", api_event::cue},
                        {"seq", c.seq},
                        {"kind", to_string(c.kind)},
                        {"side", to_string(c.side)},
                        {"output", to_string(c.output)},
                        {"contact_s", rounded(c.contact_s, 4)},
                        {"decided_s", rounded(c.decided_s, 4)},
                        {"why", describe(c)},
                        {"reason", reason}};
  if (!word.empty()) event["word"] = std::string(word);
  return event;
}

Json summary_json(const GaitSummary& g, const GaitEngine& engine, const CueCounts* cues) {
  Json per_side = Json::object();
  for (const Side side : {Side::left, Side::right}) {
    const SideTotals& t = g.side(side);
    Json shares = Json::object();
    for (const auto p :
         {StrikePattern::rearfoot, StrikePattern::midfoot, StrikePattern::forefoot}) {
      shares[std::string(to_string(p))] = maybe(t.share(p), 3);
    }
    per_side[std::string(to_string(side))] = {
        {"strides", t.strides},
        {"mean_contact_time_ms", maybe(t.mean_contact_time_ms(), 2)},
        {"mean_peak_fz_n", maybe(t.mean_peak_fz_n(), 1)},
        {"strike_share", shares},
        {"strikes_decided_by_deadline", t.decided_by_deadline},
        {"strikes_overturned", t.overturned},
        {"mean_strike_decided_ms", maybe(t.mean_decided_ms(), 1)},
        {"glute_baseline_v", maybe(engine.glute_baseline_v(side), 9)},
        {"glute_drop_strides", t.glute_drop_strides},
    };
  }
  const char* no_index = engine.strike_index_unavailable();
  const TreadmillLayout layout = engine.treadmill_layout();
  Json j = Json{
      {"summary",
       {{"treadmill", to_string(layout)},
        {"strides", {{"left", g.side(Side::left).strides}, {"right", g.side(Side::right).strides}}},
        {"cadence_steps_per_min", maybe(g.cadence_steps_per_min(), 2)},
        {"mean_contact_time_ms", maybe(g.mean_contact_time_ms(), 2)},
        {"duration_s", maybe(g.duration_s(), 3)},
        {"foot_length_m", rounded(engine.foot_length_m(), 3)},
        {"foot_length_from", to_string(engine.foot_length_source())},
        {"belt_speed_m_s", maybe(engine.belt_speed_m_s(), 3)},
        {"belt_speed_from", to_string(engine.belt_speed_source())},
        {"decision_deadline_ms", rounded(engine.settings().strike.decision_deadline_s * 1e3, 1)},
        {"strike_index_unavailable", no_index ? Json(no_index) : Json(nullptr)},
        {"sides", per_side}}}};
  if (cues) j["summary"]["cues"] = cue_counts_json(*cues);
  return j;
}

Json cue_counts_json(const CueCounts& counts) {
  Json j = Json::object();
  for (const CueKind kind : kCueKinds)
    j[std::string(to_string(kind))] = counts.of(kind);
  return j;
}

}  // namespace stridecue
