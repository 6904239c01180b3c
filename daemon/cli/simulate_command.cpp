// `stridecue simulate`: writes a simulated trial (docs/formats.md) with its ground truth beside
// it, and the runner and treadmill files that `analyze` needs to read it.
#include <fmt/format.h>

#include <fstream>

#include "cli/commands.hpp"
#include "cli/simulator_options.hpp"
#include "files/trial_csv_writer.hpp"
#include "simulator/runner_simulator.hpp"
#include "simulator/truth_csv.hpp"

namespace stridecue {
namespace {

struct SimulateOptions {
  SimulatorOptions simulator;
  double minutes = 1.0;
  std::string out;
};

// "run.csv" → "run" + suffix; any other name gets the suffix appended.
std::string beside(const std::string& csv_path, const std::string& suffix) {
  const std::string ext = ".csv";
  if (csv_path.size() > ext.size() && csv_path.ends_with(ext)) {
    return csv_path.substr(0, csv_path.size() - ext.size()) + suffix;
  }
  return csv_path + suffix;
}

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  return static_cast<bool>(f.flush());
}

int simulate(const SimulateOptions& o) {
  SimulatorConfig config;
  try {
    config = o.simulator.resolved();
    config.duration_s = o.minutes * 60.0;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecue simulate: {}\n", e.what());
    return kExitBadInput;
  }
  RunnerSimulator sim(config);
  std::ofstream data(o.out, std::ios::binary);
  if (!data) {
    fmt::print(stderr, "stridecue simulate: {}: cannot open for writing\n", o.out);
    return kExitFailure;
  }
  std::string error;
  if (!write_trial_csv(sim, data, &error) || !data.flush()) {
    fmt::print(stderr, "stridecue simulate: {}: {}\n", o.out,
               error.empty() ? "write failed" : error);
    return kExitFailure;
  }

  const std::string truth_path = beside(o.out, ".truth.csv");
  const std::string runner_path = beside(o.out, ".runner.toml");
  const std::string treadmill_path = beside(o.out, ".treadmill.toml");
  std::ofstream truth(truth_path);
  write_truth_csv(sim.truth(), truth);
  const bool ok =
      static_cast<bool>(truth.flush()) &&
      write_text(runner_path,
                 fmt::format("# The simulated runner of {}\nname = \"simulated "
                             "(seed {})\"\nbody_mass_kg = {}\nfoot_length_m = {}\n",
                             o.out, config.seed, config.body_mass_kg, config.foot_length_m)) &&
      write_text(treadmill_path,
                 fmt::format("# The simulated treadmill of {}\nlayout = \"{}\"\n"
                             "belt_speed_m_s = {}\n",
                             o.out, to_string(config.layout), config.belt_speed_m_s));
  if (!ok) {
    fmt::print(stderr, "stridecue simulate: cannot write the files beside {}\n", o.out);
    return kExitFailure;
  }
  fmt::print(
      "wrote {} ({:.1f} min, {} steps simulated)\n  truth: {}\n  runner: {}\n"
      "  treadmill: {}\nanalyze it with:\n  stridecue analyze {} --runner {} "
      "--treadmill {}\n",
      o.out, o.minutes, sim.truth().size(), truth_path, runner_path, treadmill_path, o.out,
      runner_path, treadmill_path);
  return kExitOk;
}

}  // namespace

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* cmd = app.add_subcommand("simulate", "write a simulated trial and its ground truth");
  cmd->add_option("--minutes", options->minutes, "length of the trial")
      ->check(CLI::Range(0.01, 600.0));
  cmd->add_option("--out", options->out, "trial file to write (CSV); truth goes to *.truth.csv")
      ->required();
  options->simulator.add_to(*cmd);
  cmd->callback([options, &exit_code] { exit_code = simulate(*options); });
}

}  // namespace stridecue
