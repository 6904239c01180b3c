// stridecue: the command-line front end (analyze a trial, simulate a runner, run live).
#include <fmt/format.h>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"stridecue: real-time treadmill gait feedback (foot strike and gluteus medius)"};
  app.require_subcommand(1);
  int exit_code = stridecue::kExitOk;
  stridecue::add_run_command(app, exit_code);
  stridecue::add_analyze_command(app, exit_code);
  stridecue::add_info_command(app, exit_code);
  stridecue::add_simulate_command(app, exit_code);
  stridecue::add_sessions_command(app, exit_code);
  stridecue::add_runners_command(app, exit_code);
  stridecue::add_programs_command(app, exit_code);
  stridecue::add_export_command(app, exit_code);
  stridecue::add_report_command(app, exit_code);
  stridecue::add_config_command(app, exit_code);
  stridecue::add_ctl_command(app, exit_code);
  stridecue::add_devices_command(app, exit_code);
  stridecue::add_runner_data_commands(app, exit_code);  // after any `runners` command
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help or the usage error
    return code == 0 ? 0 : stridecue::kExitBadInput;
  }
  return exit_code;
}
