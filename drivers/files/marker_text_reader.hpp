// Marker trajectories as delimited text (the RBDS data set's layout, and what spreadsheets
// export): a header row `Time` then `<name>X <name>Y <name>Z` per marker, then one row per
// frame: the time in s and the coordinates. Tab-separated (comma when the header has no tab);
// an empty cell is a gap, as is a row that stops early. The file does not say its length unit:
// the caller does ("mm" for RBDS). A time column printed with too few digits (150 Hz to the
// ms) is put back on its exact grid (regularise_frame_times).
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "files/marker_trajectories.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

// On failure nothing, and *error = "<display_name>:<line>: <what was wrong>".
ParseResult<MarkerTrajectories> read_marker_text(std::istream& in, std::string_view display_name,
                                                 std::string_view units);

}  // namespace stridecue
