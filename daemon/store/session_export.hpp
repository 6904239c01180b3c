// `stridecue export SESSION --csv DIR`: a stored session as files other tools read.
//
//   steps.csv             one row per step (a foot contact), the tidy columns of `analyze
//                         --format csv` (report/tidy_csv.hpp): units in the names, a column per
//                         muscle figure, and the daemon's latencies
//   cues.csv              one row per cue: when, why (once), its reason's figures, latencies
//   summary.csv           the session's summary, a row per side and one for both
//   settings_changes.csv  when, who (api / reload / start) and what changed, flattened ("a.b")
//   events.csv            gaps, status and device changes, flattened
//   samples.csv           the raw samples in the trial CSV format (docs/formats.md), which
//                         `stridecue analyze` reads back; a layout without a trial-CSV form gets
//                         samples_<stream>.csv per stream instead (time_s, then its channels)
//   session.json          the session's runner, number, times, config, layout and summary
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/tidy_csv.hpp"

namespace stridecue {

// The session is not in the database (`stridecue export` exits 2 on it).
class UnknownSession : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExportResult {
  std::vector<std::filesystem::path> files;  // in the order written
  std::size_t strides = 0, cues = 0, settings_changes = 0, events = 0, blocks = 0;
  std::string samples_note;  // why samples.csv is missing or split, if it is
};

// Writes the files into `dir` (created if needed), the tables in `style` (`--excel`; the samples
// stay in the trial CSV format, which `analyze` reads back). Throws UnknownSession, or
// std::runtime_error naming the database or the file that failed.
ExportResult export_session_csv(const std::string& db_path, std::int64_t session_id,
                                const std::filesystem::path& dir, const CsvStyle& style = {});

// {"a": {"b": 1}, "m": [{"x": 2}]} → [("a.b", 1), ("m.0.x", 2)], in document order; a scalar
// (or an empty object or array) at the top is one column named `prefix`.
std::vector<std::pair<std::string, nlohmann::ordered_json>> flatten_json(
    const nlohmann::ordered_json& json, const std::string& prefix = "");

}  // namespace stridecue
