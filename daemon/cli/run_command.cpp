// `stridecue run`: the main job. Runs the built-in simulator through the engine at the pace of
// a real treadmill and prints each stride the moment the engine finds it. (The live daemon
// with devices, cues and the control API grows from here.)
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "cli/commands.hpp"
#include "cli/simulator_options.hpp"
#include "cli/stride_writer.hpp"
#include "cli/trial_options.hpp"
#include "config/config_error.hpp"
#include "engine/gait_engine.hpp"
#include "simulator/runner_simulator.hpp"

namespace stridecue {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void request_stop(int) {
  g_stop.store(true);
}

struct RunOptions {
  SimulatorOptions simulator;
  TrialOptions trial;
  double seconds = 20.0;
  double pace = 1.0;
  std::string format = "table";
};

int run(const RunOptions& o) {
  try {
    SimulatorConfig config = o.simulator.resolved();
    config.duration_s = o.seconds;
    RunnerSimulator source(config);
    // The simulated runner is known: the engine gets the same facts a clinic would enter.
    TrialOptions trial = o.trial;
    if (!trial.body_mass_kg) trial.body_mass_kg = config.body_mass_kg;
    if (!trial.foot_length_m) trial.foot_length_m = config.foot_length_m;
    if (!trial.belt_speed_m_s) trial.belt_speed_m_s = config.belt_speed_m_s;
    GaitEngine engine(source.layout(), trial.settings());
    auto writer = StrideWriter::create(*stride_format_from_string(o.format), stdout);
    if (o.format == "table") {
      const std::string pace = o.pace > 0.0 ? fmt::format("at {:g}x real time", o.pace)
                                            : std::string("as fast as possible");
      fmt::print(
          "simulated runner: {:.0f} kg, {:.1f} m/s, {:.0f} steps/min, {}-belt treadmill, "
          "seed {}; {:g} s {} (Ctrl-C stops)\n\n",
          config.body_mass_kg, config.belt_speed_m_s, config.cadence_steps_per_min,
          to_string(engine.treadmill_layout()), config.seed, o.seconds, pace);
    }

    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    const auto start = std::chrono::steady_clock::now();
    const double force_rate_hz = source.layout().streams[0].rate_hz;
    SampleBlock block;
    while (!g_stop.load() && source.next(block) == SourceStatus::block) {
      if (o.pace > 0.0 && block.stream == 0) {
        // Hand the block over when a real treadmill would have finished sampling it.
        const double end_s =
            static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
            force_rate_hz;
        std::this_thread::sleep_until(start + std::chrono::duration<double>(end_s / o.pace));
      }
      engine.process(block, *writer);
    }
    engine.finish(*writer);
    writer->finish(engine);
    return kExitOk;
  } catch (const ConfigError& e) {
    fmt::print(stderr, "stridecue run: {}\n", e.what());
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecue run: {}\n", e.what());
  }
  return kExitBadInput;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "run the built-in simulator through the engine live and print strides as found");
  cmd->add_option("--seconds", options->seconds, "length of the session")
      ->check(CLI::Range(0.1, 86400.0));
  cmd->add_option("--pace", options->pace, "times real time; 0 runs as fast as possible")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--format", options->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  options->simulator.add_to(*cmd);
  options->trial.add_threshold_flags(*cmd);
  cmd->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace stridecue
