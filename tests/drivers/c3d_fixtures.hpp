// Test helper: small C3D files with one force platform whose expected forces, COP and free
// moment are worked out by hand below, written in any processor format and storage.
#pragma once

#include <string>
#include <vector>

#include "drivers/c3d_test_writer.hpp"

namespace stridecue::test {

// The FORCE_PLATFORM group of one type-2 plate on analog channels 1-6: 400 × 600 mm centred on
// lab (1000, 500, 0) mm, true origin 40 mm below the surface (ORIGIN written as +40).
inline void add_type2_plate(C3dWriter& w) {
  w.add_int("FORCE_PLATFORM", "USED", {}, {1});
  w.add_int("FORCE_PLATFORM", "TYPE", {1}, {2});
  w.add_int("FORCE_PLATFORM", "ZERO", {2}, {0, 0});
  w.add_float("FORCE_PLATFORM", "CORNERS", {3, 4, 1},
              {1200, 200, 0, 800, 200, 0, 800, 800, 0, 1200, 800, 0});
  w.add_float("FORCE_PLATFORM", "ORIGIN", {3, 1}, {0, 0, 40});
  w.add_int("FORCE_PLATFORM", "CHANNEL", {6, 1}, {1, 2, 3, 4, 5, 6});
}

// A type-2 plate 400 × 600 mm centred on lab (1000, 500, 0) mm, plate axes x = lab x,
// y = −lab y, z = −lab z (down, as AMTI plates), true origin 40 mm below the surface (ORIGIN
// written as +40, Vicon-style). 7 analog channels: Fx Fy Fz Mx My Mz EMG; 2 samples per
// frame at 100 Hz (200 Hz analog); 3 frames from frame 11 (start 0.1 s); one marker.
//
// Stored values: (raw − 100) × SCALE × GEN_SCALE 2. Analog sample 0 is unloaded; samples 1 …
// 5 carry, in the plate frame, F = (10, 20, −500) N and M = (30000, −40000, 5000) N·mm.
// By hand: o = (0, 0, −0.04) m, M + F × o = (29.2, −39.6, 5) N·m, COP (plate, from centre)
// = (−0.0792, −0.0584) m, free moment 5 − (copx·Fy − copy·Fx) = 6 N·m. In the lab: F = (10,
// −20, 500), COP = (0.9208, 0.5584) m, Tz = −6 N·m.
inline C3dWriter plate_file(C3dProcessor processor, bool float_storage) {
  C3dWriter w;
  w.processor = processor;
  w.float_storage = float_storage;
  w.points = 1;
  w.first_frame = 11;
  w.frames = 3;
  w.analog_samples_per_frame = 2;
  w.analog_channels = 7;
  w.point_values = {100.5, -20.2, 3.0, 101.5, -20.4, 3.1, 102.5, -20.6, 3.2};
  const std::vector<double> loaded = {120, 140, -900, 3100, -3900, 600, 1100};
  const std::vector<double> unloaded = {100, 100, 100, 100, 100, 100, 100};
  for (int s = 0; s < 6; ++s) {
    const auto& v = s == 0 ? unloaded : loaded;
    w.analog_raw.insert(w.analog_raw.end(), v.begin(), v.end());
  }
  w.add_basics({"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1", "EMG"},
               {0.25, 0.25, 0.25, 5, 5, 5, 0.0005}, {100, 100, 100, 100, 100, 100, 100}, 2.0);
  w.add_chars("ANALOG", "UNITS", {"N", "N", "N", "Nmm", "Nmm", "Nmm", "V"});
  add_type2_plate(w);
  w.add_int("EVENT", "USED", {}, {2});
  w.add_chars("EVENT", "LABELS", {"Foot Strike", "Foot Off"});
  w.add_chars("EVENT", "CONTEXTS", {"Right", "Left"});
  w.add_float("EVENT", "TIMES", {2, 2}, {0, 0.105, 1, 0.5});
  return w;
}

}  // namespace stridecue::test
