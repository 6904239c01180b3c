// Column profiles: which columns of a foreign file (an OpenSim .mot/.sto) are which force-plate
// channels, with the sign and scale that turn the file's axes into ours (x forward, y left,
// z up; SI units). Loaded from TOML, e.g. config/profiles/opensim_grf.toml:
//
//   name = "opensim_grf"
//   time_column = "time"
//   [columns]
//   R_ground_force_vy = { plate = "right", quantity = "fz" }
//   R_ground_force_vz = { plate = "right", quantity = "fy", scale = -1.0 }
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue {

struct ColumnMapping {
  std::string column;  // as named in the file
  Plate plate = Plate::belt;
  Quantity quantity = Quantity::force_z;  // a force-plate quantity: fx fy fz copx copy tz
  double scale = 1.0;                     // ours = scale × file's
};

struct ColumnProfile {
  std::string name;
  std::string description;
  std::string time_column = "time";
  std::vector<ColumnMapping> columns;

  const ColumnMapping* find(std::string_view column) const;
};

// Parses a profile; on error returns nullopt and sets *error to
// "<display_name>:<line>:<column>: <what>" (unknown keys, wrong types, unknown plate or
// quantity names, two columns for one channel, a plate without fz, belt mixed with left/right).
std::optional<ColumnProfile> parse_column_profile(std::string_view toml_text,
                                                  std::string_view display_name,
                                                  std::string* error);

// Reads and parses the profile file at `path` ("<path>: cannot open: ..." if unreadable).
std::optional<ColumnProfile> load_column_profile(const std::filesystem::path& path,
                                                 std::string* error);

}  // namespace stridecue
