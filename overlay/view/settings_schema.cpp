#include "view/settings_schema.hpp"

#include <stdexcept>

namespace stridecue::overlay {

namespace {

SettingType type_from(const std::string& name, const std::string& where) {
  if (name == "number") return SettingType::number;
  if (name == "integer") return SettingType::integer;
  if (name == "boolean") return SettingType::boolean;
  if (name == "choice") return SettingType::choice;
  if (name == "choice list") return SettingType::choice_list;
  if (name == "string") return SettingType::string;
  throw std::invalid_argument(where + ": unknown type '" + name + "'");
}

nlohmann::json::json_pointer pointer_of(std::string_view dotted_key) {
  std::string path = "/";
  for (char c : dotted_key)
    path += c == '.' ? '/' : c;
  return nlohmann::json::json_pointer(path);
}

}  // namespace

std::vector<SettingSpec> parse_settings_schema(const nlohmann::json& schema) {
  if (!schema.is_array())
    throw std::invalid_argument("settings schema: expected an array of settings, got " +
                                std::string(schema.type_name()));
  std::vector<SettingSpec> specs;
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const auto& e = schema[i];
    const std::string where = "settings schema entry " + std::to_string(i);
    if (!e.is_object() || !e.contains("key") || !e["key"].is_string())
      throw std::invalid_argument(where + ": no \"key\" string");
    SettingSpec s;
    s.key = e["key"].get<std::string>();
    const std::string at = where + " (" + s.key + ")";
    if (!e.contains("type") || !e["type"].is_string())
      throw std::invalid_argument(at + ": no \"type\" string");
    s.type = type_from(e["type"].get<std::string>(), at);
    if (e.contains("min") && e["min"].is_number()) s.min = e["min"].get<double>();
    if (e.contains("max") && e["max"].is_number()) s.max = e["max"].get<double>();
    s.label = e.contains("label") && e["label"].is_string() && !e["label"].empty()
                  ? e["label"].get<std::string>()
                  : s.key;
    s.unit = e.value("unit", "");
    s.doc = e.value("doc", "");
    s.live = e.value("live", false);
    s.nullable = e.value("nullable", false);
    if (e.contains("choices")) {
      if (!e["choices"].is_array()) throw std::invalid_argument(at + ": \"choices\" is not a list");
      for (const auto& c : e["choices"]) {
        if (!c.is_string()) throw std::invalid_argument(at + ": a choice is not a string");
        s.choices.push_back(c.get<std::string>());
      }
    }
    specs.push_back(std::move(s));
  }
  return specs;
}

nlohmann::json value_at(const nlohmann::json& settings, std::string_view dotted_key) {
  const auto pointer = pointer_of(dotted_key);
  if (!settings.is_object() || !settings.contains(pointer)) return nullptr;
  return settings.at(pointer);
}

void set_value_at(nlohmann::json& settings, std::string_view dotted_key, nlohmann::json value) {
  if (!settings.is_object()) settings = nlohmann::json::object();
  settings[pointer_of(dotted_key)] = std::move(value);
}

}  // namespace stridecue::overlay
