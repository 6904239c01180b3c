#include "simulator/stance_force.hpp"

#include <cmath>
#include <numbers>

namespace stridecue {

namespace {

double impact_bump_n(const StanceShape& s, double tau) {
  using std::numbers::pi;
  if (s.impact_n == 0.0) return 0.0;
  if (tau < s.impact_rise_s) return s.impact_n * std::sin(0.5 * pi * tau / s.impact_rise_s);
  const double after_peak = tau - s.impact_rise_s;
  if (after_peak < s.impact_decay_s) {
    return s.impact_n * 0.5 * (1.0 + std::cos(pi * after_peak / s.impact_decay_s));
  }
  return 0.0;
}

}  // namespace

double stance_fz_n(const StanceShape& s, double tau) {
  const double u = tau / s.contact_time_s;
  return s.active_peak_n * std::sin(std::numbers::pi * u) + impact_bump_n(s, tau);
}

StanceSample stance_at(const StanceShape& s, double tau) {
  using std::numbers::pi;
  const double u = tau / s.contact_time_s;
  const double hump = std::sin(pi * u);
  const double sin_2pi_u = 2.0 * hump * std::cos(pi * u);
  // sin(π u / 2) rolls the COP quickly off the heel and slowly onto the toes.
  const double roll = std::sin(0.5 * pi * u);
  const double cop_in_foot_m =
      s.foot_length_m * (s.strike_index + (kToeOffCopFraction - s.strike_index) * roll);

  StanceSample out;
  out.fz_n = s.active_peak_n * hump + impact_bump_n(s, tau);
  out.fx_n = -s.braking_peak_n * sin_2pi_u;
  out.fy_n = s.mediolateral_peak_n * hump;
  out.tz_nm = s.free_moment_peak_nm * hump;
  out.copx_m = s.heel_x_m + cop_in_foot_m - s.belt_speed_m_s * tau;
  out.copy_m = s.cop_y_m;
  return out;
}

}  // namespace stridecue
