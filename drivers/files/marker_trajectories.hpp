// Marker trajectories from motion capture, one shape for every marker file format (TRC, C3D
// POINT data, delimited text): marker names, the frame rate and the time of each frame, and
// every marker's position in metres, in the file's own lab axes. A marker the cameras lost is a
// gap: NaN in all three coordinates of that frame.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>
#include "source/parse_result.hpp"

namespace stridecue {

struct MarkerTrajectories {
  std::string source;              // the file, as named in messages
  std::vector<std::string> names;  // as in the file
  double rate_hz = 0.0;
  std::vector<double> times_s;  // one per frame, increasing
  // frames × names × (x, y, z) in metres, frame-major; NaN marks a gap.
  std::vector<double> xyz_m;
  // What the file says about its axes, if anything ("" when it says nothing): C3D's
  // POINT:X_SCREEN / Y_SCREEN, a TRC's coordinate note. The angle code detects or is told
  // which axis is up; this is for messages.
  std::string axes;
  // Anything the reader had to interpret (a time column put back on its frame grid), for
  // reports; "" when nothing.
  std::string note;

  std::size_t frames() const { return times_s.size(); }
  std::size_t markers() const { return names.size(); }
  // Index of the marker named exactly `name`, if there is one.
  std::optional<std::size_t> find(std::string_view name) const;
  std::array<double, 3> at(std::size_t frame, std::size_t marker) const {
    const double* p = xyz_m.data() + (frame * names.size() + marker) * 3;
    return {p[0], p[1], p[2]};
  }
  bool present(std::size_t frame, std::size_t marker) const {
    const auto p = at(frame, marker);
    return std::isfinite(p[0]) && std::isfinite(p[1]) && std::isfinite(p[2]);
  }
};

// Metres per unit for a length unit written in a marker file ("mm", "cm", "m"; any case), or
// nothing for a unit that is not a length.
std::optional<double> metres_per_unit(std::string_view unit);

// Frame times as read from a file's time column, which is often rounded to the printed
// precision (RBDS prints 150 Hz frames to the ms: 0, 0.007, 0.013, ...). When every time lies
// within a quarter frame of a uniform grid at a whole-number rate, the grid's exact times
// replace them and that rate is returned. A column that spans n / rate for n frames at a
// whole-number rate (linspace(0, 30, 4500) for 4500 frames at 150 Hz: RBDS0041) is one frame
// too long: it is put on the rate's grid too, and *note (if given) says so. Otherwise the times
// stay as read and the mean rate is returned. `times` must hold at least two increasing values.
double regularise_frame_times(std::vector<double>& times, std::string* note = nullptr);

// The marker file at `path`, by its extension: .trc (trc_reader.hpp), .c3d (c3d_points.hpp),
// .txt/.tsv/.csv (marker_text_reader.hpp, lengths in `text_units`); on failure which file,
// where and what.
ParseResult<MarkerTrajectories> read_marker_file(const std::string& path,
                                                 std::string_view text_units = "mm");

}  // namespace stridecue
