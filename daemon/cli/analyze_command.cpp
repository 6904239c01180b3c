// `stridecue analyze FILE`: every stride of a recorded trial, streamed through the engine.
#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/stride_writer.hpp"
#include "cli/trial_options.hpp"
#include "cli/trial_source.hpp"
#include "config/config_error.hpp"
#include "engine/gait_engine.hpp"
#include "report/foot_strike_angle.hpp"

namespace stridecue {
namespace {

struct AnalyzeOptions {
  std::string file;
  std::string profile;
  std::string emg_profile;
  std::string format = "table";
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
    auto profile = load_foot_marker_profile(o.marker_profile, error);
    if (!profile) return std::nullopt;
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
  return FootStrikeAngles::load(o.markers, o.standing, options, error);
}

int analyze(const AnalyzeOptions& o) {
  try {
    const EngineSettings settings = o.trial.settings();
    auto source = open_trial_source(o.file, o.profile, o.emg_profile);
    if (!source->failure().empty()) {  // a reader reads its header (and looks ahead) at once
      fmt::print(stderr, "stridecue analyze: {}\n", source->failure());
      return kExitBadInput;
    }
    std::string marker_error;
    const auto angles = load_markers(o, &marker_error);
    if (!marker_error.empty()) {
      fmt::print(stderr, "stridecue analyze: {}\n", marker_error);
      return kExitBadInput;
    }
    GaitEngine engine(source->layout(), settings);
    auto writer = StrideWriter::create(*stride_format_from_string(o.format), stdout);
    if (angles) {
      writer->set_foot_strike(&*angles);
      if (!angles->run().note.empty()) {
        fmt::print(stderr, "stridecue analyze: {}: {}\n", o.markers, angles->run().note);
      }
    }
    SampleBlock block;
    SourceStatus status;
    while ((status = source->next(block)) == SourceStatus::block)
      engine.process(block, *writer);
    if (status == SourceStatus::failed) {
      fmt::print(stderr, "stridecue analyze: {}\n", source->failure());
      return kExitBadInput;
    }
    engine.finish(*writer);
    writer->finish(engine);
    if (angles && writer->summary().strides() > 0 && writer->strides_within_markers() == 0) {
      fmt::print(stderr,
                 "stridecue analyze: the strides and the markers do not overlap in time: {} "
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
  CLI::App* cmd = app.add_subcommand("analyze", "detect every stride in a recorded trial file");
  cmd->add_option("file", options->file,
                  "trial: .csv/.tsv (docs/formats.md), OpenSim .mot/.sto or .c3d")
      ->required();
  cmd->add_option("--format", options->format, "table, json (one object per line) or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option(
      "--profile", options->profile,
      "column profile for .mot/.sto files and labs' text exports (default: the first in "
      "config/profiles whose header the file has)");
  cmd->add_option("--emg-profile", options->emg_profile,
                  "EMG channel profile for .c3d files: a TOML file or a name in "
                  "config/emg_profiles (default: channels whose labels name muscle and side)");
  cmd->add_option("--markers", options->markers,
                  "the trial's markers (.trc, .c3d, or text: Time then <name>X/Y/Z): adds the "
                  "foot-strike angle to every stride (Altman & Davis 2012)");
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
