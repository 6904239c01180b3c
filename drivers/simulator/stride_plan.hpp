// The strides of a whole simulated session, drawn at construction from the seed: when each
// foot lands and leaves, how it lands, and the shape of its forces and glute burst.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/sample_block.hpp"
#include "simulator/simulator_config.hpp"
#include "simulator/stance_force.hpp"

namespace stridecue {

// What really happened in one stance: the ground truth an analysis is scored against.
struct TruthStride {
  Side side = Side::left;
  double contact_s = 0.0;
  double toe_off_s = 0.0;
  StrikePattern pattern = StrikePattern::rearfoot;
  double strike_index = 0.0;      // COP at contact, fraction of foot length from the heel
  double activation_ratio = 1.0;  // glute burst amplitude relative to the unfatigued runner
  double emg_onset_s = 0.0;       // gluteus medius burst start (before contact)
  double emg_offset_s = 0.0;      // burst end (30-40 % into stance)
  double peak_fz_n = 0.0;         // clean vertical force maximum
  bool impact_transient = false;  // the clean fz has a local impact maximum before the dip
};

// The gluteus medius activation envelope of one stride: a raised-cosine rise from onset to a
// peak at contact, a raised-cosine fall to zero at offset.
struct BurstShape {
  double onset_s = 0.0;
  double peak_s = 0.0;
  double offset_s = 0.0;
  double amplitude = 1.0;  // activation ratio × stride-to-stride jitter; times emg_gain_v
};

// Envelope in [0, 1] at session time `t_s`; 0 outside (onset, offset).
double burst_envelope(const BurstShape& burst, double t_s);

struct StridePlan {
  std::vector<TruthStride> truth;   // in contact order, sides alternating
  std::vector<StanceShape> stance;  // parallel to truth
  std::vector<BurstShape> burst;    // parallel to truth
};

// Glute activation relative to the unfatigued runner at session time t_s (DESIGN.md: reduced
// gluteus medius activation as the hips tire).
double activation_ratio_at(const SimulatorConfig& config, double t_s);

// Nominal ground contact time for a running speed: a power law through 0.25 s at 3.3 m/s
// that shortens with speed towards ~0.1 s at sprint speeds, the trend Dorn et al. 2012
// (J Exp Biol) measured from 3.5 to 9 m/s; capped at 80 % of the step so that there is
// always a flight phase.
double nominal_contact_time_s(double belt_speed_m_s, double step_s);

// Requires validate(config) to be empty.
StridePlan plan_strides(const SimulatorConfig& config);

}  // namespace stridecue
