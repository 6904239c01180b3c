// Flags that describe the simulated runner, shared by `simulate` and `run`.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "simulator/simulator_config.hpp"

namespace stridecue {

struct SimulatorOptions {
  SimulatorConfig config;
  std::string layout = "split";
  std::string pattern = "mixed";
  double fatigue_onset_min = -1.0;

  void add_to(CLI::App& command);
  // The config with the string flags applied; throws std::invalid_argument if unusable.
  SimulatorConfig resolved() const;
};

}  // namespace stridecue
