#include "settings/settings_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "settings/settings_labels.hpp"
#include "settings/settings_problems.hpp"
#include "settings/settings_table.hpp"

namespace stridecue {
namespace {

using nlohmann::json;

json::json_pointer pointer(std::string_view key) {
  std::string path = "/" + std::string(key);
  std::replace(path.begin(), path.end(), '.', '/');
  return json::json_pointer(path);
}

std::vector<std::string> all_keys() {
  std::vector<std::string> keys;
  for (const auto& s : settings_table())
    keys.emplace_back(s.key);
  return keys;
}

// The patch as dotted keys; nested objects and dotted names may be mixed.
void flatten(const json& object, const std::string& path, std::map<std::string, json>& out) {
  for (const auto& [name, value] : object.items()) {
    if (name.empty()) {
      throw SettingsError(path,
                          fmt::format("the patch has an empty key (\"\"){}: name a setting, e.g. "
                                      "\"cue.refractory_s\"",
                                      path.empty() ? "" : fmt::format(" inside \"{}\"", path)));
    }
    const std::string key = path.empty() ? name : path + "." + name;
    if (const Setting* s = find_setting(key)) {
      if (!out.emplace(s->key, value).second) {
        throw SettingsError(key, fmt::format("{} is given twice in the patch", key));
      }
    } else if (is_settings_table(key) && value.is_object()) {
      flatten(value, key, out);
    } else if (is_settings_table(key)) {
      throw SettingsError(key, fmt::format("{} is a table of settings: give an object", key));
    } else {
      std::string message = fmt::format("unknown setting '{}'", key);
      if (const auto nearest = nearest_name(key, all_keys())) {
        message += fmt::format("; did you mean '{}'?", *nearest);
      }
      throw SettingsError(key, message);
    }
  }
}

}  // namespace

json SettingsChange::to_json() const {
  json out = json::array();
  for (const auto& c : changed) {
    const Setting* s = find_setting(c.key);
    out.push_back({{"key", c.key},
                   {"old", s ? shown_value(*s, c.old_value) : c.old_value},
                   {"new", s ? shown_value(*s, c.new_value) : c.new_value}});
  }
  return out;
}

bool SettingsChange::needs_restart() const {
  return std::any_of(changed.begin(), changed.end(), [](const ChangedSetting& c) {
    const Setting* s = find_setting(c.key);
    return s && !s->live();
  });
}

json settings_to_json(const DaemonConfig& config) {
  json out = json::object();
  for (const auto& s : settings_table())
    out[pointer(s.key)] = shown_value(s, s.get(config));
  return out;
}

json settings_schema_json() {
  const DaemonConfig defaults;
  json out = json::array();
  for (const auto& s : settings_table()) {
    json entry = {{"key", s.key},
                  {"label", setting_label(s.key)},
                  {"type", to_string(s.type)},
                  {"unit", s.unit},
                  {"nullable", s.nullable},
                  {"live", s.live()},
                  {"default", shown_value(s, s.get(defaults))},
                  {"doc", s.doc}};
    if (s.type == SettingType::number) {
      entry["min"] = s.min;
      entry["max"] = s.max;
      // The bound itself refused: the value must lie strictly above min (below max).
      if (s.min_exclusive) entry["min_exclusive"] = true;
      if (s.max_exclusive) entry["max_exclusive"] = true;
    } else if (s.type == SettingType::integer) {
      entry["min"] = static_cast<std::int64_t>(s.min);
      entry["max"] = integer_max(s);
    }
    if (!s.choices.empty()) {
      entry["choices"] = json::array();
      for (const auto c : s.choices)
        entry["choices"].push_back(c);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

SettingsChange apply_settings_patch(DaemonConfig& config, const json& patch, PatchScope scope) {
  if (!patch.is_object()) {
    throw SettingsError("", "a settings patch must be a JSON object of settings");
  }
  std::map<std::string, json> values;
  flatten(patch, "", values);

  DaemonConfig next = config;
  for (const auto& [key, value] : values) {
    const Setting& s = *find_setting(key);
    if (scope == PatchScope::live_only && !s.live()) {
      throw SettingsError(
          key, fmt::format("{} cannot change while running; edit the config file and reload", key));
    }
    if (const auto problem = setting_value_problem(s, value)) throw SettingsError(key, *problem);
    s.set(next, value);
  }
  const auto given = [&values](std::string_view key) {
    return values.count(std::string(key)) != 0;
  };
  if (const auto problem = find_settings_problem(next, given)) {
    throw SettingsError(problem->key, problem->message);
  }
  SettingsChange change = diff_settings(config, next);
  config = std::move(next);
  return change;
}

SettingsChange diff_settings(const DaemonConfig& before, const DaemonConfig& after) {
  SettingsChange change;
  for (const auto& s : settings_table()) {
    json old_value = s.get(before), new_value = s.get(after);
    if (old_value != new_value) {
      change.changed.push_back({std::string(s.key), std::move(old_value), std::move(new_value)});
    }
  }
  return change;
}

}  // namespace stridecue
