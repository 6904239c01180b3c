// The one table of every daemon setting: its dotted key (the TOML table path plus the field,
// "contact.contact_threshold_n"), its type, range and unit, whether it may change while the
// daemon runs, and how to read and write it on a DaemonConfig. The TOML loader, the control
// API's GET/PATCH, `stridecue config` and docs/config.md all work from this table, so a key
// exists everywhere or nowhere.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "settings/daemon_config.hpp"

namespace stridecue {

enum class SettingType : std::uint8_t {
  number,   // a real number (integers accepted)
  integer,  // a whole number
  boolean,
  text,         // a string
  choice,       // one string of `choices`
  choice_list,  // an array of distinct strings of `choices`
};
std::string_view to_string(SettingType t);

// Live settings take effect at the next stride; fixed ones are read when the daemon starts
// (buffers are sized, filters designed, sockets and files opened from them).
enum class SettingChange : std::uint8_t { live, fixed };

struct Setting {
  std::string_view key;
  SettingType type = SettingType::number;
  SettingChange change = SettingChange::fixed;
  double min = 0.0, max = 0.0;  // number and integer; inclusive unless marked below
  std::string_view unit;        // empty for dimensionless values
  std::span<const std::string_view> choices;
  // May be unset (JSON null, or left out of the TOML file): "not known", not a default value.
  bool nullable = false;
  std::string_view doc;  // one line: what it does

  // Values are exchanged as JSON. `set` trusts its argument: call setting_value_problem first.
  std::function<nlohmann::json(const DaemonConfig&)> get;
  std::function<void(DaemonConfig&, const nlohmann::json&)> set;
  // The bound itself is refused (the engine's own check says "in (0.5, 1)").
  bool min_exclusive = false, max_exclusive = false;
  // Never shown: settings_to_json and change records give kRedacted in its place.
  bool secret = false;

  bool live() const { return change == SettingChange::live; }
  // The TOML table holding it ("glute.activation"; empty at the top level) and its name there.
  std::string_view table() const;
  std::string_view name() const;
};

// What a secret setting that is set reads as (an unset one reads as "").
inline constexpr std::string_view kRedacted = "<set>";

// Every setting, grouped by table in the order of config/stridecue.toml.
std::span<const Setting> settings_table();
const Setting* find_setting(std::string_view key);

// Whether `path` is a table holding settings ("glute", "glute.emg"); "" is the top level.
bool is_settings_table(std::string_view path);
// The keys and sub-tables directly inside a table, in table order ("contact_threshold_n", ...).
std::vector<std::string> settings_table_children(std::string_view path);
// The candidate closest to `wrong` when it looks like a typo of it.
std::optional<std::string> nearest_name(std::string_view wrong,
                                        const std::vector<std::string>& candidates);

// Empty when `value` is acceptable for `setting` on its own (type, range, choices), else the
// message, naming the key: "contact.contact_threshold_n = 5000 is out of range: 1 to 2000 N".
std::optional<std::string> setting_value_problem(const Setting& setting,
                                                 const nlohmann::json& value);

// The largest value of an integer setting, exactly (its `max` is a double).
std::int64_t integer_max(const Setting& setting);

// The value as shown outside the daemon: a secret's is kRedacted (or "" when unset).
nlohmann::json shown_value(const Setting& setting, nlohmann::json value);

// "1 to 2000 N", "above 0.5 and below 1", "one of every_stride, bandwidth, summary", "true or
// false" …
std::string describe_range(const Setting& setting);

}  // namespace stridecue
