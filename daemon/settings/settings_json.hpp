// The settings as JSON, for the control API (GET/PATCH /api/v1/settings), the event stream and
// the session's record of settings changes. Objects nest like the TOML tables:
// {"contact": {"contact_threshold_n": 50, …}, "cue": {"fading": {"enabled": false, …}, …}, …}.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "settings/daemon_config.hpp"

namespace stridecue {

// A rejected change: `field` is the dotted key at fault ("" when the patch as a whole is
// wrong), what() a sentence naming it.
class SettingsError : public std::runtime_error {
 public:
  SettingsError(std::string field, const std::string& message)
      : std::runtime_error(message), field_(std::move(field)) {}
  const std::string& field() const { return field_; }

 private:
  std::string field_;
};

struct ChangedSetting {
  std::string key;
  nlohmann::json old_value;
  nlohmann::json new_value;
};

struct SettingsChange {
  std::vector<ChangedSetting> changed;  // in table order; only keys whose value changed

  bool empty() const { return changed.empty(); }
  // [{"key": "contact.contact_threshold_n", "old": 50.0, "new": 40.0}, …]; secrets redacted
  nlohmann::json to_json() const;
  // Whether any of them must wait for a restart.
  bool needs_restart() const;
};

// Every key, nested by table. Unset optional values are null; a secret (api.token) reads
// "<set>" when set, so that the token never leaves the daemon: not in GET /api/v1/settings,
// not in a session's stored config, not in an export.
nlohmann::json settings_to_json(const DaemonConfig& config);

// Every key in table order, for clients that build controls:
// [{"key", "type", "unit", "min", "max", "choices", "nullable", "live", "default", "doc"}, …]
// (min/max for numbers, with "min_exclusive"/"max_exclusive": true when the bound itself is
// refused; choices for choice and choice list).
nlohmann::json settings_schema_json();

// Which keys a patch may touch: the API changes live keys only; a reload may change any.
enum class PatchScope { live_only, any };

// Applies a nested object (as settings_to_json gives) or a flat object of dotted keys, or a mix.
// All or nothing: every key, value and cross-setting rule is checked before anything changes.
// Throws SettingsError for unknown keys, wrong JSON types, values out of range, a key given
// twice, fixed keys under PatchScope::live_only and rules between settings.
SettingsChange apply_settings_patch(DaemonConfig& config, const nlohmann::json& patch,
                                    PatchScope scope = PatchScope::live_only);

// What differs between two configs (e.g. the running one and a reloaded file), key by key.
SettingsChange diff_settings(const DaemonConfig& before, const DaemonConfig& after);

}  // namespace stridecue
