// The ground reaction force of one running stance, as a force plate under the foot sees it.
//
// Vertical force (fz): a half-sine hump, the spring-mass picture of running (Blickhan 1989,
// J Biomech), peaking at mid-stance at 2.3-2.7 body weights (Cavanagh & Lafortune 1980,
// J Biomech: active peak ~2.5-2.8 BW). Its slope at contact and toe-off is
// peak·π/contact_time (about 21 N/ms for the defaults), so the force leaves zero within a
// millisecond. Rearfoot strikes add an impact bump: a quarter-sine rise to the impact
// transient at 10-14 % of stance (27-35 ms at 3.3 m/s) and a raised-cosine decay that falls
// faster than the hump rises, leaving a dip before the active peak (Lieberman et al. 2010,
// Nature: impact transient of 1.5-2 BW in rearfoot strikers, none in forefoot strikers).
// Midfoot strikes get a small slow bump that makes no local maximum.
//
// Anteroposterior shear (fx): braking (negative) in the first half of stance, propulsion
// (positive) in the second, as one period of a sine; mediolateral (fy) and the free moment
// (tz) are small half-sines.
//
// Centre of pressure: in the foot frame (metres from the heel) it starts at
// strike_index × foot_length and rolls to 0.9 × foot_length at toe-off; the belt carries the
// foot backwards, so on the plate copx = heel_x + cop_in_foot − belt_speed × time_in_stance.
#pragma once

namespace stridecue {

// The parameters of one stance; drawn once per stride by plan_strides().
struct StanceShape {
  double contact_s = 0.0;
  double contact_time_s = 0.25;
  double active_peak_n = 0.0;
  double impact_n = 0.0;  // amplitude of the impact bump added to the hump; 0 for none
  double impact_rise_s = 0.0;
  double impact_decay_s = 0.0;
  double braking_peak_n = 0.0;       // fx = -braking_peak_n · sin(2π u)
  double mediolateral_peak_n = 0.0;  // signed: the ground pushes the foot medially
  double free_moment_peak_nm = 0.0;  // signed
  double strike_index = 0.0;         // fraction of foot length from the heel
  double foot_length_m = 0.26;
  double heel_x_m = 0.0;  // plate coordinates of the heel at contact
  double cop_y_m = 0.0;
  double belt_speed_m_s = 0.0;
};

// Where the centre of pressure ends, as a fraction of foot length from the heel: under the
// toes at push-off.
inline constexpr double kToeOffCopFraction = 0.9;

struct StanceSample {
  double fx_n = 0.0;
  double fy_n = 0.0;
  double fz_n = 0.0;
  double tz_nm = 0.0;
  double copx_m = 0.0;
  double copy_m = 0.0;
};

// The clean signals `since_contact_s` into the stance; only meaningful in
// (0, contact_time_s), where fz > 0.
StanceSample stance_at(const StanceShape& shape, double since_contact_s);

// Vertical force only (the same value as stance_at(...).fz_n).
double stance_fz_n(const StanceShape& shape, double since_contact_s);

}  // namespace stridecue
