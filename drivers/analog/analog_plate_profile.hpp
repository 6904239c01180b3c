// A device profile for an analog force-plate treadmill (config/devices/<name>.toml): per plate
// its calibration (plate_calibration.hpp), and the treadmill's tare and COP limits.
//
//   name = "example_split_belt"
//   stream = "analog"            # the raw source's stream of volts (default: its first)
//   tare_window_s = 0.5
//   [[plate]]
//   plate = "left"
//   first_channel = 0            # Fx Fy Fz Mx My Mz from this raw channel on
//   matrix = [[...6...], ... 6 rows]
//   gain = [4000, ...]           # optional, default 1
//   excitation_v = [10, ...]     # optional, default 1
//   origin_m = [a, b, z0]
//   position_m = [x, y]          # optional, default [0, 0]
//   axes = ["y", "x", "-z"]      # our x, y, z as plate axes (default ["x", "y", "z"])
//   force_sense = "on_plate"     # or "on_body"
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analog/plate_calibration.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

struct AnalogPlateProfile {
  std::string name;
  std::string description;
  std::string stream;  // empty: the raw source's first stream
  std::vector<PlateCalibration> plates;
  double cop_min_fz_n = 20.0;  // below this vertical force COP is held, not computed
  double tare_window_s = 0.5;  // volts averaged over this long make the new zero
  // Tare is refused if, with the current zero, a plate's mean |Fz| over the window exceeds
  // tare_max_fz_n or its Fz moves by more than tare_max_range_n (someone on the belt).
  double tare_max_fz_n = 100.0;
  double tare_max_range_n = 30.0;
};

// Parses a profile; on error returns nullopt and sets *error to "<display_name>:<line>:<col>:
// <what>", naming the field (unknown keys, a matrix that is not 6×6, numbers that are not
// finite, an unknown or repeated plate, zero gains, axes that are not a right-handed mapping,
// overlapping channels, a singular matrix).
ParseResult<AnalogPlateProfile> parse_analog_plate_profile(std::string_view toml_text,
                                                           std::string_view display_name);

ParseResult<AnalogPlateProfile> load_analog_plate_profile(const std::filesystem::path& path);

}  // namespace stridecue
