#include "cli/analyze_report.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "report/report_document.hpp"
#include "report/session_report.hpp"
#include "report/stride_json.hpp"
#include "settings/settings_json.hpp"
#include "store/private_file.hpp"

namespace stridecue {

void AnalysisReport::on_stride(const StrideRecord& stride) {
  if (wanted()) strides_.push_back(stride_json(stride));
}

void AnalysisReport::on_cue(const Cue& cue) {
  if (wanted()) cues_.push_back(cue_json(cue));
}

bool AnalysisReport::write(const std::string& file, const DaemonConfig& config,
                           const EngineSettings& settings, const GaitSummary& summary,
                           const GaitEngine& engine, const CueCounts& cues) const {
  SessionReportInput in;
  in.source = std::filesystem::path(file).filename().string() + " (analysed)";
  in.runner.id = config.runner_id;
  if (!settings.runner.name.empty()) in.runner.name = settings.runner.name;
  in.runner.body_mass_kg = settings.runner.body_mass_kg;
  in.runner.foot_length_m = settings.runner.foot_length_m;
  in.settings = settings_to_json(config);
  in.summary = {{"gait", nlohmann::json::parse(summary_json(summary, engine, &cues).dump())}};
  in.strides = strides_;
  in.cues = cues_;
  try {
    make_private_file(out_);  // health data, as the store's exports
    const ReportDocument doc = session_report(in);
    write_report(doc, out_);
    fmt::print(stderr, "stridecue analyze: wrote {} ({} pages)\n", out_, doc.pages.size());
    return true;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue analyze: {}\n", e.what());
    return false;
  }
}

}  // namespace stridecue
