#include "cli/trial_options.hpp"

#include "config/trial_config.hpp"

namespace stridecue {

void TrialOptions::add_runner_flags(CLI::App& command) {
  command.add_option("--runner", runner_file, "runner TOML (name, body_mass_kg, foot_length_m)")
      ->check(CLI::ExistingFile);
  command.add_option("--treadmill", treadmill_file, "treadmill TOML (layout, belt_speed_m_s)")
      ->check(CLI::ExistingFile);
  command.add_option("--body-mass-kg", body_mass_kg, "runner's body mass; forces in body weights")
      ->check(CLI::Range(kMinBodyMassKg, kMaxBodyMassKg));
  command.add_option("--foot-length-m", foot_length_m, "runner's foot length")
      ->check(CLI::Range(kMinFootLengthM, kMaxFootLengthM));
  command.add_option("--belt-speed-m-s", belt_speed_m_s, "treadmill belt speed")
      ->check(CLI::Range(0.0, kMaxBeltSpeedMS));
}

void TrialOptions::add_threshold_flags(CLI::App& command) {
  command.add_option("--contact-threshold-n", contact_threshold_n,
                     "vertical force above which a foot is on the plate (default 50)");
  command.add_option("--release-threshold-n", release_threshold_n,
                     "vertical force below which the foot is leaving (default 30)");
  command.add_option("--timing-threshold-n", timing_threshold_n,
                     "level at which contact and toe-off are timed (default 5)");
}

EngineSettings TrialOptions::settings(const EngineSettings& base) const {
  EngineSettings s = base;
  if (!runner_file.empty()) s.runner = load_runner(runner_file);
  if (!treadmill_file.empty()) s.treadmill = load_treadmill(treadmill_file);
  if (body_mass_kg) s.runner.body_mass_kg = body_mass_kg;
  if (foot_length_m) s.runner.foot_length_m = foot_length_m;
  if (belt_speed_m_s) s.treadmill.belt_speed_m_s = belt_speed_m_s;
  if (contact_threshold_n) s.contact.contact_threshold_n = *contact_threshold_n;
  if (release_threshold_n) s.contact.release_threshold_n = *release_threshold_n;
  if (timing_threshold_n) s.contact.timing_threshold_n = *timing_threshold_n;
  if (const char* problem = s.contact.problem()) throw std::invalid_argument(problem);
  return s;
}

}  // namespace stridecue
