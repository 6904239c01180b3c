// Writes a source's force plates and EMG as a C3D file that Visual3D, Mokka, OpenSim (through
// ezc3d or btk) and our own reader open as they are (docs/formats.md, "C3D out"):
//   - one analog channel per force component, F<i>X F<i>Y F<i>Z M<i>X M<i>Y M<i>Z (N, N·mm), with a
//     FORCE_PLATFORM entry of type 2 per plate: channels, corners and origin, so that tools compute
//     the COP themselves;
//   - one analog channel per EMG electrode in V, labelled by muscle and side;
//   - EVENT entries ("Foot Strike" / "Foot Off" with "Left" / "Right" contexts) at the given times.
// The lab frame is ours: x forward, y to the runner's left, z up, in mm. Each plate's axes follow
// the usual force-plate convention (x forward, y to the right, z down), and its channels carry the
// force the foot puts on the plate. A source's plates carry no dimensions, so the corners are
// nominal: a single belt 1.8 × 0.5 m around the treadmill's centre, split belts 1.8 × 0.25 m side
// by side, floor plates 0.6 × 0.4 m in a row along x.
// Streams at different rates are written at the fastest one, the slower interpolated linearly.
// Float storage, Intel byte order; more than 65,535 frames follow the long-trial conventions
// (header frame 65535 with POINT:FRAMES as a float, and TRIAL:ACTUAL_START_FIELD/END_FIELD).
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "files/stance_side.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

struct C3dEventOut {
  std::string label;    // "Foot Strike", "Foot Off"
  std::string context;  // "Left", "Right"
  double time_s = 0.0;  // session time (the source's time axis)
};

struct C3dWriteSummary {
  std::size_t analog_samples = 0;  // per channel
  double analog_rate_hz = 0.0;
  std::size_t plates = 0;
  std::size_t emg_channels = 0;
  std::size_t events = 0;
  double first_sample_s = 0.0;  // the session time of the file's time 0
};

// "Foot Strike" at each stance's contact and "Foot Off" at its toe-off, "Left" or "Right", in time
// order.
std::vector<C3dEventOut> foot_events(std::span<const StanceSide> stances);

// Reads `source` to its end and writes `out`. Throws std::runtime_error naming `out` (or the
// source's failure) when nothing can be written: no force plate, no samples, a write error.
C3dWriteSummary write_c3d(SampleSource& source, std::span<const C3dEventOut> events,
                          const std::filesystem::path& out);

}  // namespace stridecue
