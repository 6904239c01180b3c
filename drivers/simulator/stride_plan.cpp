#include "simulator/stride_plan.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "simulator/deterministic_rng.hpp"

namespace stridecue {

namespace {

constexpr double kGravity_m_s2 = 9.80665;
// The stride plan's random stream (see DeterministicRng).
constexpr std::uint64_t kPlanStream = 1;
// The runner is in flight when the session starts; the first burst onset (up to 160 ms
// before contact) still falls after t = 0.
constexpr double kFirstContactMin_s = 0.25;
// The shortest flight between one foot's toe-off and the other's contact: running has no
// double support, so a single-belt plate holds one foot at a time.
constexpr double kMinFlight_s = 0.03;
// A burst delayed past contact (SimulatorConfig::emg_onset_delay_s) still rises and falls over
// a few tens of milliseconds: a shape the activation measure can time.
constexpr double kLateBurstRise_s = 0.03;
constexpr double kLateBurstFall_s = 0.04;

struct Range {
  double lo;
  double hi;
};

// Strike index ranges per class, fraction of foot length from the heel. The ranges sit inside
// the engine's default classes (StrikeBoundaries: below 0.47 rearfoot, above 0.76 forefoot),
// away from the borders, so that the class of every stride is clear.
Range strike_index_range(StrikePattern p) {
  switch (p) {
    case StrikePattern::rearfoot: return {0.05, 0.25};
    case StrikePattern::midfoot: return {0.54, 0.66};
    case StrikePattern::forefoot: return {0.80, 0.90};
  }
  return {0.05, 0.25};
}

StrikePattern draw_pattern(const SimulatorConfig& c, double t_s, double u01) {
  const double f = std::clamp(t_s / c.duration_s, 0.0, 1.0);
  const double rear = c.mix_start.rearfoot + f * (c.mix_end.rearfoot - c.mix_start.rearfoot);
  const double mid = c.mix_start.midfoot + f * (c.mix_end.midfoot - c.mix_start.midfoot);
  const double fore = c.mix_start.forefoot + f * (c.mix_end.forefoot - c.mix_start.forefoot);
  const double x = u01 * (rear + mid + fore);
  if (x < rear) return StrikePattern::rearfoot;
  if (x < rear + mid || fore <= 0.0) return StrikePattern::midfoot;
  return StrikePattern::forefoot;
}

}  // namespace

double burst_envelope(const BurstShape& b, double t) {
  using std::numbers::pi;
  if (t <= b.onset_s || t >= b.offset_s) return 0.0;
  if (t < b.peak_s) return 0.5 * (1.0 - std::cos(pi * (t - b.onset_s) / (b.peak_s - b.onset_s)));
  return 0.5 * (1.0 + std::cos(pi * (t - b.peak_s) / (b.offset_s - b.peak_s)));
}

double activation_ratio_at(const SimulatorConfig& c, double t_s) {
  if (c.fatigue_onset_s < 0.0 || t_s <= c.fatigue_onset_s) return 1.0;
  const double progress =
      c.fatigue_ramp_s > 0.0 ? std::min(1.0, (t_s - c.fatigue_onset_s) / c.fatigue_ramp_s) : 1.0;
  return 1.0 + progress * (c.fatigue_final_ratio - 1.0);
}

double nominal_contact_time_s(double belt_speed_m_s, double step_s) {
  // Below 1 m/s the runner would be walking; keep the law in its running range.
  const double speed_m_s = std::max(belt_speed_m_s, 1.0);
  return std::min(0.25 * std::pow(speed_m_s / 3.3, -0.8), 0.8 * step_s);
}

StridePlan plan_strides(const SimulatorConfig& c) {
  DeterministicRng rng(c.seed, kPlanStream);
  const double body_weight_n = c.body_mass_kg * kGravity_m_s2;
  const double step_s = 60.0 / c.cadence_steps_per_min;
  const double contact_time_s = nominal_contact_time_s(c.belt_speed_m_s, step_s);
  // The runner's own glute onset lead. Gluteus medius pre-activates in late swing to
  // stabilise the pelvis for landing; 100-150 ms is a design value for that lead, not a
  // measured one: compare it with your own recordings.
  const double emg_lead_s = rng.uniform(0.100, 0.150);

  StridePlan plan;
  std::vector<double> contacts;
  Side side = rng.uniform() < 0.5 ? Side::left : Side::right;
  const double step_after_s = 60.0 / c.cadence_after_steps_per_min;
  const auto step_at = [&](double t) {
    return c.cadence_change_s >= 0.0 && t >= c.cadence_change_s ? step_after_s : step_s;
  };
  for (double t = kFirstContactMin_s + rng.uniform(0.0, step_s); t < c.duration_s;
       t += step_at(t) * (1.0 + rng.gaussian_clamped(c.step_jitter))) {
    contacts.push_back(t);
  }
  plan.truth.reserve(contacts.size());
  plan.stance.reserve(contacts.size());
  plan.burst.reserve(contacts.size());

  for (std::size_t i = 0; i < contacts.size(); ++i) {
    const double contact_s = contacts[i];
    const double next_contact_s = i + 1 < contacts.size() ? contacts[i + 1] : contact_s + step_s;
    // Draw every number for every stride in a fixed order, whatever the pattern, so that one
    // setting (e.g. the strike mix) does not reshuffle the others.
    const double tc_factor = 1.0 + rng.gaussian_clamped(c.step_jitter);
    const StrikePattern pattern = draw_pattern(c, contact_s, rng.uniform());
    const double index_u = rng.uniform();
    const double active_peak_bw = rng.uniform(2.3, 2.7);
    // Rearfoot impact bump: its top at 10-12 % of stance, gone 7-9 % of stance later, and
    // 0.75-1 BW on top of the hump, which puts the transient at 1.5-2.05 BW with a dip of at
    // least 0.19 BW after it over these whole ranges (checked numerically; Lieberman et al.
    // 2010: 1.5-2 BW shod and barefoot rearfoot strikes).
    const double impact_at = rng.uniform(0.10, 0.12);  // fraction of stance
    const double impact_bw = rng.uniform(0.75, 1.00);
    const double impact_decay = rng.uniform(0.07, 0.09);  // fraction of stance
    const double midfoot_bump_bw = rng.uniform(0.10, 0.20);
    // Braking peak 0.3-0.45 BW at 3-4.5 m/s (Cavanagh & Lafortune 1980; Munro et al. 1987,
    // J Biomech); mediolateral 0.05-0.1 BW; free moment a few N·m (Holden & Cavanagh 1991,
    // J Biomech).
    const double braking_bw = rng.uniform(0.30, 0.45);
    const double mediolateral_bw = rng.uniform(0.05, 0.10);
    const double free_moment_nm_per_kg = rng.uniform(0.04, 0.10);
    const double heel_jitter_m = rng.gaussian_clamped(0.02);
    const double cop_y_jitter_m = rng.gaussian_clamped(0.01);
    const double onset_jitter_s = rng.uniform(-0.010, 0.010);
    const double offset_fraction = rng.uniform(0.30, 0.40);
    const double amplitude_jitter = rng.gaussian_clamped(c.emg_amplitude_jitter);
    const double amplitude_factor = 1.0 + (c.clean ? 0.0 : amplitude_jitter);

    const double tc =
        std::min(contact_time_s * tc_factor, next_contact_s - contact_s - kMinFlight_s);
    const Range range = strike_index_range(pattern);
    const double side_sign = side == Side::left ? 1.0 : -1.0;

    StanceShape s;
    s.contact_s = contact_s;
    s.contact_time_s = tc;
    s.active_peak_n = active_peak_bw * body_weight_n;
    switch (pattern) {
      case StrikePattern::rearfoot:
        s.impact_rise_s = impact_at * tc;
        s.impact_decay_s = impact_decay * tc;
        s.impact_n = impact_bw * body_weight_n;
        break;
      case StrikePattern::midfoot:
        // Slow enough to fall less steeply than the hump rises: a bulge, not a peak.
        s.impact_rise_s = impact_at * tc;
        s.impact_decay_s = 0.25 * tc;
        s.impact_n = midfoot_bump_bw * body_weight_n;
        break;
      case StrikePattern::forefoot: break;
    }
    s.braking_peak_n = braking_bw * body_weight_n;
    // The ground pushes each foot towards the midline: -y for the left foot.
    s.mediolateral_peak_n = -side_sign * mediolateral_bw * body_weight_n;
    s.free_moment_peak_nm = side_sign * free_moment_nm_per_kg * c.body_mass_kg;
    s.strike_index = range.lo + index_u * (range.hi - range.lo);
    s.foot_length_m = c.foot_length_m;
    // The foot lands ahead of the plate centre and the belt carries it back past it.
    s.heel_x_m = 0.10 + heel_jitter_m;
    // Step width: feet ~8 cm either side of the midline on a single belt; on a split belt each
    // plate is centred under its own foot.
    s.cop_y_m =
        (c.layout == TreadmillLayout::single_belt ? side_sign * 0.08 : 0.0) + cop_y_jitter_m;
    s.belt_speed_m_s = c.belt_speed_m_s;

    BurstShape b;
    const bool delayed = c.emg_onset_delay_s > 0.0 && contact_s >= c.emg_onset_delay_from_s;
    b.onset_s = contact_s - emg_lead_s + onset_jitter_s + (delayed ? c.emg_onset_delay_s : 0.0);
    b.peak_s = contact_s;
    b.offset_s = contact_s + offset_fraction * tc;
    if (delayed) {
      b.peak_s = std::max(b.peak_s, b.onset_s + kLateBurstRise_s);
      b.offset_s = std::max(b.offset_s, b.peak_s + kLateBurstFall_s);
    }
    const double ratio = activation_ratio_at(c, contact_s);
    b.amplitude = std::max(0.0, ratio * amplitude_factor);

    TruthStride t;
    t.side = side;
    t.contact_s = contact_s;
    t.toe_off_s = contact_s + tc;
    t.pattern = pattern;
    t.strike_index = s.strike_index;
    t.activation_ratio = ratio;
    t.emg_onset_s = b.onset_s;
    t.emg_offset_s = b.offset_s;
    // The impact bump ends before mid-stance and stays below the hump's peak, so the maximum
    // is the hump's.
    t.peak_fz_n = s.active_peak_n;
    t.impact_transient = pattern == StrikePattern::rearfoot;

    plan.truth.push_back(t);
    plan.stance.push_back(s);
    plan.burst.push_back(b);
    side = side == Side::left ? Side::right : Side::left;
  }
  return plan;
}

}  // namespace stridecue
