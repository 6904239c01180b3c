// The daemon's TOML config file (config/stridecue.toml, docs/config.md): read, validated key by
// key against the settings table, and written back. Tables map to dotted keys ([contact]
// contact_threshold_n = 50 is "contact.contact_threshold_n"); missing keys keep their defaults.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "settings/daemon_config.hpp"

namespace stridecue {

// Each throws ConfigError "file:line:col: message" for a syntax error, an unknown key (with the
// nearest key or the keys of that table), a wrong type, a value out of range (with the range
// and unit) and a problem between settings (at one of the settings involved).
DaemonConfig load_daemon_config(const std::string& path);
DaemonConfig parse_daemon_config(std::string_view toml, const std::string& display_name);

// The same, also telling which keys the file set (dotted, in file order).
struct DaemonConfigFile {
  DaemonConfig config;
  std::vector<std::string> keys;
};
DaemonConfigFile read_daemon_config(std::string_view toml, const std::string& display_name);
// The file at `path`, read whole (as load_daemon_config), with the keys it set.
DaemonConfigFile load_daemon_config_file(const std::string& path);

// The config as TOML that parse_daemon_config reads back to the same values. With comments,
// each key gets a line saying what it is, its range and unit and whether it is live; unset
// optional keys are written commented out.
std::string daemon_config_to_toml(const DaemonConfig& config, bool comments = false);

// One line for people: "source simulator (seed 1), cue every_stride on rearfoot, …".
std::string summarize(const DaemonConfig& config);

}  // namespace stridecue
