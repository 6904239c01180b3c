#include "cli/stride_writer.hpp"

#include "report/stride_json.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace stridecue {
namespace {

using Json = nlohmann::ordered_json;

std::string cell(const std::optional<double>& value, int decimals) {
  return value ? fmt::format("{:.{}f}", *value, decimals) : std::string("-");
}

constexpr const char* kNoStrike = "-";

// The stride's JSON with the marker angle added (fsa_deg, fsa_strike: null without an angle).
Json stride_with_angle(const StrideRecord& s, const FootStrikeAngle* angle, bool with_reason) {
  Json j = stride_json(s);
  if (angle) {
    j["fsa_deg"] = maybe(angle->fsa_deg, 2);
    j["fsa_strike"] = angle->strike ? Json(std::string(to_string(*angle->strike))) : Json();
    if (with_reason && !angle->fsa_deg) j["fsa_missing"] = angle->missing;
  }
  return j;
}

const char* kClassNames[4] = {"rearfoot", "midfoot", "forefoot", nullptr};

// The force × marker agreement as JSON, for the summary.
Json agreement_json(const FootStrikeAngles& angles, const FootStrikeAgreement& a) {
  Json table = Json::object();
  for (int force = 0; force < 4; ++force) {
    Json row = Json::object();
    for (int markers = 0; markers < 4; ++markers)
      row[markers < 3 ? kClassNames[markers] : "no_angle"] = a.counts[force][markers];
    table[force < 3 ? kClassNames[force] : "unclassified"] = row;
  }
  Json j = Json::object();
  j["reference"] = "Altman & Davis 2012: rearfoot > 8 deg, forefoot < -1.6 deg";
  j["markers"] = angles.describe();
  j["standing_deg"] = {{"left", rounded(angles.standing_deg(Side::left), 2)},
                       {"right", rounded(angles.standing_deg(Side::right), 2)}};
  j["force_by_markers"] = table;
  j["compared"] = a.compared();
  j["agreed"] = a.agreed();
  j["agreement_pct"] = maybe(a.agreement_pct(), 1);
  j["near_boundary"] = a.near_boundary;
  j["boundary_margin_deg"] = FootStrikeAgreement::boundary_margin_deg;
  j["without_angle"] = a.without_angle();
  return j;
}

class JsonWriter final : public StrideWriter {
 public:
  explicit JsonWriter(std::FILE* out) : StrideWriter(out) {}
  void write(const StrideRecord& s, const FootStrikeAngle* angle) override {
    fmt::print(out_, "{}\n", stride_with_angle(s, angle, true).dump());
    std::fflush(out_);
  }
  void on_cue(const Cue& cue) override {
    fmt::print(out_, "{}\n", worded_cue_json(cue).dump());
    std::fflush(out_);
  }
  void finish(const GaitEngine& engine, const CueCounts* cues) override {
    Json j = summary_json(summary_, engine, cues);
    if (foot_strike_) j["foot_strike_angle"] = agreement_json(*foot_strike_, agreement_);
    fmt::print(out_, "{}\n", j.dump());
  }
};

class CsvWriter final : public StrideWriter {
 public:
  explicit CsvWriter(std::FILE* out) : StrideWriter(out) {}
  void write(const StrideRecord& s, const FootStrikeAngle* angle) override {
    const Json j = stride_with_angle(s, angle, false);
    if (!header_written_) {
      std::string header;
      for (const auto& [key, value] : j.items())
        header += (header.empty() ? "" : ",") + key;
      fmt::print(out_, "{}\n", header);
      header_written_ = true;
      write_waiting_cues();
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
  // CSV readers skip '#' lines: the cues stay beside the strides without breaking the table.
  // The header comes first, so a cue decided before the first stride's record waits for it.
  void on_cue(const Cue& cue) override {
    std::string line = fmt::format("# {}\n", worded_cue_json(cue).dump());
    if (header_written_) {
      fmt::print(out_, "{}", line);
    } else {
      before_header_.push_back(std::move(line));
    }
  }
  void finish(const GaitEngine& engine, const CueCounts* cues) override {
    write_waiting_cues();
    // CSV readers skip '#' lines; the summary stays with the strides it summarises.
    Json j = summary_json(summary_, engine, cues);
    if (foot_strike_) j["foot_strike_angle"] = agreement_json(*foot_strike_, agreement_);
    fmt::print(out_, "# {}\n", j.dump());
  }

 private:
  void write_waiting_cues() {
    for (const auto& line : before_header_)
      fmt::print(out_, "{}", line);
    before_header_.clear();
  }

  bool header_written_ = false;
  std::vector<std::string> before_header_;
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

  void write(const StrideRecord& s, const FootStrikeAngle* angle) override {
    const MuscleActivation* g = s.gmed();
    if (s.index % 20 == 0) {
      fmt::print(out_,
                 "{:>6} {:<5} {:>9} {:>10} {:>7} {:>7} {:>7}  {:<8} {:>5} {:>5} {:>7} {:>6} "
                 "{:>6} {:>7}{}\n",
                 "stride", "side", "contact_s", "contact_ms", "step_ms", "peak_BW", "impact",
                 "strike", "index", "conf", "decided", "VALR", "glute", "onset",
                 angle ? fmt::format(" {:>6}  {:<8}", "fsa", "fsa_strike") : std::string());
    }
    const std::string fsa = angle
                                ? fmt::format(" {:>6}  {:<8}", cell(angle->fsa_deg, 1),
                                              angle->strike ? to_string(*angle->strike) : kNoStrike)
                                : std::string();
    fmt::print(out_,
               "{:>6} {:<5} {:>9.3f} {:>10.1f} {:>7} {:>7} {:>7}  {:<8} {:>5} {:>5.2f} {:>7} "
               "{:>6} {:>6} {:>7}{}{}\n",
               s.index, to_string(s.side), s.contact_s, s.contact_time_ms, cell(s.step_time_ms, 1),
               cell(s.peak_fz_bw, 2), cell(s.impact_peak_bw, 2),
               s.strike ? to_string(*s.strike) : "-", cell(s.strike_index, 2), s.strike_confidence,
               s.strike_decided_ms ? fmt::format("{:.0f}ms", *s.strike_decided_ms) : "-",
               cell(s.valr_bw_s, 0), glute_cell(s),
               g && g->onset_ms ? fmt::format("{:.0f}ms", *g->onset_ms) : "-", fsa,
               s.emg.glute_drop ? "  HIPS TIRING" : "");
    std::fflush(out_);
  }
  void on_cue(const Cue& cue) override {
    fmt::print(out_, "{}\n", cue_line(cue));
    std::fflush(out_);
  }
  void finish(const GaitEngine& engine, const CueCounts* cues) override {
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
                 "contact on average, {} of {} by the {:.0f} ms deadline ({} overturned by the "
                 "whole stance)\n",
                 to_string(side), pct(StrikePattern::rearfoot), pct(StrikePattern::midfoot),
                 pct(StrikePattern::forefoot), cell(t.mean_decided_ms(), 0), t.decided_by_deadline,
                 t.strides, engine.settings().strike.decision_deadline_s * 1e3, t.overturned);
      if (const auto baseline = engine.glute_baseline_v(side)) {
        fmt::print(out_, "{:<5} gluteus medius: baseline {:.1f} uV, hips tiring on {} strides\n",
                   to_string(side), *baseline * 1e6, t.glute_drop_strides);
      }
    }
    if (const char* why = engine.strike_index_unavailable()) {
      fmt::print(out_, "no strike index: {}; strikes classified from the force alone\n", why);
    } else {
      fmt::print(out_, "foot length {:.3f} m ({})", engine.foot_length_m(),
                 to_string(engine.foot_length_source()));
      if (const auto belt = engine.belt_speed_m_s()) {
        fmt::print(out_, "; belt speed {:.2f} m/s ({}{})", *belt,
                   to_string(engine.belt_speed_source()),
                   engine.belt_speed_source() == BeltSpeedSource::estimated
                       ? fmt::format(" from the COP, ±{:.2f}", engine.belt_speed_sd_m_s())
                       : std::string());
      }
      fmt::print(out_, "\n");
    }
    if (cues) {
      fmt::print(
          out_, "cues: {} heel-strike, {} hips, {} loading-rate, {} cadence, {} glute-onset\n",
          cues->heel_strike, cues->hips, cues->loading_rate, cues->cadence, cues->glute_onset);
    }
    if (foot_strike_) write_agreement();
  }

 private:
  void write_agreement() {
    const FootStrikeAgreement& a = agreement_;
    fmt::print(out_,
               "\nfoot-strike angle from markers (Altman & Davis 2012: rearfoot > 8°, forefoot "
               "< -1.6°)\n  {}\n",
               foot_strike_->describe());
    fmt::print(out_, "  {:<14} {:>9} {:>8} {:>9} {:>9}\n", "force \\ markers", "rearfoot",
               "midfoot", "forefoot", "no angle");
    for (int force = 0; force < 4; ++force) {
      fmt::print(out_, "  {:<14} {:>9} {:>8} {:>9} {:>9}\n",
                 force < 3 ? kClassNames[force] : "unclassified", a.counts[force][0],
                 a.counts[force][1], a.counts[force][2], a.counts[force][3]);
    }
    const auto pct = a.agreement_pct();
    fmt::print(out_,
               "  agreement: {} of {} strides classified both ways ({}%); {} within ±{:.0f}° of a "
               "class boundary (either class is defensible there)\n",
               a.agreed(), a.compared(), pct ? fmt::format("{:.1f}", *pct) : std::string("-"),
               a.near_boundary, FootStrikeAgreement::boundary_margin_deg);
    if (missing_count_ > 0) {
      fmt::print(out_, "  {} stride(s) without an angle: {}{}\n", missing_count_,
                 fmt::join(missing_, "; "), missing_count_ > missing_.size() ? "; …" : "");
    }
  }
};

}  // namespace

std::string cue_line(const Cue& cue) {
  return fmt::format("  >> {:<24} {} foot, contact at {:.3f} s, decided {:.0f} ms after it",
                     cue_words(cue.kind), to_string(cue.side), cue.contact_s,
                     (cue.decided_s - cue.contact_s) * 1e3);
}

void StrideWriter::on_stride(const StrideRecord& stride) {
  summary_.add(stride);
  if (!foot_strike_) {
    write(stride, nullptr);
    return;
  }
  const FootStrikeAngle angle = foot_strike_->at(stride.contact_s, stride.side);
  if (stride.contact_s >= foot_strike_->first_s() && stride.contact_s <= foot_strike_->last_s()) {
    ++within_markers_;
  }
  agreement_.add(stride.strike, angle, foot_strike_->options());
  if (!angle.fsa_deg) {
    ++missing_count_;
    if (missing_.size() < 3) {
      missing_.push_back(
          fmt::format("{} {:.3f} s: {}", to_string(stride.side), stride.contact_s, angle.missing));
    }
  }
  write(stride, &angle);
}

std::optional<StrideFormat> stride_format_from_string(std::string_view s) {
  if (s == "table") return StrideFormat::table;
  if (s == "json") return StrideFormat::json;
  if (s == "csv") return StrideFormat::csv;
  return std::nullopt;
}

nlohmann::json StrideWriter::worded_cue_json(const Cue& cue) const {
  return cue_json(cue, cue_presentation_ ? cue_word(cue, *cue_presentation_) : std::string_view());
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
