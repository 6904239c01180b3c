// `stridecue info FILE`: what a recorded file holds and what `analyze` will make of it —
// format, streams and rates, duration, plates, EMG channels, markers, events, the column
// profile, the treadmill layout the engine infers, and what will be missing (docs/formats.md,
// "stridecue info").
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/trial_options.hpp"
#include "cli/trial_source.hpp"
#include "config/config_error.hpp"
#include "engine/gait_engine.hpp"
#include "files/anc_reader.hpp"
#include "files/c3d_bytes.hpp"
#include "files/c3d_file.hpp"
#include "files/c3d_force_platforms.hpp"
#include "files/c3d_points.hpp"
#include "files/c3d_reader.hpp"
#include "files/column_profile.hpp"
#include "files/marker_trajectories.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::ordered_json;

struct InfoOptions {
  std::string file;
  std::string profile;
  std::string emg_profile;
  std::string format = "table";
  std::string marker_units = "mm";
  TrialOptions trial;
};

// Thrown for a file info cannot describe: one line, exit code 2.
struct InfoError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string_view unit_of(Quantity q) {
  switch (q) {
    case Quantity::force_x:
    case Quantity::force_y:
    case Quantity::force_z: return "N";
    case Quantity::cop_x:
    case Quantity::cop_y: return "m";
    case Quantity::torque_z: return "N·m";
    case Quantity::emg: return "V";
    case Quantity::other: return "";
  }
  return "";
}

// Takes the strides and throws them away: info runs the engine only for what it learns of the
// trial (the belt speed it estimates).
struct DiscardStrides final : StrideSink {
  void on_stride(const StrideRecord&) override {}
};

// The streams of a source, its plates and EMG channels (as analyze sees them), its duration
// (read to the end, through an engine built on it as analyze builds it), and that engine's
// layout, belt speed and warnings.
void describe_source(SampleSource& source, const EngineSettings& settings, Json& info) {
  const SourceLayout layout = source.layout();
  std::unique_ptr<GaitEngine> engine;
  std::string refused;
  try {
    engine = std::make_unique<GaitEngine>(layout, settings);
  } catch (const std::invalid_argument& e) {
    refused = e.what();
  }
  DiscardStrides discard;
  std::vector<std::int64_t> frames(layout.streams.size(), 0);
  SampleBlock block;
  SourceStatus status;
  while ((status = source.next(block)) == SourceStatus::block) {
    if (block.stream < frames.size()) {
      frames[block.stream] = std::max(frames[block.stream],
                                      block.first_sample + static_cast<std::int64_t>(block.frames));
    }
    if (engine) engine->process(block, discard);
  }
  if (status == SourceStatus::failed) throw InfoError(source.failure());
  if (engine) engine->finish(discard);

  double end_s = 0.0, start_s = 0.0;
  bool first = true;
  Json streams = Json::array(), plates = Json::array(), emg = Json::array();
  std::map<Plate, Json> by_plate;
  bool has_cop = false, has_gmed = false;
  for (std::size_t s = 0; s < layout.streams.size(); ++s) {
    const StreamInfo& st = layout.streams[s];
    const double duration = st.rate_hz > 0.0 ? static_cast<double>(frames[s]) / st.rate_hz : 0.0;
    streams.push_back({{"name", st.name},
                       {"rate_hz", st.rate_hz},
                       {"start_s", st.start_time_s},
                       {"frames", frames[s]},
                       {"duration_s", duration},
                       {"channels", st.channels.size()}});
    start_s = first ? st.start_time_s : std::min(start_s, st.start_time_s);
    end_s = std::max(end_s, st.start_time_s + duration);
    first = false;
    for (const ChannelInfo& c : st.channels) {
      if (c.quantity == Quantity::emg) {
        emg.push_back({{"channel", c.name},
                       {"muscle", c.muscle},
                       {"side", c.side ? std::string(to_string(*c.side)) : std::string()},
                       {"unit", "V"},
                       {"stream", st.name}});
        has_gmed = has_gmed || c.muscle == "gmed";
      } else if (c.plate) {
        Json& p = by_plate[*c.plate];
        if (p.is_null()) {
          p = {{"plate", to_string(*c.plate)},
               {"kind", *c.plate == Plate::belt ? "belt"
                        : is_floor(*c.plate)    ? "floor"
                                                : "split belt"},
               {"stream", st.name},
               {"channels", Json::array()},
               {"units", Json::array()},
               {"cop", false}};
        }
        p["channels"].push_back(c.name);
        p["units"].push_back(unit_of(c.quantity));
        if (c.quantity == Quantity::cop_x || c.quantity == Quantity::cop_y) p["cop"] = true;
      }
    }
  }
  for (auto& [plate, p] : by_plate) {
    has_cop = has_cop || p["cop"].get<bool>();
    plates.push_back(std::move(p));
  }
  info["streams"] = std::move(streams);
  info["start_s"] = start_s;
  info["duration_s"] = end_s - start_s;
  info["plates"] = std::move(plates);
  info["emg"] = std::move(emg);

  Json& warnings = info["warnings"];
  if (engine) {
    const TreadmillLayout tl = engine->treadmill_layout();
    info["treadmill_layout"] = to_string(tl);
    // The belt speed the strike index used by the end of the trial: given, estimated from the
    // COP (GaitEngine::belt_speed_source), or none (over ground, or no stance showed it).
    const auto speed = engine->belt_speed_m_s();
    info["belt_speed"] = {{"source", to_string(engine->belt_speed_source())},
                          {"m_s", speed ? Json(*speed) : Json(nullptr)},
                          {"sd_m_s", engine->belt_speed_sd_m_s()}};
    if (!has_cop) warnings.push_back("no COP: no strike pattern or strike index");
    if (tl != TreadmillLayout::overground && has_cop && !settings.treadmill.belt_speed_m_s) {
      warnings.push_back(
          fmt::format("no belt speed given: analyze will estimate it from the COP ({}±6 %); give "
                      "--belt-speed-m-s for exact strike index figures",
                      speed ? fmt::format("{:.2f} m/s on this file, ", *speed) : std::string()));
    }
    if (tl == TreadmillLayout::overground) {
      warnings.push_back("over ground: the plates say nothing of the foot, sides alternate");
    }
  } else {
    info["treadmill_layout"] = nullptr;
    warnings.push_back(fmt::format("analyze will refuse this file: {}", refused));
  }
  if (info["emg"].empty()) {
    warnings.push_back("no EMG: no gluteus medius fields");
  } else if (!has_gmed) {
    warnings.push_back("no gluteus medius (gmed) channel: no glute fields");
  }
}

// A marker file's trajectories as the marker reader (analyze --markers) gives them: positions
// in metres; `file_units` is the unit the file states, or the one assumed for a text file that
// states none (`stated` false).
Json marker_block(const MarkerTrajectories& m, const std::string& file_units, bool stated) {
  std::size_t gaps = 0, gapped_markers = 0;
  for (std::size_t k = 0; k < m.markers(); ++k) {
    std::size_t missing = 0;
    for (std::size_t f = 0; f < m.frames(); ++f)
      missing += m.present(f, k) ? 0 : 1;
    gaps += missing;
    gapped_markers += missing > 0 ? 1 : 0;
  }
  const double start_s = m.frames() > 0 ? m.times_s.front() : 0.0;
  return {{"count", m.markers()},
          {"rate_hz", m.rate_hz},
          {"start_s", start_s},
          {"frames", m.frames()},
          {"duration_s", m.rate_hz > 0.0 ? static_cast<double>(m.frames()) / m.rate_hz : 0.0},
          {"units", "m"},
          {"file_units", file_units},
          {"file_units_stated", stated},
          {"gaps", gaps},
          {"markers_with_gaps", gapped_markers},
          {"names", m.names},
          {"axes", m.axes},
          {"note", m.note}};
}

// The Units value of a .trc header ("" when it has none).
std::string trc_units(const std::string& path) {
  std::ifstream in(path);
  std::string line, keys, values;
  if (!std::getline(in, line) || !std::getline(in, keys) || !std::getline(in, values)) return {};
  std::istringstream k(keys), v(values);
  for (std::string key, value; std::getline(k, key, '\t');) {
    if (!std::getline(v, value, '\t')) value.clear();
    if (key == "Units") return value;
  }
  return {};
}

// A marker file that is not a trial: .trc, or delimited text (Time, then <name>X <name>Y
// <name>Z), read by the marker reader analyze uses for --markers and --static.
void describe_marker_file(const InfoOptions& o, const MarkerTrajectories& m, Json& info) {
  const bool trc = lower_extension(o.file) == ".trc";
  info["format"] = trc ? "trc" : "marker_text";
  info["format_detail"] =
      trc ? "marker trajectories (.trc)"
          : "marker trajectories (delimited text: Time, then <name>X <name>Y <name>Z)";
  Json markers =
      trc ? marker_block(m, trc_units(o.file), true) : marker_block(m, o.marker_units, false);
  info["streams"] = Json::array();
  info["start_s"] = markers["start_s"];
  info["duration_s"] = markers["duration_s"];
  info["plates"] = Json::array();
  info["emg"] = Json::array();
  info["markers"] = std::move(markers);
  info["treadmill_layout"] = nullptr;
  info["warnings"].push_back(
      "markers only, no force: analyze reads this file only as --markers or --static (the "
      "foot-strike angle of a force trial's steps), not as a trial");
}

std::vector<std::string> c3d_strings(const C3dFile& file, std::string_view group,
                                     std::string_view name) {
  std::vector<std::string> out;
  // LABELS, then LABELS2, LABELS3 … past 255 entries.
  for (int i = 1;; ++i) {
    const std::string n = i == 1 ? std::string(name) : fmt::format("{}{}", name, i);
    const C3dParameter* p = file.find(group, n);
    if (!p || p->type != C3dType::character) break;
    out.insert(out.end(), p->strings.begin(), p->strings.end());
  }
  return out;
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  auto bytes = read_c3d_bytes(path);
  if (!bytes) throw InfoError(bytes.error());
  return std::move(*bytes);
}

// C3D: the reader's view (describe_source) plus what the parameters say.
void describe_c3d(const InfoOptions& o, const EngineSettings& settings, Json& info) {
  const auto bytes = read_bytes(o.file);
  const auto file = parse_c3d(bytes, o.file);
  if (!file) throw InfoError(file.error());
  const C3dParameter* maker = file->find("MANUFACTURER", "Company");
  const C3dParameter* software = file->find("MANUFACTURER", "Software");
  info["format"] = "c3d";
  info["format_detail"] = fmt::format(
      "C3D, {} processor, {} storage{}", to_string(file->processor),
      file->float_storage ? "float" : "integer",
      maker && !maker->strings.empty()
          ? fmt::format(", {}{}", maker->strings[0],
                        software && !software->strings.empty() ? " " + software->strings[0] : "")
          : std::string());

  // A file the reader refuses (no analog data, a bad plate) is still described: its markers
  // and events, and why analyze will refuse it.
  auto platforms = C3dForcePlatforms::read(*file, o.file);
  std::string error = platforms.error();
  std::unique_ptr<SampleSource> source;
  if (platforms) {
    source = open_trial_source(o.file, o.profile, o.emg_profile);
    if (!source->failure().empty()) error = source->failure();
  }
  if (!platforms || !source->failure().empty()) {
    info["streams"] = Json::array();
    info["start_s"] = file->start_time_s();
    info["duration_s"] =
        file->point_rate_hz > 0.0 ? static_cast<double>(file->frames) / file->point_rate_hz : 0.0;
    info["plates"] = Json::array();
    info["emg"] = Json::array();
    info["treadmill_layout"] = nullptr;
    info["warnings"].push_back(fmt::format("analyze will refuse this file: {}", error));
  } else {
    describe_source(*source, settings, info);
    // Which analog label each EMG channel came from, in the file's unit.
    if (const auto* reader = dynamic_cast<const C3dReader*>(source.get())) {
      Json& emg = info["emg"];
      for (std::size_t i = 0; i < emg.size() && i < reader->emg().channels.size(); ++i) {
        const C3dEmgChannel& c = reader->emg().channels[i];
        emg[i]["label"] = c.label;
        emg[i]["file_unit"] = c.unit;
      }
    }
    // What each plate is made of in the file, beside the channels analyze reads.
    for (const C3dForcePlatform& p : platforms->platforms()) {
      std::vector<std::string> labels, units;
      bool negative_scale = false;
      const C3dParameter* scale = file->find("ANALOG", "SCALE");
      for (const std::size_t c : p.channels) {
        labels.push_back(file->analog_labels[c]);
        units.push_back(file->analog_units[c]);
        if (scale && c < scale->numbers.size() && scale->numbers[c] < 0.0) negative_scale = true;
      }
      for (Json& j : info["plates"]) {
        if (j["plate"] != to_string(p.kind)) continue;
        j["number"] = p.number;
        j["type"] = p.type;
        j["length_m"] = p.length_m;
        j["width_m"] = p.width_m;
        j["analog_channels"] = labels;
        j["analog_units"] = units;
        std::string note;
        if (p.type == 4) note = "CAL_MATRIX applied to the analog channels";
        if (negative_scale) {
          note += std::string(note.empty() ? "" : "; ") + "negative ANALOG:SCALE";
        }
        if (p.sign < 0.0) {
          note += std::string(note.empty() ? "" : "; ") + "force on the plate, negated";
        }
        if (!note.empty()) j["note"] = note;
      }
    }
    info["frame"] = platforms->frame_note();
  }

  // The markers as analyze --markers reads them; the header's figures if the reader refuses.
  const auto points = c3d_points(*file, o.file);
  if (points) {
    info["markers"] = marker_block(*points, file->point_units, true);
  } else {
    Json markers = {{"count", file->points},
                    {"rate_hz", file->point_rate_hz},
                    {"frames", file->frames},
                    {"units", file->point_units},
                    {"names", c3d_strings(*file, "POINT", "LABELS")}};
    if (markers["names"].size() > file->points) {
      markers["names"] = std::vector<std::string>(
          markers["names"].begin(),
          markers["names"].begin() + static_cast<std::ptrdiff_t>(file->points));
    }
    info["markers"] = std::move(markers);
    if (file->points > 0) {
      info["warnings"].push_back(
          fmt::format("analyze --markers will refuse this file's markers: {}", points.error()));
    }
  }
  Json events = Json::array();
  std::vector<C3dEvent> sorted = file->events;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const C3dEvent& a, const C3dEvent& b) { return a.time_s < b.time_s; });
  for (const C3dEvent& e : sorted)
    events.push_back({{"label", e.label}, {"context", e.context}, {"time_s", e.time_s}});
  info["events"] = std::move(events);
}

// Whitespace-separated fields of a line.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string f; in >> f;)
    out.push_back(f);
  return out;
}

// Motion Analysis .anc: the header's channels; analyze does not read it (its plates are raw
// counts with no calibration), the EMG is read through an EMG profile (AncReader).
void describe_anc(const InfoOptions& o, Json& info) {
  std::ifstream in(o.file);
  if (!in.is_open()) throw InfoError(fmt::format("{}: cannot open", o.file));
  std::vector<std::string> names, rates, ranges;
  std::string line, board;
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    const auto f = fields(line);
    if (f.empty()) continue;
    if (f[0] == "Board_Type:" && f.size() > 1) {
      const auto from = line.find('\t');
      board = line.substr(from + 1, line.find('\t', from + 1) - from - 1);
    }
    if (f[0] == "Name")
      names.assign(f.begin() + 1, f.end());
    else if (f[0] == "Rate")
      rates.assign(f.begin() + 1, f.end());
    else if (f[0] == "Range")
      ranges.assign(f.begin() + 1, f.end());
    else if (!names.empty() &&
             (std::isdigit(static_cast<unsigned char>(f[0][0])) || f[0][0] == '-'))
      ++rows;
  }
  if (names.empty())
    throw InfoError(fmt::format("{}: no Name row: not an .anc analog export", o.file));
  info["format"] = "anc";
  info["format_detail"] =
      fmt::format("Motion Analysis ASCII analog{}", board.empty() ? "" : ", board " + board);
  const double rate = rates.empty() ? 0.0 : std::stod(rates[0]);
  info["streams"] = Json::array({{{"name", "analog"},
                                  {"rate_hz", rate},
                                  {"start_s", 0.0},
                                  {"frames", rows},
                                  {"duration_s", rate > 0 ? static_cast<double>(rows) / rate : 0.0},
                                  {"channels", names.size()}}});
  info["start_s"] = 0.0;
  info["duration_s"] = rate > 0 ? static_cast<double>(rows) / rate : 0.0;
  Json channels = Json::array();
  std::vector<std::string> plate_channels;
  for (std::size_t i = 0; i < names.size(); ++i) {
    channels.push_back({{"name", names[i]},
                        {"rate_hz", i < rates.size() ? std::stod(rates[i]) : rate},
                        {"range_mv", i < ranges.size() ? std::stod(ranges[i]) : 0.0}});
    const std::string& n = names[i];
    if (n.size() == 3 && n[0] == 'F' && std::isdigit(static_cast<unsigned char>(n[1])))
      plate_channels.push_back(n);
    if (n.size() == 3 && n[0] == 'M' && std::isdigit(static_cast<unsigned char>(n[1])))
      plate_channels.push_back(n);
  }
  info["analog_channels"] = std::move(channels);
  info["plates"] = Json::array();
  Json emg = Json::array();
  if (!o.emg_profile.empty()) {
    const EmgChannelProfile profile = load_emg_profile(o.emg_profile);
    for (const EmgChannelMapping& m : profile.channels) {
      emg.push_back({{"channel", m.column},
                     {"muscle", m.muscle},
                     {"side", std::string(to_string(m.side))},
                     {"unit", "V"},
                     {"stream", "emg"}});
    }
  }
  info["emg"] = std::move(emg);
  info["treadmill_layout"] = nullptr;
  Json& warnings = info["warnings"];
  warnings.push_back(
      "analyze does not read .anc files: their force plates are raw ADC counts without a "
      "calibration" +
      (plate_channels.empty() ? std::string()
                              : fmt::format(" ({})", fmt::join(plate_channels, " "))));
  if (o.emg_profile.empty()) {
    warnings.push_back(
        "EMG channels are mapped by an EMG profile (--emg-profile, e.g. rajagopal_anc)");
  }
}

// A text trial: our trial CSV, an OpenSim storage file, or a lab's export read through a column
// profile (--profile, else the one analyze would choose). A .txt/.csv/.tsv that no profile fits
// but the marker reader reads (RBDS …markers.txt, …static.txt) is described as markers.
void describe_text(const InfoOptions& o, const EngineSettings& settings, Json& info) {
  const std::string ext = lower_extension(o.file);
  const bool storage = ext == ".mot" || ext == ".sto";
  bool trial_csv = false;
  if (!storage && o.profile.empty()) {
    std::ifstream in(o.file, std::ios::binary);
    trial_csv = !in.is_open() || has_trial_csv_header(in);  // the CSV reader says why not
  }
  std::string profile = o.profile;
  if (storage && profile.empty()) profile = choose_column_profile(o.file);
  if (!storage && !trial_csv && profile.empty()) {
    try {
      profile = choose_column_profile(
          o.file, "not a stridecue trial CSV (its first column is not time_s), and ");
    } catch (const ConfigError& e) {
      const auto markers = read_marker_file(o.file, o.marker_units);
      if (!markers) {
        throw InfoError(fmt::format("{}\n  as a marker file: {}", e.what(), markers.error()));
      }
      describe_marker_file(o, *markers, info);
      return;
    }
  }
  info["format"] = storage ? "opensim" : trial_csv ? "trial_csv" : "text_table";
  info["format_detail"] = storage ? "OpenSim storage (.mot/.sto)"
                          : trial_csv
                              ? "stridecue trial CSV"
                              : fmt::format("lab text export, read with the column profile {}",
                                            std::filesystem::path(profile).stem().string());
  if (!trial_csv) info["profile"] = profile;
  auto source = open_trial_source(o.file, profile, o.emg_profile);
  if (!source->failure().empty()) throw InfoError(source->failure());
  describe_source(*source, settings, info);
}

std::string number(double v) {
  return fmt::format("{:g}", v);
}

void print_table(const Json& info) {
  const auto row = [](std::string_view key, const std::string& value) {
    fmt::print("{:<10} {}\n", key, value);
  };
  row("file", info["file"].get<std::string>());
  row("format", info.value("format_detail", info["format"].get<std::string>()));
  row("duration", fmt::format("{:.3f} s from {:.3f} s", info["duration_s"].get<double>(),
                              info["start_s"].get<double>()));
  for (const auto& s : info["streams"]) {
    const auto channels = s["channels"].get<std::size_t>();
    row("stream",
        fmt::format("{}: {} Hz, {} frames ({:.3f} s), {} channel{}", s["name"].get<std::string>(),
                    number(s["rate_hz"].get<double>()), s["frames"].get<std::int64_t>(),
                    s["duration_s"].get<double>(), channels, channels == 1 ? "" : "s"));
  }
  if (info["plates"].empty()) row("plates", "none");
  for (const auto& p : info["plates"]) {
    const std::string kind = p["kind"].get<std::string>();
    std::string text = fmt::format("{} ({})", p["plate"].get<std::string>(),
                                   kind == "belt" ? "single-belt treadmill" : kind);
    if (p.contains("type")) {
      text += fmt::format(": FORCE_PLATFORM {} type {}, {:.2f} × {:.2f} m, channels {} [{}]",
                          p["number"].get<int>(), p["type"].get<int>(), p["length_m"].get<double>(),
                          p["width_m"].get<double>(),
                          fmt::join(p["analog_channels"].get<std::vector<std::string>>(), " "),
                          fmt::join(p["analog_units"].get<std::vector<std::string>>(), " "));
      if (p.contains("note")) text += "; " + p["note"].get<std::string>();
    } else {
      text += fmt::format(": {}{}", fmt::join(p["channels"].get<std::vector<std::string>>(), " "),
                          p["cop"].get<bool>() ? "" : " (no COP)");
    }
    row("plate", text);
  }
  if (info.contains("frame")) row("axes", info["frame"].get<std::string>());
  if (info.contains("analog_channels")) {
    std::vector<std::string> names;
    for (const auto& c : info["analog_channels"])
      names.push_back(fmt::format("{} (±{} mV)", c["name"].get<std::string>(),
                                  number(c["range_mv"].get<double>())));
    row("analog", fmt::format("{}", fmt::join(names, ", ")));
  }
  if (info["emg"].empty()) row("emg", "none");
  for (const auto& e : info["emg"]) {
    std::string from;
    if (e.contains("label")) {
      from = fmt::format(", from \"{}\" in {}", e["label"].get<std::string>(),
                         e["file_unit"].get<std::string>());
    }
    row("emg", fmt::format("{}: {} {} ({}){}", e["channel"].get<std::string>(),
                           e["side"].get<std::string>(), e["muscle"].get<std::string>(),
                           e["unit"].get<std::string>(), from));
  }
  if (info.contains("markers")) {
    const auto& m = info["markers"];
    const auto names = m["names"].get<std::vector<std::string>>();
    if (m.contains("gaps")) {  // through the marker reader
      const std::string unit = m["file_units"].get<std::string>();
      const auto gaps = m["gaps"].get<std::size_t>();
      row("markers",
          fmt::format("{} at {} Hz, {} frames ({:.3f} s from {:.3f} s), in m from {}; {}",
                      m["count"].get<std::size_t>(), number(m["rate_hz"].get<double>()),
                      m["frames"].get<std::size_t>(), m["duration_s"].get<double>(),
                      m["start_s"].get<double>(),
                      m["file_units_stated"].get<bool>()
                          ? unit
                          : unit + " (the file does not say: --marker-units)",
                      gaps == 0 ? std::string("no gaps")
                                : fmt::format("{} marker-frame{} missing ({} of the markers)", gaps,
                                              gaps == 1 ? "" : "s",
                                              m["markers_with_gaps"].get<std::size_t>())));
    } else {  // the C3D header's figures: the marker reader refused the points
      row("markers", fmt::format("{} at {} Hz, {} frames ({})", m["count"].get<std::size_t>(),
                                 number(m["rate_hz"].get<double>()), m["frames"].get<std::size_t>(),
                                 m["units"].get<std::string>()));
    }
    if (!names.empty()) row("", fmt::format("names: {}", fmt::join(names, ", ")));
    if (!m.value("axes", std::string()).empty()) row("", "axes: " + m["axes"].get<std::string>());
    if (!m.value("note", std::string()).empty()) row("", "note: " + m["note"].get<std::string>());
  }
  if (info.contains("events")) {
    std::vector<std::string> events;
    for (const auto& e : info["events"])
      events.push_back(fmt::format("{} {} {:.3f} s", e["context"].get<std::string>(),
                                   e["label"].get<std::string>(), e["time_s"].get<double>()));
    row("events", events.empty() ? "none" : fmt::format("{}", fmt::join(events, "; ")));
  }
  if (info.contains("profile")) {
    row("profile", info["profile"].is_null() ? "-" : info["profile"].get<std::string>());
  }
  row("layout", info["treadmill_layout"].is_null() ? "- (analyze will not run)"
                                                   : info["treadmill_layout"].get<std::string>());
  if (info.contains("belt_speed")) {
    const auto& b = info["belt_speed"];
    const std::string source = b["source"].get<std::string>();
    if (b["m_s"].is_null()) {
      row("belt", source == "none" ? "-" : source);
    } else if (source == "estimated") {
      row("belt", fmt::format("{:.2f} ± {:.2f} m/s, estimated from the COP", b["m_s"].get<double>(),
                              b["sd_m_s"].get<double>()));
    } else {
      row("belt", fmt::format("{} m/s, {}", number(b["m_s"].get<double>()), source));
    }
  }
  for (const auto& w : info["warnings"])
    row("warning", w.get<std::string>());
}

int info(const InfoOptions& o) {
  try {
    std::error_code ec;
    if (!std::filesystem::exists(o.file, ec)) throw InfoError(o.file + ": no such file");
    if (std::filesystem::is_directory(o.file, ec)) throw InfoError(o.file + ": is a directory");
    const EngineSettings settings = o.trial.settings();
    Json info;
    info["file"] = o.file;
    info["warnings"] = Json::array();
    const std::string ext = lower_extension(o.file);
    if (ext == ".c3d") {
      describe_c3d(o, settings, info);
    } else if (ext == ".anc") {
      describe_anc(o, info);
    } else if (ext == ".trc") {
      const auto markers = read_marker_file(o.file, o.marker_units);
      if (!markers) throw InfoError(markers.error());
      describe_marker_file(o, *markers, info);
    } else if (ext == ".csv" || ext == ".tsv" || ext == ".txt" || ext == ".mot" || ext == ".sto") {
      describe_text(o, settings, info);
    } else {
      throw InfoError(fmt::format(
          "{}: unknown format '{}' (known: .csv, .tsv, .txt, .mot, .sto, .c3d, .anc, .trc)", o.file,
          ext));
    }
    Json warnings = std::move(info["warnings"]);  // last, after what they are about
    info.erase("warnings");
    info["warnings"] = std::move(warnings);
    if (o.format == "json") {
      fmt::print("{}\n", info.dump());
    } else {
      print_table(info);
    }
    return kExitOk;
  } catch (const InfoError& e) {
    fmt::print(stderr, "stridecue info: {}\n", e.what());
  } catch (const ConfigError& e) {
    fmt::print(stderr, "stridecue info: {}\n", e.what());
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecue info: {}: {}\n", o.file, e.what());
  }
  return kExitBadInput;
}

}  // namespace

void add_info_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<InfoOptions>();
  CLI::App* cmd =
      app.add_subcommand("info", "say what a recorded file holds and what analyze will use");
  cmd->add_option("file", options->file,
                  "a trial (.csv/.tsv/.txt, .mot/.sto, .c3d), a Motion Analysis .anc, or a marker "
                  "file (.trc, text)")
      ->required();
  cmd->add_option("--format", options->format, "table (default) or json (one object)")
      ->check(CLI::IsMember({"table", "json"}));
  cmd->add_option("--profile", options->profile,
                  "column profile for .mot/.sto files and lab text exports (default: the one "
                  "analyze would choose)");
  cmd->add_option("--emg-profile", options->emg_profile,
                  "EMG channel profile for .c3d and .anc files (a TOML file or a name in "
                  "config/emg_profiles)");
  cmd->add_option("--marker-units", options->marker_units,
                  "length unit of text marker files, as analyze --marker-units (default mm)")
      ->check(CLI::IsMember({"mm", "cm", "m"}));
  options->trial.add_runner_flags(*cmd);
  cmd->callback([options, &exit_code] { exit_code = info(*options); });
}

}  // namespace stridecue
