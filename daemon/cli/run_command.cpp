// `stridecue run`: the daemon in the foreground (the same as `stridecued`), printing each
// stride as the engine finds it. The source, thresholds, cues, audio, control API and store
// come from the config (--config, or the default one); the flags here override it.
#include <fmt/format.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/daemon_runner.hpp"
#include "cli/simulator_options.hpp"
#include "cli/stride_writer.hpp"
#include "cli/trial_options.hpp"
#include "config/config_error.hpp"
#include "live/output_pump.hpp"
#include "settings/runner_id.hpp"

namespace stridecue {
namespace {

struct RunOptions {
  std::string config;
  std::string file;
  SimulatorOptions simulator;
  TrialOptions trial;
  std::optional<double> seconds;
  std::optional<double> pace;
  std::optional<int> port;
  std::optional<std::string> db;
  std::optional<std::string> audio_driver;
  std::optional<std::string> runner_id;
  bool no_api = false, no_audio = false, no_store = false;
  std::string format = "table";
};

// How long the end of the output may wait for a slow reader of stdout.
constexpr int kOutputPatienceMs = 2000;

// The simulator flags: any of them given means the flags describe the simulated runner.
constexpr const char* kSimulatorFlags[] = {
    "--layout",         "--pattern",    "--seed",          "--body-mass-kg",
    "--belt-speed-m-s", "--cadence",    "--foot-length-m", "--fatigue-onset-min",
    "--fatigue-ramp-s", "--fatigue-to", "--clean"};

int run(const RunOptions& o, const CLI::App& cmd) {
  DaemonConfig config;
  std::string used;
  try {
    config = read_config(o.config, used);
    bool simulator_flags = false;
    for (const char* flag : kSimulatorFlags)
      simulator_flags = simulator_flags || cmd.get_option(flag)->count() > 0;
    if (simulator_flags) {
      const double block_s = config.source.simulator.block_s;
      config.source.kind = kSimulatorSource;
      config.source.simulator = o.simulator.resolved();
      config.source.simulator.block_s = block_s;
    }
    if (!o.file.empty()) {
      config.source.kind = kFileSource;
      config.source.file = o.file;
    }
    if (o.seconds) {
      // The flag is the session's length, whatever the file's simulator says: 0 runs until
      // stopped.
      config.source.duration_s = *o.seconds;
      config.source.simulator_duration_s.reset();
    }
    if (o.pace) config.source.pace = *o.pace;
    if (o.port) config.api.port = *o.port;
    if (o.db) config.store.path = *o.db;
    if (o.audio_driver) config.audio.driver = *o.audio_driver;
    if (o.runner_id) {
      if (auto problem = runner_id_problem(*o.runner_id))
        throw std::invalid_argument("--runner-id: " + *problem);
      config.runner_id = *o.runner_id;
    }
    if (o.no_api) config.api.enabled = false;
    if (o.no_audio) config.audio.enabled = false;
    if (o.no_store) config.store.enabled = false;
    const EngineSettings flags = o.trial.settings();
    auto& c = config.engine.contact;
    if (o.trial.contact_threshold_n) c.contact_threshold_n = *o.trial.contact_threshold_n;
    if (o.trial.release_threshold_n) c.release_threshold_n = *o.trial.release_threshold_n;
    if (o.trial.timing_threshold_n) c.timing_threshold_n = *o.trial.timing_threshold_n;
    if (flags.runner.body_mass_kg) config.engine.runner.body_mass_kg = flags.runner.body_mass_kg;
    if (flags.runner.foot_length_m) config.engine.runner.foot_length_m = flags.runner.foot_length_m;
    if (flags.treadmill.belt_speed_m_s) {
      config.engine.treadmill.belt_speed_m_s = flags.treadmill.belt_speed_m_s;
    }
  } catch (const ConfigError& e) {
    fmt::print(stderr, "stridecue run: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecue run: {}\n", e.what());
    return kExitBadInput;
  }
  // Strides and cues are printed by a thread of their own: a reader that is slow or stopped
  // (`stridecue run | sleep 45`) costs dropped lines, counted, never a stalled daemon; one that
  // goes away (EPIPE) ends the session as Ctrl-C would (docs/daemon.md).
  OutputPump out(STDOUT_FILENO);
  auto writer = StrideWriter::create(*stride_format_from_string(o.format), out.file());
  if (o.format == "table") {
    if (config.source.kind == kSimulatorSource) {
      const SimulatorConfig& s = config.source.simulator;
      fmt::print(
          out.file(),
          "simulated runner: {:.0f} kg, {:.1f} m/s, {:.0f} steps/min, {}-belt treadmill, seed {}; "
          "{} (Ctrl-C stops)\n\n",
          s.body_mass_kg, s.belt_speed_m_s, s.cadence_steps_per_min, to_string(s.layout), s.seed,
          config.source.stop_after_s() ? fmt::format("{:g} s", *config.source.stop_after_s())
                                       : std::string("until stopped"));
    } else {
      fmt::print(out.file(), "replaying {} (Ctrl-C stops)\n\n", config.source.file);
    }
  }
  StrideWriter& w = *writer;
  DaemonPrinters printers;
  printers.strides = writer.get();
  printers.finished = [&w](const GaitEngine& engine) { w.finish(engine); };
  printers.closed = [&out] { return out.closed(); };
  printers.status = [&out] { return out.status_json(); };
  if (o.format == "table") {
    // The cue comes moments after its contact, so before that stride's row (~280 ms later).
    printers.cues = [file = out.file()](const Cue& cue) {
      fmt::print(file, "  >> {:<24} {} foot, contact at {:.3f} s, decided {:.0f} ms after it\n",
                 cue_words(cue.kind), to_string(cue.side), cue.contact_s,
                 (cue.decided_s - cue.contact_s) * 1e3);
    };
  }
  const int code = run_daemon(std::move(config), used, std::move(printers));
  // The summary and the last lines get a moment to reach a slow reader, then are dropped.
  out.finish(kOutputPatienceMs);
  if (out.bytes_dropped() > 0) {
    fmt::print(stderr,
               "stridecue run: {} bytes of output ({} writes) dropped: stdout's reader {}\n",
               out.bytes_dropped(), out.writes_dropped(),
               out.closed() ? "closed the pipe" : "did not keep up");
  }
  return code;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "run the daemon in the foreground and print each step as found (see stridecued)");
  cmd->add_option("--config", options->config, "TOML config (default: config/stridecue.toml)");
  cmd->add_option("--file", options->file, "replay a trial file instead of the simulator");
  cmd->add_option("--seconds", options->seconds, "length of the session; 0 runs until stopped")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--pace", options->pace, "times real time; 0 runs as fast as possible")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--port", options->port, "control API port (0: any free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--db", options->db, "session store (SQLite file)");
  cmd->add_option("--audio-driver", options->audio_driver, "SDL audio driver, e.g. disk");
  cmd->add_option("--runner-id", options->runner_id, "whose session this is");
  cmd->add_flag("--no-api", options->no_api, "no control API");
  cmd->add_flag("--no-audio", options->no_audio, "no sound");
  cmd->add_flag("--no-store", options->no_store, "record nothing");
  cmd->add_option("--format", options->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  options->simulator.add_to(*cmd);
  options->trial.add_threshold_flags(*cmd);
  cmd->callback([options, cmd, &exit_code] { exit_code = run(*options, *cmd); });
}

}  // namespace stridecue
