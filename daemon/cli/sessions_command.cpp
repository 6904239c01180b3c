// `stridecue sessions`: the sessions in the store, one line each (or JSON). Reads while the
// daemon records (WAL): a session being recorded shows what has been committed so far. Its
// subcommands (delete, prune, vacuum, backup) are in session_lifecycle_commands.cpp.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "settings/runner_id.hpp"
#include "store/session_store.hpp"
#include "store/session_summary_json.hpp"

namespace stridecue {
namespace {

struct SessionsOptions {
  std::string db = StoreOptions{}.path;
  bool json = false;
};

std::string duration_text(const SessionSummary& s) {
  if (!s.duration_s) return "open";  // still recording, or the daemon died before the end
  const auto total = static_cast<long long>(std::llround(*s.duration_s));
  return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

int list_sessions(const SessionsOptions& o) {
  if (!std::filesystem::exists(o.db)) {
    fmt::print(stderr,
               "stridecue sessions: no session store at {} (the daemon creates it with its first "
               "session; --db names another)\n",
               o.db);
    return kExitBadInput;
  }
  std::vector<SessionSummary> sessions;
  try {
    SessionReader reader(o.db);
    sessions = reader.list_sessions();
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue sessions: {}\n", e.what());
    return kExitBadInput;
  }
  if (o.json) {
    auto all = nlohmann::ordered_json::array();
    for (const SessionSummary& s : sessions)
      all.push_back(session_summary_json(s));
    // JSON escapes control characters; bytes that are not UTF-8 become U+FFFD, not an abort.
    fmt::print("{}\n", all.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
    return kExitOk;
  }
  // Stores written before runner ids were checked may hold any bytes: shown escaped, so that
  // an id cannot move the cursor, clear the screen or fake a line.
  std::vector<std::string> runners;
  std::size_t runner_width = 6;
  for (const SessionSummary& s : sessions) {
    runners.push_back(printable_runner_id(s.runner_id));
    runner_width = std::max(runner_width, runners.back().size());
  }
  fmt::print("{:>5}  {:<{}} {:>7}  {:<24} {:>9} {:>8} {:>6}\n", "id", "runner", runner_width,
             "session", "started (UTC)", "h:mm:ss", "steps", "cues");
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    const SessionSummary& s = sessions[i];
    fmt::print("{:>5}  {:<{}} {:>7}  {:<24} {:>9} {:>8} {:>6}\n", s.id, runners[i], runner_width,
               s.session_number, s.started_utc, duration_text(s), s.strides, s.cues);
  }
  if (sessions.empty()) fmt::print("(no sessions in {})\n", o.db);
  return kExitOk;
}

}  // namespace

void add_sessions_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SessionsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sessions", "list the recorded sessions in the store; delete, prune, vacuum, back it up");
  cmd->add_option("--db", options->db, "session store (SQLite file)")->capture_default_str();
  cmd->add_flag("--json", options->json, "one JSON array instead of a table");
  add_session_lifecycle_commands(*cmd, options->db, exit_code);
  // CLI11 runs this after a subcommand's own: the list is for `stridecue sessions` alone.
  cmd->callback([cmd, options, &exit_code] {
    if (cmd->get_subcommands().empty()) exit_code = list_sessions(*options);
  });
}

}  // namespace stridecue
