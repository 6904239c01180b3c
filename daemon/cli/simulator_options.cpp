#include "cli/simulator_options.hpp"

#include <stdexcept>

namespace stridecue {
namespace {

// "mixed": a retraining session that drifts from mostly rearfoot towards mostly forefoot.
constexpr StrikeMix kMixedStart{0.6, 0.25, 0.15};
constexpr StrikeMix kMixedEnd{0.2, 0.3, 0.5};

}  // namespace

void SimulatorOptions::add_to(CLI::App& command) {
  command.add_option("--layout", layout, "split (a plate per belt) or single (one plate)")
      ->check(CLI::IsMember({"split", "single"}));
  command.add_option("--pattern", pattern, "strike pattern: rearfoot, midfoot, forefoot or mixed")
      ->check(CLI::IsMember({"rearfoot", "midfoot", "forefoot", "mixed"}));
  command.add_option("--seed", config.seed, "random seed: the same seed gives the same data");
  command.add_option("--body-mass-kg", config.body_mass_kg, "runner's body mass");
  command.add_option("--belt-speed-m-s", config.belt_speed_m_s, "belt speed");
  command.add_option("--cadence", config.cadence_steps_per_min, "steps per minute");
  command.add_option("--foot-length-m", config.foot_length_m, "runner's foot length");
  command.add_option("--fatigue-onset-min", fatigue_onset_min,
                     "minute at which the gluteus medius starts to tire (default: never)");
  command.add_option("--fatigue-ramp-s", config.fatigue_ramp_s,
                     "seconds over which its activation falls (default 120)");
  command.add_option("--fatigue-to", config.fatigue_final_ratio,
                     "activation at the end of the fall, as a ratio (default 0.7)");
  command.add_flag("--clean", config.clean, "no sensor noise, offsets or mains hum");
}

SimulatorConfig SimulatorOptions::resolved() const {
  SimulatorConfig c = config;
  c.layout = layout == "single" ? TreadmillLayout::single_belt : TreadmillLayout::split_belt;
  if (pattern == "mixed") {
    c.mix_start = kMixedStart;
    c.mix_end = kMixedEnd;
  } else {
    const StrikePattern p = *strike_pattern_from_string(pattern);
    c.mix_start = c.mix_end =
        StrikeMix{p == StrikePattern::rearfoot ? 1.0 : 0.0, p == StrikePattern::midfoot ? 1.0 : 0.0,
                  p == StrikePattern::forefoot ? 1.0 : 0.0};
  }
  if (fatigue_onset_min >= 0.0) c.fatigue_onset_s = fatigue_onset_min * 60.0;
  if (const std::string problem = validate(c); !problem.empty()) {
    throw std::invalid_argument(problem);
  }
  return c;
}

}  // namespace stridecue
