#include "settings/settings_report.hpp"

#include <fmt/format.h>

#include <exception>

#include "config/config_error.hpp"
#include "settings/daemon_config_file.hpp"
#include "settings/settings_table.hpp"

namespace stridecue {
namespace {

std::string default_text(const nlohmann::json& v) {
  if (v.is_null()) return "unset";
  if (v.is_string()) return v.get<std::string>().empty() ? "\"\"" : "`" + v.dump() + "`";
  return "`" + v.dump() + "`";
}

std::string range_text(const Setting& s) {
  if (s.type == SettingType::text) return "string";
  if (s.type == SettingType::boolean) return "true / false";
  if (s.type == SettingType::number || s.type == SettingType::integer) {
    // Interval brackets only where a bound is excluded: "(0.5 … 1)", "(0 … 1]".
    const bool open = s.min_exclusive || s.max_exclusive;
    std::string range = fmt::format("{}{} … {}{}", open ? (s.min_exclusive ? "(" : "[") : "", s.min,
                                    s.max, open ? (s.max_exclusive ? ")" : "]") : "");
    if (s.type == SettingType::integer) range = fmt::format("{} … {}", s.min, integer_max(s));
    if (!s.unit.empty()) range += " " + std::string(s.unit);
    if (s.type == SettingType::integer) range += " (integer)";
    if (s.nullable) range += ", or unset";
    return range;
  }
  std::string choices;
  for (const auto c : s.choices)
    choices += (choices.empty() ? "" : ", ") + fmt::format("`{}`", c);
  return s.type == SettingType::choice ? "one of " + choices : "list of " + choices;
}

}  // namespace

std::string settings_markdown() {
  const DaemonConfig defaults;
  std::string out;
  std::string_view table = "\x01";  // none yet
  for (const auto& s : settings_table()) {
    if (s.table() != table) {
      table = s.table();
      out += fmt::format("{}### {}\n\n", out.empty() ? "" : "\n",
                         table.empty() ? std::string("top level") : fmt::format("`[{}]`", table));
      out += "| key | range | default | live | meaning |\n| --- | --- | --- | --- | --- |\n";
    }
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", s.key, range_text(s),
                       default_text(s.get(defaults)), s.live() ? "live" : "fixed", s.doc);
  }
  return out;
}

ConfigCheck check_config_file(const std::string& path) {
  try {
    const DaemonConfig config = load_daemon_config(path);
    return {true, fmt::format("{}: ok\n{}\n", path, summarize(config))};
  } catch (const ConfigError& e) {
    return {false, fmt::format("{}\n", e.what())};
  }
}

}  // namespace stridecue
