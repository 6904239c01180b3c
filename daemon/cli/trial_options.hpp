// The options that say who runs on what and how to detect contacts, shared by the commands
// that run the engine (analyze, run): TOML files first, then flags over them.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "engine/gait_engine.hpp"

namespace stridecue {

struct TrialOptions {
  std::string runner_file;
  std::string treadmill_file;
  std::optional<double> body_mass_kg;
  std::optional<double> foot_length_m;
  std::optional<double> belt_speed_m_s;
  std::optional<double> contact_threshold_n;
  std::optional<double> release_threshold_n;
  std::optional<double> timing_threshold_n;

  // --runner, --treadmill and the flags that override them.
  void add_runner_flags(CLI::App& command);
  // The contact detection thresholds.
  void add_threshold_flags(CLI::App& command);
  // The files and flags over `base` (a config's engine settings; by default the built-in
  // ones). Throws ConfigError (bad TOML) or std::invalid_argument (bad combination of values).
  EngineSettings settings(const EngineSettings& base = {}) const;
};

}  // namespace stridecue
