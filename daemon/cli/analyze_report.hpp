// `stridecue analyze FILE --report OUT`: the analysed file as a session report (the same as
// `stridecue report SESSION` draws for a stored session), from the steps and cues the analysis
// found. Collected as JSON while the analysis runs, only when a report is asked for.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "engine/session_core.hpp"
#include "engine/stride_record.hpp"
#include "settings/daemon_config.hpp"

namespace stridecue {

class AnalysisReport {
 public:
  explicit AnalysisReport(std::string out) : out_(std::move(out)) {}
  bool wanted() const { return !out_.empty(); }
  void on_stride(const StrideRecord& stride);
  void on_cue(const Cue& cue);
  // Writes the report of `file`; false (with the reason on stderr) when it could not be written.
  bool write(const std::string& file, const DaemonConfig& config, const EngineSettings& settings,
             const GaitSummary& summary, const GaitEngine& engine, const CueCounts& cues) const;

 private:
  std::string out_;
  std::vector<nlohmann::json> strides_, cues_;
};

}  // namespace stridecue
