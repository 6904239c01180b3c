// The POINT data of a C3D file as marker trajectories. c3d_file.hpp parses the structure and
// the samples (integer storage × POINT:SCALE, or float); here: names from POINT:LABELS (then
// LABELS2, LABELS3, ...; a point without a label is "POINT<n>"), lengths from POINT:UNITS
// (mm, cm or m) to metres, and a sample whose residual word is negative (the format's
// "invalid point") as a gap. Frame n of the file is at (n − 1) / POINT:RATE seconds, as the
// file's analog data and events are.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "files/c3d_file.hpp"
#include "files/marker_trajectories.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

// On failure nothing, and *error names the file and the byte or parameter at fault.
ParseResult<MarkerTrajectories> read_c3d_points(std::span<const std::uint8_t> bytes,
                                                std::string_view display_name);
ParseResult<MarkerTrajectories> c3d_points(const C3dFile& file, std::string_view display_name);

}  // namespace stridecue
