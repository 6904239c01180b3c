#include "config/toml_fields.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "config/config_error.hpp"

namespace stridecue {
namespace {

std::string where(const std::string& name, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", name, region.begin.line, region.begin.column);
}

}  // namespace

TomlFields::TomlFields(const std::string& path) : name_(path) {
  check_config_path(path);
  check_config_size(path);
  try {
    table_ = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}: {}", where(name_, e.source()), e.description()));
  }
}

TomlFields::TomlFields(std::string_view text, const std::string& display_name)
    : name_(display_name) {
  try {
    table_ = toml::parse(text, display_name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}: {}", where(name_, e.source()), e.description()));
  }
}

void TomlFields::allow_only(std::initializer_list<std::string_view> known) const {
  for (const auto& [key, node] : table_) {
    bool ok = false;
    for (auto k : known)
      ok = ok || key.str() == k;
    if (!ok) {
      std::string list;
      for (auto k : known)
        list += (list.empty() ? "" : ", ") + std::string(k);
      throw ConfigError(fmt::format("{}: unknown key '{}' (known keys: {})",
                                    where(name_, key.source()), key.str(), list));
    }
  }
}

std::optional<double> TomlFields::number(std::string_view key, double min, double max,
                                         std::string_view unit) const {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  const auto value = node->value<double>();  // integers are numbers too
  if (!value || !(node->is_floating_point() || node->is_integer())) {
    fail_at(key, fmt::format("{} must be a number ({})", key, unit));
  }
  if (!(*value >= min && *value <= max)) {
    fail_at(key, fmt::format("{} = {} is out of range: {} to {} {}", key, *value, min, max, unit));
  }
  return value;
}

std::optional<std::string> TomlFields::text(std::string_view key) const {
  const toml::node* node = table_.get(key);
  if (!node) return std::nullopt;
  if (!node->is_string()) fail_at(key, fmt::format("{} must be a string", key));
  return node->value<std::string>();
}

void TomlFields::fail_at(std::string_view key, const std::string& message) const {
  if (const toml::node* node = table_.get(key)) {
    throw ConfigError(fmt::format("{}: {}", where(name_, node->source()), message));
  }
  throw ConfigError(fmt::format("{}: {}", name_, message));
}

}  // namespace stridecue
