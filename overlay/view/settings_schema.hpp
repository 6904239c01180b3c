// The daemon's settings schema (GET /api/v1/settings/schema): each setting's type, range, unit,
// choices and whether it may change while running. The coach panel builds its fields from it.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue::overlay {

enum class SettingType { number, integer, boolean, choice, choice_list, string };

struct SettingSpec {
  std::string key;  // dotted: "cue.refractory_s"
  // The human name the daemon gives it ("Quiet time after a cue"), the web console's too; the
  // key for a daemon whose schema has none.
  std::string label;
  SettingType type = SettingType::number;
  std::optional<double> min, max;
  std::string unit;
  std::string doc;
  std::vector<std::string> choices;
  bool live = false;
  bool nullable = false;
};

// Throws std::invalid_argument naming the entry and field that are wrong.
std::vector<SettingSpec> parse_settings_schema(const nlohmann::json& schema);

// The value at a dotted key of a settings tree as GET /settings returns it; null when absent.
nlohmann::json value_at(const nlohmann::json& settings, std::string_view dotted_key);
void set_value_at(nlohmann::json& settings, std::string_view dotted_key, nlohmann::json value);

}  // namespace stridecue::overlay
