// Writes stride records (one per foot contact: a step) and, for `analyze`, cues as they arrive,
// in the format the user asked for, and the summary at the end. Holds no strides: memory stays
// flat however long the trial. With markers (`analyze --markers --static`), each step also gets
// its foot-strike angle and class from the markers, and the summary the force × marker
// agreement table.
//
// CSV is a tidy table (report/tidy_csv.hpp): the steps alone on `out`; the cues and the summary
// go to files of their own when asked for (--cues, --summary), else the summary is written as
// text to `notes` (stderr) for the person at the terminal.
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "engine/gait_summary.hpp"
#include "engine/sample_block.hpp"
#include "engine/session_core.hpp"
#include "engine/stride_record.hpp"
#include "engine/trial_setup.hpp"
#include "report/foot_strike_angle.hpp"
#include "report/tidy_csv.hpp"
#include "settings/cue_presentation.hpp"

namespace stridecue {

enum class StrideFormat { table, json, csv };
std::optional<StrideFormat> stride_format_from_string(std::string_view s);

// A cue as the table shows it: "  >> LAND ON YOUR FOREFOOT  left foot, contact at …".
std::string cue_line(const Cue& cue);

struct StrideWriterOptions {
  CsvStyle csv;                      // --excel: the CSV's separator and decimal mark
  std::vector<std::string> muscles;  // the EMG channels' muscles, for the CSV's header (empty:
                                     // those of the first step)
  std::FILE* cues = nullptr;         // --cues FILE: every cue as a CSV row, in any format
  std::FILE* summary = nullptr;      // --summary FILE: the summary, in any format
  bool summary_as_json = false;      //   as the JSON object (FILE.json), else as CSV
  std::FILE* notes = stderr;         // CSV without --summary: the summary as text
};

// The muscles of a source's EMG channels, in channel order, each once ("gmed" …).
std::vector<std::string> emg_muscles(const SourceLayout& layout);

class StrideWriter : public StrideSink {
 public:
  static std::unique_ptr<StrideWriter> create(StrideFormat format, std::FILE* out,
                                              StrideWriterOptions options = {});

  // Adds the foot-strike angle from these markers to every stride (kept by reference).
  void set_foot_strike(const FootStrikeAngles* angles) { foot_strike_ = angles; }
  // Words each cue's JSON in these settings' language, as the daemon does (kept by reference);
  // without: the JSON carries no "word".
  void set_cue_presentation(const CuePresentation* p) { cue_presentation_ = p; }

  void on_stride(const StrideRecord& stride) final;
  // A cue: a line of the table, a JSON line (the event stream's cue event); in CSV only in the
  // cue file. Either way a row of the cue file when there is one.
  void on_cue(const Cue& cue);
  // Writes the summary, with what the engine found out about the trial and, given, the cues.
  void finish(const GaitEngine& engine, const CueCounts* cues = nullptr);
  const GaitSummary& summary() const { return summary_; }

  // With markers: strides whose contact lies within the marker recording (with or without an
  // angle); 0 of many means the force and marker files do not share a time axis.
  std::uint64_t strides_within_markers() const { return within_markers_; }
  const FootStrikeAgreement& agreement() const { return agreement_; }

 protected:
  StrideWriter(std::FILE* out, StrideWriterOptions options)
      : out_(out), options_(std::move(options)) {}
  // `angle` is null without markers.
  virtual void write(const StrideRecord& stride, const FootStrikeAngle* angle) = 0;
  virtual void write_cue(const Cue& cue) = 0;
  // `summary` is the {"summary": …} object (with the marker agreement).
  virtual void write_summary(const GaitEngine& engine, const CueCounts* cues,
                             const nlohmann::ordered_json& summary) = 0;
  // The summary as the table ends: what a person reads.
  void write_summary_text(std::FILE* to, const GaitEngine& engine, const CueCounts* cues) const;

  std::FILE* out_;
  StrideWriterOptions options_;
  std::uint64_t cues_seen_ = 0;
  GaitSummary summary_;
  const FootStrikeAngles* foot_strike_ = nullptr;
  const CuePresentation* cue_presentation_ = nullptr;
  // The cue's JSON line, worded when a presentation is set.
  nlohmann::json worded_cue_json(const Cue& cue) const;
  FootStrikeAgreement agreement_;
  std::uint64_t within_markers_ = 0;
  std::vector<std::string> missing_;  // the first few reasons a stride got no angle
  std::uint64_t missing_count_ = 0;
};

}  // namespace stridecue
