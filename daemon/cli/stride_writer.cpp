#include "cli/stride_writer.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace stridecue {
namespace {

using Json = nlohmann::ordered_json;

// Rounded to what the measurement supports, so that outputs read well and diff cleanly.
// Dividing by a power of ten (not multiplying by its inverse) lands on the double nearest the
// decimal, which prints without a tail of digits.
double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

Json maybe(const std::optional<double>& value, int decimals) {
  return value ? Json(rounded(*value, decimals)) : Json(nullptr);
}

std::string cell(const std::optional<double>& value, int decimals) {
  return value ? fmt::format("{:.{}f}", *value, decimals) : std::string("-");
}

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

Json stride_json(const StrideRecord& s) {
  const MuscleActivation* g = s.gmed();
  Json muscles = Json::array();
  for (std::size_t i = 0; i < s.emg.count; ++i)
    muscles.push_back(muscle_json(s.emg.muscles[i]));
  return Json{
      {"stride", s.index},
      {"side", to_string(s.side)},
      {"side_from", to_string(s.side_evidence)},
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

Json summary_json(const GaitSummary& g, const GaitEngine& engine) {
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
        {"strikes_decided_early", t.decided_early},
        {"mean_strike_decided_ms", maybe(t.mean_decided_ms(), 1)},
        {"glute_baseline_v", maybe(engine.glute_baseline_v(side), 9)},
        {"glute_drop_strides", t.glute_drop_strides},
    };
  }
  const char* no_index = engine.strike_index_unavailable();
  const TreadmillLayout layout = engine.treadmill_layout();
  return Json{
      {"summary",
       {{"treadmill", to_string(layout)},
        {"strides", {{"left", g.side(Side::left).strides}, {"right", g.side(Side::right).strides}}},
        {"cadence_steps_per_min", maybe(g.cadence_steps_per_min(), 2)},
        {"mean_contact_time_ms", maybe(g.mean_contact_time_ms(), 2)},
        {"duration_s", maybe(g.duration_s(), 3)},
        {"foot_length_m", rounded(engine.foot_length_m(), 3)},
        {"foot_length_from", to_string(engine.foot_length_source())},
        {"strike_index_unavailable", no_index ? Json(no_index) : Json(nullptr)},
        {"sides", per_side}}}};
}

class JsonWriter final : public StrideWriter {
 public:
  explicit JsonWriter(std::FILE* out) : StrideWriter(out) {}
  void write(const StrideRecord& s) override {
    fmt::print(out_, "{}\n", stride_json(s).dump());
    std::fflush(out_);
  }
  void finish(const GaitEngine& engine) override {
    fmt::print(out_, "{}\n", summary_json(summary_, engine).dump());
  }
};

class CsvWriter final : public StrideWriter {
 public:
  explicit CsvWriter(std::FILE* out) : StrideWriter(out) {}
  void write(const StrideRecord& s) override {
    const Json j = stride_json(s);
    if (!header_written_) {
      std::string header;
      for (const auto& [key, value] : j.items())
        header += (header.empty() ? "" : ",") + key;
      fmt::print(out_, "{}\n", header);
      header_written_ = true;
    }
    std::string row;
    bool first = true;
    for (const auto& [key, value] : j.items()) {
      if (!first) row += ',';
      first = false;
      if (value.is_string()) {
        row += value.get<std::string>();
      } else if (!value.is_null()) {
        row += value.dump();
      }
    }
    fmt::print(out_, "{}\n", row);
  }
  void finish(const GaitEngine& engine) override {
    // CSV readers skip '#' lines; the summary stays with the strides it summarises.
    fmt::print(out_, "# {}\n", summary_json(summary_, engine).dump());
  }

 private:
  bool header_written_ = false;
};

class TableWriter final : public StrideWriter {
 public:
  explicit TableWriter(std::FILE* out) : StrideWriter(out) {}
  // The gluteus medius ratio to baseline, its activation (µV) before the baseline exists, or a
  // quality flag when the signal is not usable.
  static std::string glute_cell(const StrideRecord& s) {
    const MuscleActivation* g = s.gmed();
    if (!g) return "-";
    if (g->quality != EmgQualityFlags::none && g->quality != EmgQualityFlags::unknown) {
      return to_string(g->quality);
    }
    if (g->ratio) return fmt::format("{:.2f}", *g->ratio);
    return g->activation_v ? fmt::format("{:.0f}uV", *g->activation_v * 1e6) : "-";
  }

  void write(const StrideRecord& s) override {
    const MuscleActivation* g = s.gmed();
    if (s.index % 20 == 0) {
      fmt::print(out_,
                 "{:>6} {:<5} {:>9} {:>10} {:>7} {:>7} {:>7}  {:<8} {:>5} {:>5} {:>7} {:>6} "
                 "{:>6} {:>7}\n",
                 "stride", "side", "contact_s", "contact_ms", "step_ms", "peak_BW", "impact",
                 "strike", "index", "conf", "decided", "VALR", "glute", "onset");
    }
    fmt::print(out_,
               "{:>6} {:<5} {:>9.3f} {:>10.1f} {:>7} {:>7} {:>7}  {:<8} {:>5} {:>5.2f} {:>7} "
               "{:>6} {:>6} {:>7}{}\n",
               s.index, to_string(s.side), s.contact_s, s.contact_time_ms, cell(s.step_time_ms, 1),
               cell(s.peak_fz_bw, 2), cell(s.impact_peak_bw, 2),
               s.strike ? to_string(*s.strike) : "-", cell(s.strike_index, 2), s.strike_confidence,
               s.strike_decided_ms ? fmt::format("{:.0f}ms", *s.strike_decided_ms) : "-",
               cell(s.valr_bw_s, 0), glute_cell(s),
               g && g->onset_ms ? fmt::format("{:.0f}ms", *g->onset_ms) : "-",
               s.emg.glute_drop ? "  HIPS TIRING" : "");
    std::fflush(out_);
  }
  void finish(const GaitEngine& engine) override {
    const GaitSummary& g = summary_;
    fmt::print(out_,
               "\n{} strides ({} left, {} right), {} layout; cadence {} steps/min; "
               "mean contact time {} ms (left {}, right {})\n",
               g.strides(), g.side(Side::left).strides, g.side(Side::right).strides,
               to_string(engine.treadmill_layout()), cell(g.cadence_steps_per_min(), 1),
               cell(g.mean_contact_time_ms(), 1),
               cell(g.side(Side::left).mean_contact_time_ms(), 1),
               cell(g.side(Side::right).mean_contact_time_ms(), 1));
    for (const Side side : {Side::left, Side::right}) {
      const SideTotals& t = g.side(side);
      const auto pct = [&](StrikePattern p) {
        const auto share = t.share(p);
        return share ? fmt::format("{:.0f}", 100.0 * *share) : std::string("-");
      };
      fmt::print(out_,
                 "{:<5} strikes: rearfoot {}%, midfoot {}%, forefoot {}%; decided {} ms after "
                 "contact on average\n",
                 to_string(side), pct(StrikePattern::rearfoot), pct(StrikePattern::midfoot),
                 pct(StrikePattern::forefoot), cell(t.mean_decided_ms(), 0));
      if (const auto baseline = engine.glute_baseline_v(side)) {
        fmt::print(out_, "{:<5} gluteus medius: baseline {:.1f} uV, hips tiring on {} strides\n",
                   to_string(side), *baseline * 1e6, t.glute_drop_strides);
      }
    }
    if (const char* why = engine.strike_index_unavailable()) {
      fmt::print(out_, "no strike index: {}; strikes classified from the force alone\n", why);
    } else {
      fmt::print(out_, "foot length {:.3f} m ({})\n", engine.foot_length_m(),
                 to_string(engine.foot_length_source()));
    }
  }
};

}  // namespace

std::optional<StrideFormat> stride_format_from_string(std::string_view s) {
  if (s == "table") return StrideFormat::table;
  if (s == "json") return StrideFormat::json;
  if (s == "csv") return StrideFormat::csv;
  return std::nullopt;
}

std::unique_ptr<StrideWriter> StrideWriter::create(StrideFormat format, std::FILE* out) {
  switch (format) {
    case StrideFormat::table: return std::make_unique<TableWriter>(out);
    case StrideFormat::json: return std::make_unique<JsonWriter>(out);
    case StrideFormat::csv: return std::make_unique<CsvWriter>(out);
  }
  return std::make_unique<TableWriter>(out);
}

}  // namespace stridecue
