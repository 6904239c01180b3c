// A test plate with a made-up but non-trivial calibration (cross-talk, unequal gains, an
// offset true origin), and a load built from first principles: a point force on the top
// surface and a free moment, with the moments about the true origin as M = r × F + Tz.
#pragma once

#include "analog/plate_calibration.hpp"

namespace stridecue::test {

inline PlateCalibration test_plate() {
  PlateCalibration p;
  p.plate = Plate::left;
  const double diag[6] = {2.0e6, 2.5e6, 1.0e7, 8.0e5, 9.0e5, 1.5e6};
  for (std::size_t r = 0; r < 6; ++r) {
    for (std::size_t c = 0; c < 6; ++c) {
      const double crosstalk = 0.01 * static_cast<double>((int(r) * 5 + int(c) * 3) % 7 - 3);
      p.matrix[r * 6 + c] = r == c ? diag[r] : diag[r] * crosstalk;
    }
  }
  p.gain = {4000, 4000, 2000, 1000, 1000, 2000};
  p.excitation_v = {10, 10, 10, 10, 10, 10};
  p.origin_m = {0.002, -0.001, -0.04};
  return p;
}

struct PointLoad {
  double fx, fy, fz;  // the force applied to the plate, plate axes, N
  double x, y;        // where, on the top surface from its centre, m
  double tz;          // free moment about the plate's z, N·m
};

// The moments about the true origin: the surface point is at (x - a, y - b, -z0) from it.
inline PlateLoads loads_of(const PlateCalibration& p, const PointLoad& l) {
  const double rx = l.x - p.origin_m[0], ry = l.y - p.origin_m[1], rz = -p.origin_m[2];
  return {
      l.fx, l.fy, l.fz, ry * l.fz - rz * l.fy, rz * l.fx - rx * l.fz, rx * l.fy - ry * l.fx + l.tz};
}

}  // namespace stridecue::test
