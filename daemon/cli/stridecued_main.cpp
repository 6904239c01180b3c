// stridecued: the daemon (docs/daemon.md). Reads its config, runs until SIGINT/SIGTERM,
// reloads the live settings on SIGHUP, and tells systemd when it is ready.
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/daemon_runner.hpp"
#include "config/config_error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"stridecued: the stridecue daemon (live gait feedback, control API on :7878)"};
  std::string config_path;
  app.add_option("--config", config_path,
                 "TOML config (default: $STRIDECUE_CONFIG, /etc/stridecue/stridecue.toml, or "
                 "the source tree's config/stridecue.toml)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : stridecue::kExitBadInput;
  }
  try {
    std::string used;
    stridecue::DaemonConfig config = stridecue::read_config(config_path, used);
    fmt::print(stderr, "stridecued: config {}\n", used.empty() ? "(built-in defaults)" : used);
    return stridecue::run_daemon(std::move(config), used);
  } catch (const stridecue::ConfigError& e) {
    fmt::print(stderr, "stridecued: {}\n", e.what());
    return stridecue::kExitBadInput;
  }
}
