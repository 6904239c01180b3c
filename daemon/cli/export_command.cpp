// `stridecue export SESSION --csv DIR`: a stored session's strides, cues, settings changes,
// events and raw samples as CSV files (docs/store.md); `stridecue analyze DIR/samples.csv`
// reads the samples back.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "store/session_export.hpp"
#include "store/session_store.hpp"

namespace stridecue {
namespace {

struct ExportOptions {
  std::int64_t session = 0;
  std::string db = StoreOptions{}.path;
  std::string csv_dir;
};

int export_session(const ExportOptions& o) {
  if (!std::filesystem::exists(o.db)) {
    fmt::print(stderr, "stridecue export: no session store at {} (--db names another)\n", o.db);
    return kExitBadInput;
  }
  try {
    SessionReader probe(o.db);  // a file that is not a store is bad input, not a failure
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue export: {}\n", e.what());
    return kExitBadInput;
  }
  try {
    const ExportResult r = export_session_csv(o.db, o.session, o.csv_dir);
    fmt::print(
        "session {}: {} strides, {} cues, {} settings changes, {} events, {} sample "
        "blocks\n",
        o.session, r.strides, r.cues, r.settings_changes, r.events, r.blocks);
    for (const auto& file : r.files)
      fmt::print("  {}\n", file.string());
    if (!r.samples_note.empty()) fmt::print(stderr, "stridecue export: {}\n", r.samples_note);
    return kExitOk;
  } catch (const UnknownSession& e) {
    fmt::print(stderr, "stridecue export: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue export: {}\n", e.what());
    return kExitFailure;
  }
}

}  // namespace

void add_export_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand("export", "write a recorded session as CSV files");
  cmd->add_option("session", options->session, "session id (see `stridecue sessions`)")->required();
  cmd->add_option("--db", options->db, "session store (SQLite file)")->capture_default_str();
  cmd->add_option("--csv", options->csv_dir,
                  "directory for strides.csv, cues.csv, settings_changes.csv, events.csv, "
                  "samples.csv and session.json (created if needed)")
      ->required();
  cmd->callback([options, &exit_code] { exit_code = export_session(*options); });
}

}  // namespace stridecue
