#include "analog/plate_calibration.hpp"

#include <cmath>
#include <string>

namespace stridecue {
namespace {

// R[ours][plate]: our axis `ours` is sign × plate axis.
double r(const PlateCalibration& p, std::size_t ours, std::size_t plate_axis) {
  return p.axes[ours].plate_axis == plate_axis ? static_cast<double>(p.axes[ours].sign) : 0.0;
}

double sense_sign(const PlateCalibration& p) {
  return p.sense == ForceSense::on_plate ? -1.0 : 1.0;
}

}  // namespace

PlateLoads loads_from_volts(const PlateCalibration& plate, const Vector6& zeroed_volts) {
  Vector6 u{};
  for (std::size_t i = 0; i < 6; ++i)
    u[i] = zeroed_volts[i] / (plate.gain[i] * plate.excitation_v[i]);
  const Vector6 l = multiply(plate.matrix, u);
  return {l[0], l[1], l[2], l[3], l[4], l[5]};
}

PlateOutput plate_output(const PlateCalibration& plate, const PlateLoads& l, double cop_min_fz_n) {
  const double s = sense_sign(plate);
  const std::array<double, 3> f{l.fx, l.fy, l.fz};
  PlateOutput out;
  double* ours[3] = {&out.fx_n, &out.fy_n, &out.fz_n};
  for (std::size_t i = 0; i < 3; ++i) {
    *ours[i] = s * r(plate, i, plate.axes[i].plate_axis) * f[plate.axes[i].plate_axis];
  }
  if (std::abs(l.fz) < cop_min_fz_n || !(std::abs(l.fz) > 0.0)) return out;

  const double z0 = plate.origin_m[2];
  // From the true origin, in plate axes: M = r × F + (0, 0, Tz) with r = (x, y, -z0).
  const double x = (-l.my - z0 * l.fx) / l.fz;
  const double y = (l.mx - z0 * l.fy) / l.fz;
  const double tz_plate = l.mz - x * l.fy + y * l.fx;
  const std::array<double, 3> cop_plate{x + plate.origin_m[0], y + plate.origin_m[1], 0.0};
  out.cop_x_m = plate.position_m[0] +
                r(plate, 0, plate.axes[0].plate_axis) * cop_plate[plate.axes[0].plate_axis];
  out.cop_y_m = plate.position_m[1] +
                r(plate, 1, plate.axes[1].plate_axis) * cop_plate[plate.axes[1].plate_axis];
  out.tz_nm = s * static_cast<double>(plate.axes[2].sign) * tz_plate;
  out.cop_valid = true;
  return out;
}

PlateLoads loads_for_output(const PlateCalibration& plate, const PlateOutput& o) {
  const double s = sense_sign(plate);
  // Rᵀ: plate axis k = sum over ours i of R[i][k] · ours_i.
  const std::array<double, 3> f_ours{o.fx_n, o.fy_n, o.fz_n};
  const std::array<double, 3> cop_ours{o.cop_x_m - plate.position_m[0],
                                       o.cop_y_m - plate.position_m[1], 0.0};
  std::array<double, 3> f{}, c{};
  for (std::size_t k = 0; k < 3; ++k) {
    for (std::size_t i = 0; i < 3; ++i) {
      f[k] += s * r(plate, i, k) * f_ours[i];
      c[k] += r(plate, i, k) * cop_ours[i];
    }
  }
  const double x = c[0] - plate.origin_m[0];
  const double y = c[1] - plate.origin_m[1];
  const double z = -plate.origin_m[2];
  const double tz_plate = s * static_cast<double>(plate.axes[2].sign) * o.tz_nm;
  PlateLoads l;
  l.fx = f[0];
  l.fy = f[1];
  l.fz = f[2];
  l.mx = y * f[2] - z * f[1];
  l.my = z * f[0] - x * f[2];
  l.mz = x * f[1] - y * f[0] + tz_plate;
  return l;
}

Vector6 volts_for_loads(const PlateCalibration& plate, const Matrix6& inverse_matrix,
                        const PlateLoads& l) {
  const Vector6 u = multiply(inverse_matrix, {l.fx, l.fy, l.fz, l.mx, l.my, l.mz});
  Vector6 v{};
  for (std::size_t i = 0; i < 6; ++i)
    v[i] = u[i] * plate.gain[i] * plate.excitation_v[i];
  return v;
}

std::string axes_problem(const std::array<AxisMap, 3>& axes) {
  bool used[3] = {false, false, false};
  for (const AxisMap& a : axes) {
    if (a.plate_axis > 2 || (a.sign != 1 && a.sign != -1)) return "an axis is not x, y or z";
    if (used[a.plate_axis]) return "two of our axes map to the same plate axis";
    used[a.plate_axis] = true;
  }
  if (axes[2].plate_axis != 2) {
    return "our z (up) must be the plate's z or -z: a plate lies flat under the belt";
  }
  // det R for a signed permutation: the permutation's parity times the signs.
  const std::size_t p0 = axes[0].plate_axis, p1 = axes[1].plate_axis;
  const int parity = (p0 == 0 && p1 == 1) ? 1 : -1;  // z fixed: identity or the x/y swap
  if (parity * axes[0].sign * axes[1].sign * axes[2].sign != 1) {
    return "the mapping is a mirror image (left-handed): check the signs";
  }
  return {};
}

}  // namespace stridecue
