// `stridecue export SESSION --csv DIR`: a stored session's strides, cues, settings changes,
// events and raw samples as CSV files (docs/store.md); `stridecue analyze DIR/samples.csv`
// reads the samples back. `--c3d FILE`: its force plates, EMG and foot events as C3D
// (files/c3d_writer.hpp), for Visual3D, Mokka, OpenSim and ezc3d; `--mot FILE`: its ground
// reaction forces per foot as OpenSim's external loads (files/mot_writer.hpp).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "cli/commands.hpp"
#include "files/c3d_writer.hpp"
#include "files/mot_writer.hpp"
#include "store/private_file.hpp"
#include "store/session_export.hpp"
#include "store/session_store.hpp"
#include "store/stored_session_source.hpp"

namespace stridecue {
namespace {

struct ExportOptions {
  std::int64_t session = 0;
  std::string db = StoreOptions{}.path;
  std::string csv_dir;
  std::string c3d_file;
  std::string mot_file;
  std::string excel;  // --excel[=locale|comma|point]
};

std::optional<double> toe_off_of(const StoredStride& s) {
  const auto json = nlohmann::json::parse(s.json, nullptr, false);
  if (json.is_object() && json.contains("toe_off_s") && json["toe_off_s"].is_number()) {
    return json["toe_off_s"].get<double>();
  }
  return std::nullopt;
}

// Each stored stride's stance: the C3D's foot events, and the foot a single belt's samples go to.
std::vector<StanceSide> stances(SessionReader& reader, std::int64_t session) {
  std::vector<StanceSide> out;
  for (const StoredStride& s : reader.strides(session)) {
    if (const auto off = toe_off_of(s)) out.push_back({s.contact_s, *off, s.side});
  }
  return out;
}

// The C3D and .mot files, when asked for: 0, or the exit code of what went wrong.
int export_files(const ExportOptions& o) {
  SessionReader reader(o.db);
  if (!reader.find_session(o.session)) {
    fmt::print(stderr, "stridecue export: no session {} in {}\n", o.session, o.db);
    return kExitBadInput;
  }
  for (const bool c3d : {true, false}) {
    const std::string& path = c3d ? o.c3d_file : o.mot_file;
    if (path.empty()) continue;
    StoredSessionSource source(o.db, o.session);
    if (!source.failure().empty()) {
      fmt::print(stderr, "stridecue export: {}\n", source.failure());
      return kExitBadInput;
    }
    make_private_file(path);  // health data: 0600, as the store (store/private_file.hpp)
    if (c3d) {
      const C3dWriteSummary r = write_c3d(source, foot_events(stances(reader, o.session)), path);
      fmt::print("session {}: {} ({} plates, {} EMG channels, {:.1f} s at {:g} Hz, {} events)\n",
                 o.session, path, r.plates, r.emg_channels,
                 static_cast<double>(r.analog_samples) / r.analog_rate_hz, r.analog_rate_hz,
                 r.events);
    } else {
      const MotWriteSummary r = write_opensim_mot(source, stances(reader, o.session), path);
      fmt::print("session {}: {} ({} rows at {:g} Hz{})\n", o.session, path, r.rows, r.rate_hz,
                 r.split_by_stance ? ", the single belt's force given to each stance's foot" : "");
    }
  }
  return kExitOk;
}

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
  if (o.csv_dir.empty() && o.c3d_file.empty() && o.mot_file.empty()) {
    fmt::print(stderr, "stridecue export: say where: --csv DIR, --c3d FILE, --mot FILE\n");
    return kExitBadInput;
  }
  if (!o.c3d_file.empty() || !o.mot_file.empty()) {
    try {
      if (const int code = export_files(o); code != kExitOk || o.csv_dir.empty()) return code;
    } catch (const std::runtime_error& e) {
      fmt::print(stderr, "stridecue export: {}\n", e.what());
      return kExitFailure;
    }
  }
  try {
    const CsvStyle style = o.excel.empty() ? CsvStyle{} : *CsvStyle::excel(o.excel);
    const ExportResult r = export_session_csv(o.db, o.session, o.csv_dir, style);
    fmt::print(
        "session {}: {} steps, {} cues, {} settings changes, {} events, {} sample "
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
  CLI::App* cmd =
      app.add_subcommand("export", "write a recorded session as CSV files, C3D or OpenSim .mot");
  cmd->add_option("session", options->session, "session id (see `stridecue sessions`)")->required();
  cmd->add_option("--db", options->db, "session store (SQLite file)")->capture_default_str();
  cmd->add_option("--csv", options->csv_dir,
                  "directory for steps.csv (a row per foot contact), cues.csv, summary.csv, "
                  "settings_changes.csv, events.csv, samples.csv and session.json (created if "
                  "needed)");
  cmd->add_flag("--excel{locale}", options->excel,
                "CSV tables for Excel: UTF-8 BOM, and where the decimal mark is a comma (the "
                "LC_NUMERIC locale's, or --excel=comma) decimal commas and ';' between fields; "
                "samples.csv stays a trial CSV")
      ->check(CLI::IsMember({"locale", "comma", "point"}));
  cmd->add_option("--c3d", options->c3d_file,
                  "C3D file: force plates (type 2), EMG in V, Foot Strike / Foot Off events");
  cmd->add_option("--mot", options->mot_file,
                  "OpenSim .mot: ground reaction forces per foot (grf_run.mot layout)");
  cmd->callback([options, &exit_code] { exit_code = export_session(*options); });
}

}  // namespace stridecue
