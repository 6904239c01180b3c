// What a session starts with for its runner: the runner's record (store/runner_profile.hpp) over
// the config file's values, that runner's program and place in it, and fresh baselines — never
// what the previous runner left (docs/daemon.md "Sessions and runners").
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "settings/daemon_config.hpp"
#include "store/runner_profile.hpp"
#include "store/session_store.hpp"

namespace stridecue {

struct RunnerStart {
  std::string runner_id;
  std::optional<RunnerProfile> profile;  // none: the store has no record of them
  // Their sessions before this one that count in their program: those run (at least
  // store.program_session_min_s), and with a program of their own, only since it was given.
  int counted_sessions = 0;
};

// On the store's thread (or before the recorder starts): the runner's record and program count.
RunnerStart read_runner_start(SessionStore& store, const std::string& runner_id,
                              double program_session_min_s);

// A settings patch (flat, dotted keys) giving the session its runner: runner.name, mass and foot
// length from the record (the file's value where the record has none, so as not to leave the
// strike index and body-weight figures without them) and cue.session_number. With a program of
// their own: its settings, program.enabled and cue.fading.enabled. `previous_program_keys`: the
// keys the last runner's program set, which go back to the file's values unless this runner's
// program sets them too.
nlohmann::json runner_settings_patch(const RunnerStart& start, const DaemonConfig& file_config,
                                     const std::vector<std::string>& previous_program_keys = {});
// The keys runner_settings_patch set from the runner's program (none without one).
std::vector<std::string> program_keys(const RunnerStart& start);

// The same applied to `config` (the session at start-up, before the engine runs). Throws
// SettingsError if the record holds a value the settings refuse (a store edited by hand).
void apply_runner_start(DaemonConfig& config, const RunnerStart& start,
                        const DaemonConfig& file_config);

// Throws RunnerFieldError (naming body_mass_kg or foot_length_m) when the record's mass or
// foot length is outside the ranges of the settings they become (settings_table.cpp).
void check_runner_ranges(const RunnerProfile& profile);

}  // namespace stridecue
