// OpenSim / Motion Analysis .trc marker files (text, tab-separated):
//
//   PathFileType  4  (X/Y/Z)  <file name>
//   DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  ...   (keys)
//   100       100         510        42          mm     100           ...   (values)
//   Frame#  Time  LASI  <blank>  <blank>  RASI  ...                          (one name per triplet)
//           X1    Y1    Z1  X2  Y2  Z2 ...
//   <data rows: frame number, time in s, x y z per marker; an empty cell or a short row is a gap>
//
// Blank rows (a row of tabs) are skipped. Units mm, cm or m; positions come out in metres.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "files/marker_trajectories.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

// On failure nothing, and *error = "<display_name>:<line>: <what was wrong>".
ParseResult<MarkerTrajectories> read_trc(std::istream& in, std::string_view display_name);

}  // namespace stridecue
