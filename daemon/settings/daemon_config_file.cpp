#include "settings/daemon_config_file.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/config_error.hpp"
#include "settings/settings_problems.hpp"
#include "settings/settings_table.hpp"

namespace stridecue {
namespace {

using nlohmann::json;

// A TOML value as the JSON the settings table takes; none for dates and times.
std::optional<json> to_json(const toml::node& node) {
  if (const auto* v = node.as_integer()) return json(v->get());
  if (const auto* v = node.as_floating_point()) return json(v->get());
  if (const auto* v = node.as_boolean()) return json(v->get());
  if (const auto* v = node.as_string()) return json(v->get());
  if (const auto* array = node.as_array()) {
    json out = json::array();
    for (const auto& element : *array) {
      auto value = to_json(element);
      if (!value) return std::nullopt;
      out.push_back(std::move(*value));
    }
    return out;
  }
  if (const auto* table = node.as_table()) {
    json out = json::object();
    for (const auto& [key, value] : *table) {
      auto converted = to_json(value);
      if (!converted) return std::nullopt;
      out[std::string(key.str())] = std::move(*converted);
    }
    return out;
  }
  return std::nullopt;
}

std::string where(const std::string& name, const toml::source_region& region) {
  return fmt::format("{}:{}:{}", name, region.begin.line, region.begin.column);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

class ConfigReader {
 public:
  explicit ConfigReader(std::string name) : name_(std::move(name)) {}

  DaemonConfigFile read(const toml::table& root) {
    walk(root, "");
    DaemonConfigFile out;
    for (const auto& leaf : leaves_) {
      leaf.setting->set(out.config, leaf.value);
      out.keys.emplace_back(leaf.setting->key);
    }
    const auto given = [this](std::string_view key) { return find(key) != nullptr; };
    if (const auto problem = find_settings_problem(out.config, given)) {
      if (const Leaf* leaf = find(problem->key)) fail(leaf->where, problem->message);
      throw ConfigError(fmt::format("{}: {}", name_, problem->message));
    }
    return out;
  }

 private:
  struct Leaf {
    const Setting* setting;
    json value;
    toml::source_region where;
  };

  void walk(const toml::table& table, const std::string& path) {
    for (const auto& [key, node] : table) {
      const std::string full =
          path.empty() ? std::string(key.str()) : path + "." + std::string(key.str());
      if (const Setting* setting = find_setting(full)) {
        const auto value = to_json(node);
        if (!value) {
          fail(node.source(),
               fmt::format("{} must be {}, not a date or time", full, describe_range(*setting)));
        }
        if (const auto problem = setting_value_problem(*setting, *value)) {
          fail(node.source(), *problem);
        }
        leaves_.push_back(Leaf{setting, *value, node.source()});
      } else if (is_settings_table(full)) {
        if (!node.is_table()) {
          fail(node.source(), fmt::format("{} is a table of settings ({}), not a value", full,
                                          joined(settings_table_children(full))));
        }
        walk(*node.as_table(), full);
      } else {
        unknown_key(key, path);
      }
    }
  }

  [[noreturn]] void unknown_key(const toml::key& key, const std::string& path) const {
    const auto children = settings_table_children(path);
    const std::string in = path.empty() ? "at the top level" : fmt::format("in [{}]", path);
    if (const auto nearest = nearest_name(key.str(), children)) {
      fail(key.source(),
           fmt::format("unknown key '{}' {}; did you mean '{}'?", key.str(), in, *nearest));
    }
    fail(key.source(),
         fmt::format("unknown key '{}' {}; {} holds: {}", key.str(), in,
                     path.empty() ? "the top level" : "[" + path + "]", joined(children)));
  }

  const Leaf* find(std::string_view key) const {
    for (const auto& leaf : leaves_) {
      if (leaf.setting->key == key) return &leaf;
    }
    return nullptr;
  }

  [[noreturn]] void fail(const toml::source_region& region, const std::string& message) const {
    throw ConfigError(fmt::format("{}: {}", where(name_, region), message));
  }

  std::string name_;
  std::vector<Leaf> leaves_;
};

toml::table parse_or_throw(std::string_view text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}: {}", where(name, e.source()), e.description()));
  }
}

// TOML floats need a point or an exponent; fmt's shortest form reads back to the same double.
std::string toml_float(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // n: inf, nan
  return s;
}

std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string toml_value(const json& v) {
  if (v.is_number_float()) return toml_float(v.get<double>());
  if (v.is_string()) return toml_string(v.get<std::string>());
  if (v.is_array()) {
    std::string out;
    for (const auto& element : v)
      out += (out.empty() ? "" : ", ") + toml_value(element);
    return "[" + out + "]";
  }
  return v.dump();  // integers and booleans read the same in TOML
}

std::string comment_for(const Setting& s) {
  return fmt::format("# {} [{}; {}]", s.doc, describe_range(s), s.live() ? "live" : "fixed");
}

}  // namespace

DaemonConfigFile read_daemon_config(std::string_view toml_text, const std::string& display_name) {
  const toml::table root = parse_or_throw(toml_text, display_name);
  return ConfigReader(display_name).read(root);
}

DaemonConfig parse_daemon_config(std::string_view toml_text, const std::string& display_name) {
  return read_daemon_config(toml_text, display_name).config;
}

DaemonConfigFile load_daemon_config_file(const std::string& path) {
  check_config_path(path);
  check_config_size(path);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw ConfigError(fmt::format("{}: cannot be read", path));
  return read_daemon_config(text.str(), path);
}

DaemonConfig load_daemon_config(const std::string& path) {
  return load_daemon_config_file(path).config;
}

std::string daemon_config_to_toml(const DaemonConfig& config, bool comments) {
  // Top-level keys first (a TOML header ends the top level), then each table in table order.
  std::vector<std::string_view> tables{""};
  for (const auto& s : settings_table()) {
    if (std::find(tables.begin(), tables.end(), s.table()) == tables.end()) {
      tables.push_back(s.table());
    }
  }
  std::string out;
  for (const auto table : tables) {
    if (!table.empty()) out += fmt::format("{}[{}]\n", out.empty() ? "" : "\n", table);
    for (const auto& s : settings_table()) {
      if (s.table() != table) continue;
      if (comments) out += comment_for(s) + "\n";
      const json value = s.get(config);
      if (value.is_null()) {
        out += fmt::format("# {} =   (unset)\n", s.name());
      } else if (s.secret && value != json("")) {
        // Printed for a person to read or to save as a file: either way the secret stays in
        // the file it came from.
        out += fmt::format("# {} = {}   (set; a secret is not shown)\n", s.name(),
                           toml_value(shown_value(s, value)));
      } else {
        out += fmt::format("{} = {}\n", s.name(), toml_value(value));
      }
    }
  }
  return out;
}

std::string summarize(const DaemonConfig& c) {
  const std::string source =
      c.source.kind == kSimulatorSource
          ? fmt::format("simulator (seed {}, {})", c.source.simulator.seed,
                        c.source.stop_after_s() ? fmt::format("{:g} s", *c.source.stop_after_s())
                                                : std::string("until stopped"))
      : c.source.kind == kFileSource ? fmt::format("file {}", c.source.file)
                                     : fmt::format("device ({})", c.source.kind);
  std::string heel;
  for (const auto& name : find_setting("cue.heel_classes")->get(c))
    heel += (heel.empty() ? "" : "+") + name.get<std::string>();
  const std::string cues =
      fmt::format("cues {} (heel {}{}, hips {}), refractory {:g} s{}", to_string(c.cue.mode),
                  c.cue.heel_enabled ? "on " : "off", c.cue.heel_enabled ? heel : std::string(),
                  c.cue.hips_enabled ? "on" : "off", c.cue.refractory_s,
                  c.cue.fading.enabled ? ", faded feedback" : "");
  const std::string api =
      c.api.enabled ? fmt::format("api {}:{}", c.api.address, c.api.port) : "api off";
  const std::string store = c.store.enabled ? fmt::format("store {}", c.store.path) : "store off";
  return fmt::format("runner {}; source {}; {}; {}; {}", c.runner_id, source, cues, api, store);
}

}  // namespace stridecue
