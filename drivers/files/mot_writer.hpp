// Writes a source's ground reaction forces as an OpenSim storage file (.mot) in the layout of
// Rajagopal et al.'s `grf_run.mot` (docs/formats.md, "OpenSim .mot out"), so a session goes into
// OpenSim's external loads as it is: time, then R_ground_force_v{x,y,z}, R_ground_force_p{x,y,z},
// the same for L_, then R_ground_torque_{x,y,z} and L_; OpenSim's frame (x forward, y up, z to the
// right), N, m and N·m.
// On split belts the left plate is L_ and the right R_. A single belt carries one foot at a time:
// each sample goes to the side of the stance it lies in (the engine's strides), a load outside
// every stance to the side of the next one (or of the last), so no force is dropped.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

#include "files/stance_side.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

struct MotWriteSummary {
  std::size_t rows = 0;
  double rate_hz = 0.0;
  bool split_by_stance = false;  // a single belt's samples were given to the feet by stance
};

// Reads `source` to its end and writes `out`. Throws std::runtime_error naming `out` (or the
// source's failure): no left/right or belt plate, a single belt without stances, a write error.
MotWriteSummary write_opensim_mot(SampleSource& source, std::span<const StanceSide> stances,
                                  const std::filesystem::path& out);

}  // namespace stridecue
