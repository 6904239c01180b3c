// `stridecue analyze FILE`: every stride of a recorded trial, streamed through the engine.
#include <fmt/format.h>

#include <stdexcept>

#include "cli/commands.hpp"
#include "cli/stride_writer.hpp"
#include "cli/trial_options.hpp"
#include "cli/trial_source.hpp"
#include "config/config_error.hpp"
#include "engine/gait_engine.hpp"

namespace stridecue {
namespace {

struct AnalyzeOptions {
  std::string file;
  std::string profile;
  std::string emg_profile;
  std::string format = "table";
  TrialOptions trial;
};

int analyze(const AnalyzeOptions& o) {
  try {
    const EngineSettings settings = o.trial.settings();
    auto source = open_trial_source(o.file, o.profile, o.emg_profile);
    if (!source->failure().empty()) {  // a reader reads its header (and looks ahead) at once
      fmt::print(stderr, "stridecue analyze: {}\n", source->failure());
      return kExitBadInput;
    }
    GaitEngine engine(source->layout(), settings);
    auto writer = StrideWriter::create(*stride_format_from_string(o.format), stdout);
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
      "column profile for .mot/.sto files (default: the one in config/profiles that fits)");
  cmd->add_option("--emg-profile", options->emg_profile,
                  "EMG channel profile for .c3d files: a TOML file or a name in "
                  "config/emg_profiles (default: channels whose labels name muscle and side)");
  options->trial.add_runner_flags(*cmd);
  options->trial.add_threshold_flags(*cmd);
  cmd->callback([options, &exit_code] { exit_code = analyze(*options); });
}

}  // namespace stridecue
