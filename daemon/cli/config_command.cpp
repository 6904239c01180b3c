// `stridecue config`: check a daemon config file, show the effective config, list the keys.
#include <fmt/format.h>

#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "config/config_error.hpp"
#include "settings/daemon_config_file.hpp"
#include "settings/settings_json.hpp"
#include "settings/settings_report.hpp"
#include "settings/settings_table.hpp"

namespace stridecue {
namespace {

struct ShowOptions {
  std::string file;  // empty: the defaults
  bool json = false;
  bool comments = false;
};

int show(const ShowOptions& o) {
  try {
    const DaemonConfig config = o.file.empty() ? DaemonConfig{} : load_daemon_config(o.file);
    if (o.json) {
      fmt::print("{}\n", settings_to_json(config).dump(2));
    } else {
      fmt::print("{}", daemon_config_to_toml(config, o.comments));
    }
    return kExitOk;
  } catch (const ConfigError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kExitBadInput;
  }
}

int keys(bool markdown, bool json) {
  if (markdown) {
    fmt::print("{}", settings_markdown());
  } else if (json) {
    fmt::print("{}\n", settings_schema_json().dump(2));
  } else {
    for (const auto& s : settings_table())
      fmt::print("{}\t{}\t{}\n", s.key, s.live() ? "live" : "fixed", describe_range(s));
  }
  return kExitOk;
}

}  // namespace

void add_config_command(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("config", "check, show and list the daemon's settings");
  cmd->require_subcommand(1);

  CLI::App* check = cmd->add_subcommand("check", "validate a config file (exit 2 if invalid)");
  auto file = std::make_shared<std::string>();
  check->add_option("FILE", *file, "the TOML config file")->required();
  check->callback([file, &exit_code] {
    const ConfigCheck result = check_config_file(*file);
    fmt::print(result.ok ? stdout : stderr, "{}", result.text);
    exit_code = result.ok ? kExitOk : kExitBadInput;
  });

  CLI::App* show_cmd =
      cmd->add_subcommand("show", "print the effective config (FILE over the defaults)");
  auto show_options = std::make_shared<ShowOptions>();
  show_cmd->add_option("FILE", show_options->file, "the TOML config file; none: the defaults");
  show_cmd->add_flag("--json", show_options->json, "JSON as the control API gives it");
  show_cmd->add_flag("--comments", show_options->comments, "a comment line before each key");
  show_cmd->callback([show_options, &exit_code] { exit_code = show(*show_options); });

  CLI::App* keys_cmd = cmd->add_subcommand("keys", "list every key with its range and liveness");
  auto markdown = std::make_shared<bool>(false);
  auto json = std::make_shared<bool>(false);
  keys_cmd->add_flag("--markdown", *markdown, "the tables of docs/config.md");
  keys_cmd->add_flag("--json", *json, "the schema the control API serves");
  keys_cmd->callback([markdown, json, &exit_code] { exit_code = keys(*markdown, *json); });
}

}  // namespace stridecue
