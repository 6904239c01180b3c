// The `stridecue` subcommands. Each registers itself on the app and sets `exit_code` when run:
// 0 on success, 1 on a failure of the system, 2 on bad input (files, config, flags).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace stridecue {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitBadInput = 2;

void add_analyze_command(CLI::App& app, int& exit_code);
void add_simulate_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_sessions_command(CLI::App& app, int& exit_code);
void add_runners_command(CLI::App& app, int& exit_code);
void add_programs_command(CLI::App& app, int& exit_code);
void add_export_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_config_command(CLI::App& app, int& exit_code);
void add_ctl_command(CLI::App& app, int& exit_code);
void add_devices_command(CLI::App& app, int& exit_code);
void add_info_command(CLI::App& app, int& exit_code);
// `sessions delete | prune | vacuum | backup`, on `sessions`, whose `--db` is `db`.
void add_session_lifecycle_commands(CLI::App& sessions, std::string& db, int& exit_code);
// `runners export | erase`, on the `runners` command (made here unless it exists already).
void add_runner_data_commands(CLI::App& app, int& exit_code);

}  // namespace stridecue
