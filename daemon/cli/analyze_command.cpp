// `stridecue analyze FILE`: every stride and cue of a recorded trial (or of a session the daemon
// stored), streamed through the session core that the daemon runs live.
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/analyze_report.hpp"
#include "cli/commands.hpp"
#include "cli/daemon_runner.hpp"
#include "cli/stride_writer.hpp"
#include "cli/trial_options.hpp"
#include "cli/trial_source.hpp"
#include "config/config_error.hpp"
#include "engine/session_core.hpp"
#include "files/c3d_writer.hpp"
#include "files/mot_writer.hpp"
#include "files/read_ahead_source.hpp"
#include "report/foot_strike_angle.hpp"
#include "report/report_document.hpp"
#include "settings/settings_json.hpp"
#include "store/session_store.hpp"
#include "store/stored_session_source.hpp"

namespace stridecue {
namespace {

struct AnalyzeOptions {
  std::string file;
  std::optional<std::int64_t> session;  // FILE is a session store: replay this session
  std::string config;                   // engine and cue settings, as for `run`
  bool no_cues = false;
  std::string profile;
  std::string emg_profile;
  std::string format = "table";
  std::string summary_out;  // --summary FILE: the summary in a file of its own
  std::string cues_out;     // --cues FILE: the cues as CSV
  std::string excel;        // --excel[=locale|comma|point]: CSV for Excel
  TrialOptions trial;

  // The foot-strike angle from markers (docs/algorithms.md).
  std::string markers;
  std::string standing;
  std::string marker_profile;
  std::string heel_marker;
  std::vector<std::string> forefoot_markers;
  std::string vertical_axis;
  std::string forward_axis;
  std::string marker_units = "mm";
  std::string fsa_at = "interpolate";

  // The same samples and the strides found, for other tools.
  std::string c3d_out;
  std::string mot_out;
  std::string report_out;  // --report FILE: the session report of the analysis
};

// The markers and their options, or nothing with the message in *error. No markers asked for:
// an empty optional and no error.
std::optional<FootStrikeAngles> load_markers(const AnalyzeOptions& o, std::string* error) {
  const bool marker_flags = !o.marker_profile.empty() || !o.heel_marker.empty() ||
                            !o.forefoot_markers.empty() || !o.vertical_axis.empty() ||
                            !o.forward_axis.empty();
  if (o.markers.empty() && o.standing.empty()) {
    if (marker_flags) *error = "marker options need --markers FILE and --static FILE";
    return std::nullopt;
  }
  if (o.markers.empty()) {
    *error = "--static needs --markers FILE: the running trial's markers";
    return std::nullopt;
  }
  if (o.standing.empty()) {
    *error = fmt::format(
        "--markers {} needs --static FILE: a standing trial with the same foot markers, whose "
        "foot angle is subtracted from the angle at contact (Altman & Davis 2012)",
        o.markers);
    return std::nullopt;
  }
  FootStrikeOptions options;
  options.text_units = o.marker_units;
  options.sampling =
      o.fsa_at == "frame" ? ContactSampling::frame_at_or_before : ContactSampling::interpolate;
  if (!o.marker_profile.empty()) {
    auto profile = load_foot_marker_profile(o.marker_profile);
    if (!profile) {
      *error = profile.error();
      return std::nullopt;
    }
    options.markers = profile->markers;
    options.vertical = profile->vertical;
    options.forward = profile->forward;
  }
  if (!o.heel_marker.empty() || !o.forefoot_markers.empty()) {
    if (o.heel_marker.empty() || o.forefoot_markers.empty()) {
      *error =
          "--heel-marker and --forefoot-markers go together (e.g. --heel-marker "
          "'{side}HEE' --forefoot-markers '{side}TOE')";
      return std::nullopt;
    }
    FootMarkerSet set{"options", o.heel_marker, o.forefoot_markers};
    if (options.markers) {  // a profile's side tags still apply
      set.left = options.markers->left;
      set.right = options.markers->right;
    }
    options.markers = set;
  }
  const auto axis = [&](const std::string& text, const char* flag, std::optional<SignedAxis>& out) {
    if (text.empty()) return true;
    out = parse_signed_axis(text);
    if (!out) *error = fmt::format("{} {}: expected an axis such as +Y, -X or Z", flag, text);
    return out.has_value();
  };
  if (!axis(o.vertical_axis, "--vertical-axis", options.vertical) ||
      !axis(o.forward_axis, "--forward-axis", options.forward)) {
    return std::nullopt;
  }
  auto angles = FootStrikeAngles::load(o.markers, o.standing, options);
  if (!angles) *error = angles.error();
  return std::move(angles).take();
}

// The core's output into the writer.
class AnalyzeSink final : public SessionSink {
 public:
  AnalyzeSink(StrideWriter& writer, bool cues, AnalysisReport& report)
      : writer_(writer), cues_(cues), report_(report) {}
  void on_strike(const StrikeEvent& /*strike*/) override {}  // their class is in the stride
  void on_stride(const StrideRecord& stride) override {
    writer_.on_stride(stride);
    stances_.push_back({stride.contact_s, stride.toe_off_s, stride.side});
    report_.on_stride(stride);
  }
  void on_cue(const Cue& cue) override {
    if (cues_) writer_.on_cue(cue);
    report_.on_cue(cue);
  }
  const std::vector<StanceSide>& stances() const { return stances_; }

 private:
  StrideWriter& writer_;
  bool cues_;
  AnalysisReport& report_;           // --report: collects only when asked for
  std::vector<StanceSide> stances_;  // for --c3d and --mot
};

// --c3d and --mot: the file read again, with the strides found as foot events or per-foot
// forces. Throws std::runtime_error naming the file that could not be written.
void write_interchange(const AnalyzeOptions& o, const std::vector<StanceSide>& stances,
                       const std::function<std::unique_ptr<SampleSource>()>& reopen) {
  if (!o.c3d_out.empty()) {
    const auto source = reopen();
    const C3dWriteSummary r = write_c3d(*source, foot_events(stances), o.c3d_out);
    fmt::print(stderr, "stridecue analyze: wrote {} ({} plates, {} EMG channels, {} events)\n",
               o.c3d_out, r.plates, r.emg_channels, r.events);
  }
  if (!o.mot_out.empty()) {
    const auto source = reopen();
    const MotWriteSummary r = write_opensim_mot(*source, stances, o.mot_out);
    fmt::print(stderr, "stridecue analyze: wrote {} ({} rows)\n", o.mot_out, r.rows);
  }
}

// A file for --summary or --cues, closed when done; null with the reason in *error.
using OutFile = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
OutFile open_out(const std::string& path, const char* flag, std::string* error) {
  OutFile file(path.empty() ? nullptr : std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!path.empty() && !file) {
    *error = fmt::format("{} {}: cannot open for writing: {}", flag, path, std::strerror(errno));
  }
  return file;
}

bool is_session_store(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".db" || ext == ".sqlite" || ext == ".sqlite3";
}

// A stored session's blocks, and (unless a config is given) the settings and session number it
// started with, so that its replay meets the cue policy the runner met. Throws ConfigError.
std::unique_ptr<SampleSource> open_session(const AnalyzeOptions& o, DaemonConfig& config) {
  if (!std::filesystem::exists(o.file)) {
    throw ConfigError(o.file + ": no such session store");
  }
  std::optional<SessionDetails> details;
  try {
    details = SessionReader(o.file).find_session(*o.session);
  } catch (const std::runtime_error& e) {
    throw ConfigError(e.what());
  }
  if (!details) {
    throw ConfigError(fmt::format("{}: no session {} (stridecue sessions --db {} lists them)",
                                  o.file, *o.session, o.file));
  }
  if (o.config.empty()) {
    try {
      apply_settings_patch(config, nlohmann::json::parse(details->config_json), PatchScope::any);
    } catch (const std::exception& e) {
      throw ConfigError(fmt::format("{}: session {}: its recorded settings do not read: {}", o.file,
                                    *o.session, e.what()));
    }
    config.cue.session_number = details->summary.session_number;
  }
  return std::make_unique<StoredSessionSource>(o.file, *o.session);
}

int analyze(const AnalyzeOptions& o) {
  try {
    DaemonConfig config;  // without --config: the built-in settings
    if (!o.config.empty()) {
      std::string used;
      config = read_config(o.config, used);
    }
    std::unique_ptr<SampleSource> source;
    if (o.session) {
      source = open_session(o, config);
    } else if (is_session_store(o.file)) {
      throw ConfigError(o.file +
                        ": a session store: say which session with --session ID (stridecue "
                        "sessions --db " +
                        o.file + " lists them)");
    } else {
      source = open_trial_source(o.file, o.profile, o.emg_profile);
    }
    const EngineSettings settings = o.trial.settings(config.engine);
    if (!source->failure().empty()) {  // a reader reads its header (and looks ahead) at once
      fmt::print(stderr, "stridecue analyze: {}\n", source->failure());
      return kExitBadInput;
    }
    // Parsing on a second core while this thread runs the engine (bench/RESULTS.md).
    source = read_ahead_when_cores_allow(std::move(source));
    std::string marker_error;
    const auto angles = load_markers(o, &marker_error);
    if (!marker_error.empty()) {
      fmt::print(stderr, "stridecue analyze: {}\n", marker_error);
      return kExitBadInput;
    }
    std::string file_error;
    OutFile summary_file = open_out(o.summary_out, "--summary", &file_error);
    OutFile cues_file = open_out(o.cues_out, "--cues", &file_error);
    if (!file_error.empty()) {
      fmt::print(stderr, "stridecue analyze: {}\n", file_error);
      return kExitFailure;
    }
    StrideWriterOptions out;
    if (!o.excel.empty()) out.csv = *CsvStyle::excel(o.excel);
    out.muscles = emg_muscles(source->layout());
    out.cues = cues_file.get();
    out.summary = summary_file.get();
    out.summary_as_json = std::filesystem::path(o.summary_out).extension() == ".json";
    SessionCore core(source->layout(), settings, config.cue);
    auto writer =
        StrideWriter::create(*stride_format_from_string(o.format), stdout, std::move(out));
    writer->set_cue_presentation(&config.cue_presentation);
    if (angles) {
      writer->set_foot_strike(&*angles);
      if (!angles->run().note.empty()) {
        fmt::print(stderr, "stridecue analyze: {}: {}\n", o.markers, angles->run().note);
      }
    }
    if (!o.report_out.empty() && !report_format_for(o.report_out)) {
      fmt::print(stderr, "stridecue analyze: --report {}: a report is .pdf, .svg or .html\n",
                 o.report_out);
      return kExitBadInput;
    }
    AnalysisReport report(o.report_out);
    AnalyzeSink sink(*writer, !o.no_cues, report);
    SampleBlock block;
    SourceStatus status;
    while ((status = source->next(block)) == SourceStatus::block)
      core.process(block, sink);
    if (status == SourceStatus::failed) {
      fmt::print(stderr, "stridecue analyze: {}\n", source->failure());
      return kExitBadInput;
    }
    core.finish(sink);
    writer->finish(core.engine(), &core.cues());
    for (const auto& [file, path] :
         {std::pair{summary_file.get(), &o.summary_out}, std::pair{cues_file.get(), &o.cues_out}}) {
      if (file && (std::fflush(file) != 0 || std::ferror(file))) {
        fmt::print(stderr, "stridecue analyze: {}: write failed\n", *path);
        return kExitFailure;
      }
    }
    if (report.wanted() &&
        !report.write(o.file, config, settings, writer->summary(), core.engine(), core.cues())) {
      return kExitFailure;
    }
    try {
      write_interchange(o, sink.stances(), [&] {
        DaemonConfig again = config;
        return o.session ? open_session(o, again)
                         : open_trial_source(o.file, o.profile, o.emg_profile);
      });
    } catch (const std::runtime_error& e) {
      fmt::print(stderr, "stridecue analyze: {}\n", e.what());
      return kExitFailure;
    }
    if (angles && writer->summary().strides() > 0 && writer->strides_within_markers() == 0) {
      fmt::print(stderr,
                 "stridecue analyze: the steps and the markers do not overlap in time: {} "
                 "covers {:.3f}–{:.3f} s, and none of the {} contacts in {} lies there (the same "
                 "trial? the same time origin?)\n",
                 o.markers, angles->first_s(), angles->last_s(), writer->summary().strides(),
                 o.file);
      return kExitBadInput;
    }
    return kExitOk;
  } catch (const ConfigError& e) {
    fmt::print(stderr, "stridecue analyze: {}\n", e.what());
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecue analyze: {}: {}\n", o.file, e.what());
  }
  return kExitBadInput;
}

}  // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<AnalyzeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "detect every step (foot contact) and cue in a recorded trial file or a stored session");
  cmd->add_option("file", options->file,
                  "trial: .csv/.tsv (docs/formats.md), OpenSim .mot/.sto or .c3d; or a session "
                  "store (.db) with --session")
      ->required();
  cmd->add_option("--c3d", options->c3d_out,
                  "also write the trial as C3D: force plates, EMG and the steps found as Foot "
                  "Strike / Foot Off events");
  cmd->add_option("--report", options->report_out,
                  "also write the session report of the analysis: .pdf, .svg or .html (as "
                  "`stridecue report` draws a stored session)");
  cmd->add_option("--mot", options->mot_out,
                  "also write its ground reaction forces per foot as an OpenSim .mot");
  cmd->add_option("--session", options->session,
                  "replay this session of the store FILE: its sample blocks as the daemon got "
                  "them, with the settings it started with (unless --config)");
  cmd->add_option("--config", options->config,
                  "daemon config (TOML, as for `run`): its engine and cue settings (default: the "
                  "built-in ones)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--no-cues", options->no_cues,
                "leave the cue records out of the output (the summary still counts them)");
  cmd->add_option("--format", options->format,
                  "table, json (one object per line) or csv (one row per step, nothing else)")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("--summary", options->summary_out,
                  "also write the summary to this file: JSON if it ends in .json, else CSV (one "
                  "row per side and one for both); with csv and no --summary it goes to stderr "
                  "as text");
  cmd->add_option("--cues", options->cues_out,
                  "also write the cues to this CSV file, one row per cue (csv leaves them out of "
                  "the steps)");
  cmd->add_flag("--excel{locale}", options->excel,
                "CSV for Excel: UTF-8 BOM, and where the decimal mark is a comma (the "
                "LC_NUMERIC locale's, or --excel=comma) decimal commas and ';' between fields")
      ->check(CLI::IsMember({"locale", "comma", "point"}));
  cmd->add_option(
      "--profile", options->profile,
      "column profile for .mot/.sto files and labs' text exports (default: the first in "
      "config/profiles whose header the file has)");
  cmd->add_option("--emg-profile", options->emg_profile,
                  "EMG channel profile for .c3d files: a TOML file or a name in "
                  "config/emg_profiles (default: channels whose labels name muscle and side)");
  cmd->add_option("--markers", options->markers,
                  "the trial's markers (.trc, .c3d, or text: Time then <name>X/Y/Z): adds the "
                  "foot-strike angle to every step (Altman & Davis 2012)");
  cmd->add_option("--static", options->standing,
                  "the standing trial's markers, needed with --markers");
  cmd->add_option("--marker-profile", options->marker_profile,
                  "TOML naming the heel and forefoot markers (and axes) of other marker sets");
  cmd->add_option("--heel-marker", options->heel_marker,
                  "heel marker, {side} for L/R (default: RBDS or Rajagopal names, detected)");
  cmd->add_option("--forefoot-markers", options->forefoot_markers,
                  "forefoot marker(s), comma-separated, {side} for L/R; their mean is used")
      ->delimiter(',');
  cmd->add_option("--vertical-axis", options->vertical_axis,
                  "the markers' up axis, e.g. +Y or +Z (default: detected from --static)");
  cmd->add_option("--forward-axis", options->forward_axis,
                  "the running direction, e.g. +X (default: where the feet point)");
  cmd->add_option("--marker-units", options->marker_units,
                  "length unit of text marker files (default mm)")
      ->check(CLI::IsMember({"mm", "cm", "m"}));
  cmd->add_option("--fsa-at", options->fsa_at,
                  "marker positions at contact: interpolate (default) or frame (the last frame "
                  "at or before it)")
      ->check(CLI::IsMember({"interpolate", "frame"}));
  options->trial.add_runner_flags(*cmd);
  options->trial.add_threshold_flags(*cmd);
  cmd->callback([options, &exit_code] { exit_code = analyze(*options); });
}

}  // namespace stridecue
