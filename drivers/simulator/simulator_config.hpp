// Configuration of the built-in runner simulator (docs/simulator.md).
//
// Every number has its unit in its name; the defaults describe a 70 kg runner at 3.3 m/s
// (about 12 km/h, a typical easy training pace) with 170 steps/min, on a lab treadmill with
// 1 kHz force plates and 2 kHz surface EMG.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/strike_pattern.hpp"  // StrikePattern, shared with the engine
#include "engine/trial_setup.hpp"     // TreadmillLayout, shared with the engine

namespace stridecue {

// Probabilities of each strike pattern; they need not sum to 1 (they are normalised).
struct StrikeMix {
  double rearfoot = 1.0;
  double midfoot = 0.0;
  double forefoot = 0.0;
};

struct SimulatorConfig {
  double duration_s = 60.0;
  TreadmillLayout layout = TreadmillLayout::split_belt;
  std::uint64_t seed = 1;

  // The runner.
  double body_mass_kg = 70.0;
  double belt_speed_m_s = 3.3;
  double cadence_steps_per_min = 170.0;
  double foot_length_m = 0.26;
  // Strike pattern probabilities at the start and at the end of the session, interpolated
  // linearly over time (e.g. a retraining session that moves from rearfoot to forefoot).
  StrikeMix mix_start{1.0, 0.0, 0.0};
  StrikeMix mix_end{1.0, 0.0, 0.0};
  // Relative standard deviation of step time and of contact time, stride by stride
  // (running stride-time variability is about 1-3 %, Nakayama et al. 2010 Gait Posture).
  double step_jitter = 0.02;

  // Sampling.
  double force_rate_hz = 1000.0;
  double emg_rate_hz = 2000.0;
  double block_s = 0.010;

  // Force-plate sensor: gaussian noise (sd) on fx, fy, fz and a constant offset on fz (fx
  // and fy get smaller offsets), present also in flight.
  double force_noise_n = 2.0;
  double force_offset_n = 8.0;

  // Surface EMG of gluteus medius.
  double emg_gain_v = 0.2e-3;          // burst amplitude (sd of the carrier) at full activation
  double emg_amplitude_jitter = 0.10;  // relative sd of burst amplitude, stride by stride
  double emg_noise_v = 5e-6;           // background (electrode + amplifier) noise, sd
  double mains_hz = 50.0;
  double mains_hum_v = 10e-6;  // amplitude at mains_hz; a third of it at the 3rd harmonic

  // Hip fatigue: the glute activation ratio falls linearly from 1 to fatigue_final_ratio over
  // fatigue_ramp_s, starting at fatigue_onset_s (negative: no fatigue).
  double fatigue_onset_s = -1.0;
  double fatigue_ramp_s = 120.0;
  double fatigue_final_ratio = 0.7;

  // Retraining at a time (for the cadence and glute-onset cues, docs/cues.md): from
  // cadence_change_s on (negative: never) the runner steps at cadence_after_steps_per_min; from
  // the contacts at or after emg_onset_delay_from_s, the gluteus medius burst starts
  // emg_onset_delay_s later (0: never), peaking at contact or 30 ms after the onset, whichever
  // is later, and ending where it did or 40 ms after that peak (Franettovich Smith et al. 2014:
  // a delayed, shorter burst). The defaults change nothing.
  double cadence_change_s = -1.0;
  double cadence_after_steps_per_min = 170.0;
  double emg_onset_delay_s = 0.0;
  double emg_onset_delay_from_s = 0.0;

  // A clean simulation: no sensor noise, offsets, hum or EMG background noise, and no
  // stride-to-stride EMG amplitude jitter. The runner's own variability (step_jitter, the
  // strike mix, the shape of each stance) is kept; set step_jitter = 0 for a metronome.
  bool clean = false;
};

// Empty if the configuration can be simulated, else what is wrong, naming the field
// ("cadence_steps_per_min must be in [100, 260], got 20").
std::string validate(const SimulatorConfig& config);

}  // namespace stridecue
