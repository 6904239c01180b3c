#include "report/tidy_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <clocale>
#include <cmath>
#include <string>

namespace stridecue {
namespace {

using Json = nlohmann::ordered_json;

// The stride JSON's gluteus medius keys repeat its muscle's figures (gmed_*): one column each.
constexpr const char* kGluteDuplicates[] = {"glute_activation", "glute_ratio",  "glute_onset_ms",
                                            "glute_offset_ms",  "glute_mdf_hz", "emg_quality"};

bool is_glute_duplicate(const std::string& key) {
  return std::find(std::begin(kGluteDuplicates), std::end(kGluteDuplicates), key) !=
         std::end(kGluteDuplicates);
}

// A number scaled (V → µV, ratio → %), rounded to `decimals`; null stays null.
Json scaled(const Json& value, double factor, int decimals) {
  if (!value.is_number()) return nullptr;
  const double scale = std::pow(10.0, decimals);
  return std::round(value.get<double>() * factor * scale) / scale;
}

const Json& member(const Json& object, const char* key) {
  static const Json null_json;
  if (!object.is_object()) return null_json;
  const auto it = object.find(key);
  return it == object.end() ? null_json : *it;
}

// The stride JSON's keys, in its order, as step columns (report/stride_json.cpp stride_json).
constexpr const char* kStepColumns[] = {"step",
                                        "side",
                                        "side_from",
                                        "side_confidence",
                                        "plate",
                                        "contact_s",
                                        "toe_off_s",
                                        "contact_time_ms",
                                        "step_time_ms",
                                        "stride_time_ms",
                                        "peak_fz_n",
                                        "peak_fz_bw",
                                        "peak_fz_ms",
                                        "cop_contact_x_m",
                                        "cop_contact_y_m",
                                        "strike",
                                        "strike_index",
                                        "strike_confidence",
                                        "strike_decided_ms",
                                        "strike_early",
                                        "strike_early_confidence",
                                        "strike_overturned",
                                        "impact_peak_bw",
                                        "impact_peak_n",
                                        "impact_peak_ms",
                                        "valr_bw_s",
                                        "vilr_bw_s",
                                        "loading_rate_method",
                                        "glute_drop"};

// Each muscle's figures: the column suffix, the muscle JSON's key, and how it is scaled.
struct MuscleColumn {
  const char* suffix;
  const char* key;
  double factor;  // 0: the value as it is
  int decimals;
};
constexpr MuscleColumn kMuscleColumns[] = {
    {"_activation_uv", "activation_v", 1e6, 3},  // µV: what EMG amplitudes are read in
    {"_pct_of_baseline", "ratio", 100.0, 1},     // this muscle's baseline on this side
    {"_onset_ms", "onset_ms", 0.0, 0},
    {"_offset_ms", "offset_ms", 0.0, 0},
    {"_mdf_hz", "mdf_hz", 0.0, 0},
    {"_quality", "quality", 0.0, 0},
};

// The cue reason's keys that keep their name; "glute_ratio" becomes glute_pct_of_baseline.
constexpr const char* kReasonColumns[] = {"mode",
                                          "misses",
                                          "window",
                                          "feedback_share",
                                          "strike",
                                          "strike_index",
                                          "glute_pct_of_baseline",
                                          "valr_bw_s",
                                          "valr_limit_bw_s",
                                          "cadence_steps_min",
                                          "cadence_target_steps_min",
                                          "glute_onset_ms",
                                          "glute_onset_limit_ms"};

void flatten_into(Json& out, const std::string& prefix, const Json& value) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [k, v] : value.items())
      flatten_into(out, prefix + "_" + k, v);
  } else if (value.is_array() && !value.empty()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      flatten_into(out, prefix + "_" + std::to_string(i), value[i]);
  } else if (value.is_object() || value.is_array()) {
    out[prefix] = nullptr;
  } else {
    out[prefix] = value;
  }
}

}  // namespace

std::optional<CsvStyle> CsvStyle::excel(std::string_view decimal) {
  CsvStyle style;
  style.byte_order_mark = true;
  if (decimal == "locale") {
    // The C library's view of the user's LC_NUMERIC, put back to "C" at once: fmt and the JSON
    // writer must keep writing decimal points.
    const char* before = std::setlocale(LC_NUMERIC, nullptr);
    const std::string saved = before ? before : "C";
    if (std::setlocale(LC_NUMERIC, "")) {
      const std::lconv* conv = std::localeconv();
      style.decimal_comma = conv && conv->decimal_point && conv->decimal_point[0] == ',';
    }
    std::setlocale(LC_NUMERIC, saved.c_str());
  } else if (decimal == "comma") {
    style.decimal_comma = true;
  } else if (decimal != "point") {
    return std::nullopt;
  }
  if (style.decimal_comma) style.delimiter = ';';
  return style;
}

std::string plain_number(double value) {
  if (!std::isfinite(value)) return "";  // a CSV cell has no NaN: empty, as a missing value
  std::string text = fmt::format("{}", value);
  if (text.find_first_of("eE") == std::string::npos) return text;
  // The shortest round trip took an exponent: as many fixed decimals as it had digits.
  for (int decimals = 1; decimals <= 340; ++decimals) {
    std::string fixed = fmt::format("{:.{}f}", value, decimals);
    if (std::stod(fixed) == value) return fixed;
  }
  return fmt::format("{:f}", value);
}

std::string csv_text(std::string_view text, const CsvStyle& style) {
  if (text.find_first_of(std::string{style.delimiter, '"', '\r', '\n'}) == std::string::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

std::string csv_cell(const Json& value, const CsvStyle& style) {
  if (value.is_null()) return "";
  if (value.is_string()) return csv_text(value.get_ref<const std::string&>(), style);
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) {
    std::string text = value.is_number_float() ? plain_number(value.get<double>()) : value.dump();
    if (style.decimal_comma) std::replace(text.begin(), text.end(), '.', ',');
    return text;
  }
  // An object or array has no cell of its own: the tidy_* functions flatten them first.
  return csv_text(value.dump(), style);
}

std::string csv_header(const std::vector<std::string>& columns, const CsvStyle& style) {
  std::string line;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c) line += style.delimiter;
    line += csv_text(columns[c], style);
  }
  return line + '\n';
}

std::string csv_row(const std::vector<std::string>& columns, const Json& row,
                    const CsvStyle& style) {
  std::string line;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c) line += style.delimiter;
    line += csv_cell(member(row, columns[c].c_str()), style);
  }
  return line + '\n';
}

std::string muscle_column_prefix(std::string_view muscle, std::string_view channel) {
  return std::string(muscle.empty() ? channel : muscle);
}

Json tidy_step(const Json& stride) {
  Json out = Json::object();
  for (const auto& [key, value] : stride.items()) {
    if (key == "stride") {
      out["step"] = value;  // one foot contact: a step (two make a stride)
    } else if (key == "muscles") {
      for (const Json& m : value) {
        std::string prefix = muscle_column_prefix(
            member(m, "muscle").is_string() ? m["muscle"].get<std::string>() : std::string(),
            member(m, "channel").is_string() ? m["channel"].get<std::string>()
                                             : std::string("emg"));
        // Two channels of one muscle on a side: the second by its channel's name.
        if (out.contains(prefix + kMuscleColumns[0].suffix) && m.contains("channel")) {
          prefix = m["channel"].get<std::string>();
        }
        for (const MuscleColumn& c : kMuscleColumns) {
          const Json& v = member(m, c.key);
          out[prefix + c.suffix] = c.factor != 0.0 ? scaled(v, c.factor, c.decimals) : v;
        }
      }
    } else if (is_glute_duplicate(key)) {
      continue;
    } else if (value.is_object() || value.is_array()) {
      flatten_into(out, key, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

std::vector<std::string> step_columns(const std::vector<std::string>& muscles, bool with_markers) {
  std::vector<std::string> columns(std::begin(kStepColumns), std::end(kStepColumns));
  for (const std::string& m : muscles) {
    for (const MuscleColumn& c : kMuscleColumns)
      columns.push_back(m + c.suffix);
  }
  if (with_markers) {
    columns.emplace_back("fsa_deg");
    columns.emplace_back("fsa_strike");
  }
  return columns;
}

Json tidy_cue(const Json& cue) {
  Json out = Json::object();
  for (const char* key : {"seq", "kind", "side", "contact_s", "decided_s"})
    out[key] = member(cue, key);
  const Json& contact = member(cue, "contact_s");
  const Json& decided = member(cue, "decided_s");
  out["decision_ms"] =
      contact.is_number() && decided.is_number()
          ? Json(std::round((decided.get<double>() - contact.get<double>()) * 1e4) / 10.0)
          : Json(nullptr);
  for (const char* key : {"receipt_to_decision_ns", "receipt_to_audio_ns"}) {
    if (cue.contains(key)) out[key] = cue[key];
  }
  out["why"] = member(cue, "why");
  for (const char* key : kReasonColumns)
    out[key] = nullptr;
  for (const auto& [key, value] : member(cue, "reason").items()) {
    if (key == "glute_ratio") {
      out["glute_pct_of_baseline"] = scaled(value, 100.0, 1);
    } else if (std::find_if(std::begin(kReasonColumns), std::end(kReasonColumns),
                            [&](const char* k) { return key == k; }) != std::end(kReasonColumns)) {
      out[key] = value;
    } else {
      flatten_into(out, "reason_" + key, value);  // a reason added since: not lost
    }
  }
  for (const auto& [key, value] : cue.items()) {  // keys added since, after the known ones
    if (key != "type" && key != "reason" && !out.contains(key)) flatten_into(out, key, value);
  }
  return out;
}

std::vector<std::string> cue_columns(bool with_latency) {
  std::vector<std::string> columns = {"seq",       "kind",      "side",
                                      "contact_s", "decided_s", "decision_ms"};
  if (with_latency) {
    columns.emplace_back("receipt_to_decision_ns");
    columns.emplace_back("receipt_to_audio_ns");
  }
  columns.emplace_back("why");
  columns.insert(columns.end(), std::begin(kReasonColumns), std::end(kReasonColumns));
  return columns;
}

std::vector<Json> tidy_summary(const Json& summary_object) {
  const Json& s = summary_object.contains("summary") ? summary_object["summary"] : summary_object;
  const Json& sides = member(s, "sides");
  const Json& cues = member(s, "cues");
  const Json& fsa = member(summary_object, "foot_strike_angle");
  std::vector<Json> rows;
  std::int64_t steps = 0;
  for (const char* side : {"left", "right", "all"}) {
    const bool all = std::string_view(side) == "all";
    const Json& t = all ? Json() : member(sides, side);
    Json row = Json::object();
    row["side"] = side;
    if (all) {
      row["steps"] = steps;
    } else {
      row["steps"] = member(t, "strides");
      if (row["steps"].is_number_integer()) steps += row["steps"].get<std::int64_t>();
    }
    row["cadence_steps_per_min"] = all ? member(s, "cadence_steps_per_min") : Json();
    row["mean_contact_time_ms"] = member(all ? s : t, "mean_contact_time_ms");
    row["mean_peak_fz_n"] = member(t, "mean_peak_fz_n");
    for (const char* p : {"rearfoot", "midfoot", "forefoot"})
      row[std::string(p) + "_pct"] = scaled(member(member(t, "strike_share"), p), 100.0, 1);
    row["strikes_decided_by_deadline"] = member(t, "strikes_decided_by_deadline");
    row["strikes_overturned"] = member(t, "strikes_overturned");
    row["mean_strike_decided_ms"] = member(t, "mean_strike_decided_ms");
    row["glute_baseline_uv"] = scaled(member(t, "glute_baseline_v"), 1e6, 3);
    row["glute_drop_steps"] = member(t, "glute_drop_strides");
    row["duration_s"] = all ? member(s, "duration_s") : Json();
    // The trial's settings on every row: each row reads on its own.
    for (const char* key : {"treadmill", "foot_length_m", "foot_length_from", "belt_speed_m_s",
                            "belt_speed_from", "decision_deadline_ms", "strike_index_unavailable"})
      row[key] = member(s, key);
    if (cues.is_object()) {
      for (const auto& [kind, n] : cues.items())
        row["cues_" + kind] = all ? n : Json();
    }
    if (fsa.is_object()) {
      for (const char* key :
           {"compared", "agreed", "agreement_pct", "near_boundary", "without_angle"})
        row[std::string("fsa_") + key] = all ? member(fsa, key) : Json();
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> summary_columns(const std::vector<Json>& rows) {
  std::vector<std::string> columns;
  if (rows.empty()) return columns;
  for (const auto& [key, value] : rows.front().items())
    columns.push_back(key);
  return columns;
}

}  // namespace stridecue
