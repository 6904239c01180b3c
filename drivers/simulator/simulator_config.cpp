#include "simulator/simulator_config.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace stridecue {

namespace {

// NaN fails every range check because every comparison with it is false.
bool in_range(double v, double lo, double hi) {
  return v >= lo && v <= hi;
}

std::string check_range(std::string_view name, double v, double lo, double hi) {
  if (in_range(v, lo, hi)) return {};
  return fmt::format("{} must be in [{}, {}], got {}", name, lo, hi, v);
}

std::string check_mix(std::string_view name, const StrikeMix& m) {
  if (!(m.rearfoot >= 0.0 && m.midfoot >= 0.0 && m.forefoot >= 0.0) ||
      !std::isfinite(m.rearfoot + m.midfoot + m.forefoot) ||
      m.rearfoot + m.midfoot + m.forefoot <= 0.0) {
    return fmt::format(
        "{} must hold finite probabilities >= 0 with a positive sum, got {{{}, {}, {}}}", name,
        m.rearfoot, m.midfoot, m.forefoot);
  }
  return {};
}

}  // namespace

std::string validate(const SimulatorConfig& c) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const std::string checks[] = {
      check_range("duration_s", c.duration_s, 1e-3, 48 * 3600.0),
      check_range("body_mass_kg", c.body_mass_kg, 20.0, 200.0),
      check_range("belt_speed_m_s", c.belt_speed_m_s, 0.0, 12.0),
      // Running cadences lie between about 140 and 220 steps/min; below 100 it is walking.
      check_range("cadence_steps_per_min", c.cadence_steps_per_min, 100.0, 260.0),
      check_range("foot_length_m", c.foot_length_m, 0.15, 0.35),
      check_mix("mix_start", c.mix_start),
      check_mix("mix_end", c.mix_end),
      check_range("step_jitter", c.step_jitter, 0.0, 0.2),
      check_range("force_rate_hz", c.force_rate_hz, 100.0, 100e3),
      check_range("emg_rate_hz", c.emg_rate_hz, 100.0, 100e3),
      check_range("block_s", c.block_s, 1e-4, 1.0),
      check_range("force_noise_n", c.force_noise_n, 0.0, 1e3),
      check_range("force_offset_n", c.force_offset_n, -1e3, 1e3),
      check_range("emg_gain_v", c.emg_gain_v, 0.0, 1.0),
      check_range("emg_amplitude_jitter", c.emg_amplitude_jitter, 0.0, 0.5),
      check_range("emg_noise_v", c.emg_noise_v, 0.0, 1.0),
      check_range("mains_hz", c.mains_hz, 0.0, c.emg_rate_hz / 2.0),
      check_range("mains_hum_v", c.mains_hum_v, 0.0, 1.0),
      check_range("fatigue_onset_s", c.fatigue_onset_s, -kInf, kInf),
      check_range("fatigue_ramp_s", c.fatigue_ramp_s, 0.0, kInf),
      check_range("fatigue_final_ratio", c.fatigue_final_ratio, 0.0, 2.0),
      check_range("cadence_change_s", c.cadence_change_s, -kInf, kInf),
      check_range("cadence_after_steps_per_min", c.cadence_after_steps_per_min, 100.0, 260.0),
      // A lead of 100-150 ms: 0.3 s puts every onset well after contact, and no further.
      check_range("emg_onset_delay_s", c.emg_onset_delay_s, 0.0, 0.3),
      check_range("emg_onset_delay_from_s", c.emg_onset_delay_from_s, -kInf, kInf),
  };
  for (const auto& error : checks) {
    if (!error.empty()) return error;
  }
  return {};
}

}  // namespace stridecue
