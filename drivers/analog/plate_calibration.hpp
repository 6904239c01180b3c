// One analog force plate as its profile describes it (docs/analog_plates.md): how its six
// amplifier outputs (Fx Fy Fz Mx My Mz, volts) become loads, where its true origin is, and how
// its axes sit on the treadmill.
#pragma once

#include <array>
#include <cstddef>

#include "analog/matrix6.hpp"
#include "engine/sample_block.hpp"

namespace stridecue {

// One of our axes (x forward, y left, z up) as a plate axis with a sign: {1, -1} is "-y".
struct AxisMap {
  std::size_t plate_axis = 0;  // 0 x, 1 y, 2 z
  int sign = 1;
};

// Which body the plate's outputs describe the force on. AMTI and Bertec amplifiers report the
// load applied TO the plate; the engine wants the ground reaction on the runner.
enum class ForceSense : std::uint8_t { on_plate, on_body };

struct PlateCalibration {
  Plate plate = Plate::belt;
  std::size_t first_channel = 0;  // raw channels Fx Fy Fz Mx My Mz, in this order, from here
  // loads = matrix · u, u_i = (volts_i - zero_i) / (gain_i · excitation_i): N and N·m per volt
  // at the bridge per volt of excitation (AMTI); with gain 1 and excitation 1 it acts on the
  // amplifier's output volts directly (Bertec-style calibrated outputs).
  Matrix6 matrix{};
  Vector6 gain{1, 1, 1, 1, 1, 1};
  Vector6 excitation_v{1, 1, 1, 1, 1, 1};
  // The true origin (the point the moments are about) from the centre of the top surface, in
  // plate axes (a, b, z0): z0 < 0 when the plate's z points up and the origin is below the top.
  std::array<double, 3> origin_m{0, 0, 0};
  // The centre of the plate's top surface in treadmill coordinates (x forward, y left).
  std::array<double, 2> position_m{0, 0};
  std::array<AxisMap, 3> axes{AxisMap{0, 1}, AxisMap{1, 1}, AxisMap{2, 1}};  // ours x, y, z
  ForceSense sense = ForceSense::on_plate;
};

// Forces (N) and moments about the true origin (N·m), in plate axes, as the plate reports them.
struct PlateLoads {
  double fx = 0, fy = 0, fz = 0, mx = 0, my = 0, mz = 0;
};

// What the engine reads, in our axes: ground reaction on the runner, COP on the treadmill, and
// the free moment about the vertical.
struct PlateOutput {
  double fx_n = 0, fy_n = 0, fz_n = 0, cop_x_m = 0, cop_y_m = 0, tz_nm = 0;
  bool cop_valid = false;  // false below the profile's cop_min_fz_n: COP is undefined there
};

// Volts already zeroed (tare subtracted) to loads in plate axes.
PlateLoads loads_from_volts(const PlateCalibration& plate, const Vector6& zeroed_volts);

// Loads to our axes. COPx = (-My - z0·Fx)/Fz + a, COPy = (Mx - z0·Fy)/Fz + b, and
// Tz = Mz - x·Fy + y·Fx with x, y from the true origin (Kwon, kwon3d.com/theory/grf/cop.html;
// AMTI's manuals use the same form). Below cop_min_fz_n COP is not computed (cop_valid false).
PlateOutput plate_output(const PlateCalibration& plate, const PlateLoads& loads,
                         double cop_min_fz_n);

// The inverse, for simulators and tests: the loads a plate would report for `output` (whose COP
// must be valid), and the volts its amplifiers would put out for them.
PlateLoads loads_for_output(const PlateCalibration& plate, const PlateOutput& output);
Vector6 volts_for_loads(const PlateCalibration& plate, const Matrix6& inverse_matrix,
                        const PlateLoads& loads);

// Empty if the axes are a right-handed mapping that keeps the vertical vertical, else why not.
std::string axes_problem(const std::array<AxisMap, 3>& axes);

}  // namespace stridecue
