// Runner and treadmill files (TOML): who runs, on what. See config/runners/ and
// config/treadmills/ for examples; docs/formats.md for the keys.
#pragma once

#include <string>

#include "engine/trial_setup.hpp"

namespace stridecue {

// Each throws ConfigError naming file, line and column.
RunnerInfo load_runner(const std::string& path);
TreadmillInfo load_treadmill(const std::string& path);
RunnerInfo parse_runner(std::string_view toml_text, const std::string& display_name);
TreadmillInfo parse_treadmill(std::string_view toml_text, const std::string& display_name);

// Plausible human and treadmill ranges: a value outside is a typo (grams, millimetres).
inline constexpr double kMinBodyMassKg = 20.0, kMaxBodyMassKg = 250.0;
inline constexpr double kMinFootLengthM = 0.15, kMaxFootLengthM = 0.40;
inline constexpr double kMaxBeltSpeedMS = 12.0;

}  // namespace stridecue
