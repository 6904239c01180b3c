#include "store/session_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>

#include "files/trial_csv_writer.hpp"
#include "store/layout_json.hpp"
#include "store/private_file.hpp"
#include "store/session_store.hpp"
#include "store/stored_session_source.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::ordered_json;
using Row = std::vector<std::pair<std::string, Json>>;

void flatten_into(const Json& json, const std::string& prefix, Row& out) {
  const auto key = [&](const std::string& k) { return prefix.empty() ? k : prefix + "." + k; };
  if (json.is_object() && !json.empty()) {
    for (const auto& [k, v] : json.items())
      flatten_into(v, key(k), out);
  } else if (json.is_array() && !json.empty()) {
    for (std::size_t i = 0; i < json.size(); ++i)
      flatten_into(json[i], key(std::to_string(i)), out);
  } else {
    out.emplace_back(prefix, json);
  }
}

Json parsed(const std::string& text, const std::string& what) {
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(fmt::format("{}: stored JSON does not parse: {}", what, e.what()));
  }
}

// A CSV file of rows whose columns are the union of their keys: the fixed ones first, then
// the others in the order they first appear.
class CsvTable {
 public:
  CsvTable(std::vector<std::string> fixed, const CsvStyle& style)
      : columns_(std::move(fixed)), style_(style) {
    for (std::size_t i = 0; i < columns_.size(); ++i)
      index_[columns_[i]] = i;
  }

  // Keys already present in the row (a fixed column repeated in the JSON) keep the first value.
  void add(Row row) {
    std::vector<std::optional<Json>> cells(columns_.size());
    for (auto& [key, value] : row) {
      auto [it, fresh] = index_.emplace(key, columns_.size());
      if (fresh) {
        columns_.push_back(key);
        cells.resize(columns_.size());
      }
      if (!cells[it->second]) cells[it->second] = std::move(value);
    }
    rows_.push_back(std::move(cells));
  }

  void write(const std::filesystem::path& path) const {
    std::ofstream out = open_private_for_writing(path);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot open for writing", path.string()));
    std::string text = style_.byte_order_mark ? "\xEF\xBB\xBF" : "";
    text += csv_header(columns_, style_);
    for (const auto& cells : rows_) {
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c) text += style_.delimiter;
        if (c < cells.size() && cells[c]) text += csv_cell(*cells[c], style_);
      }
      text += '\n';
    }
    out << text;
    if (!out.flush()) throw std::runtime_error(fmt::format("{}: write failed", path.string()));
  }

 private:
  std::vector<std::string> columns_;
  CsvStyle style_;
  std::map<std::string, std::size_t> index_;
  std::vector<std::vector<std::optional<Json>>> rows_;
};

// Stores written before the token was redacted hold it in each session's config: an export
// never carries it (docs/store.md).
Json without_token(Json config) {
  if (config.is_object() && config.contains("api") && config["api"].is_object()) {
    Json& api = config["api"];
    if (api.contains("token") &&
        !(api["token"].is_string() && api["token"].get<std::string>().empty()))
      api["token"] = "<set>";
  }
  return config;
}

void append_json_columns(Row& row, const std::string& text, const std::string& what) {
  const Json json = parsed(text, what);
  flatten_into(json, json.is_object() || json.is_array() ? "" : "json", row);
}

Row row_of(const Json& flat) {
  Row row;
  for (const auto& [key, value] : flat.items())
    row.emplace_back(key, value);
  return row;
}

// Each stream in its own file, for layouts the trial CSV cannot hold: time_s (from the stream's
// start time, rate and sample counter) and one column per channel, as named in the source.
void write_streams_apart(const std::string& db_path, std::int64_t session_id,
                         const std::filesystem::path& dir, ExportResult& result) {
  StoredSessionSource source(db_path, session_id);
  if (!source.failure().empty()) throw std::runtime_error(source.failure());
  const SourceLayout& layout = source.layout();
  std::vector<std::ofstream> files;
  for (std::size_t s = 0; s < layout.streams.size(); ++s) {
    const StreamInfo& stream = layout.streams[s];
    const auto path =
        dir / fmt::format("samples_{}.csv", stream.name.empty() ? std::to_string(s) : stream.name);
    files.push_back(open_private_for_writing(path));
    if (!files.back()) throw std::runtime_error(fmt::format("{}: cannot open", path.string()));
    files.back() << "time_s";
    for (const ChannelInfo& c : stream.channels)
      files.back() << ',' << csv_text(c.name, CsvStyle{});
    files.back() << '\n';
    result.files.push_back(path);
  }
  SampleBlock block;
  SourceStatus status;
  std::string line;
  while ((status = source.next(block)) == SourceStatus::block) {
    const StreamInfo& stream = layout.streams[block.stream];
    for (std::size_t f = 0; f < block.frames; ++f) {
      const auto counter = block.first_sample + static_cast<std::int64_t>(f);
      line = fmt::format("{}", stream.start_time_s + static_cast<double>(counter) / stream.rate_hz);
      for (std::size_t c = 0; c < block.channels; ++c)
        line += fmt::format(",{}", block.at(f, c));
      line += '\n';
      files[block.stream] << line;
    }
  }
  if (status == SourceStatus::failed) throw std::runtime_error(source.failure());
  for (auto& f : files) {
    if (!f.flush()) throw std::runtime_error("writing the per-stream sample files failed");
  }
}

void write_samples(const std::string& db_path, std::int64_t session_id,
                   const std::filesystem::path& dir, ExportResult& result) {
  if (result.blocks == 0) {
    result.samples_note = "no raw samples stored for this session (store.raw_samples off?)";
    return;
  }
  const auto path = dir / "samples.csv";
  std::string error;
  {
    StoredSessionSource source(db_path, session_id);
    if (!source.failure().empty()) throw std::runtime_error(source.failure());
    std::ofstream out = open_private_for_writing(path);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot open for writing", path.string()));
    if (write_trial_csv(source, out, &error)) {
      result.files.push_back(path);
      return;
    }
    if (!source.failure().empty()) throw std::runtime_error(source.failure());
    if (!out) throw std::runtime_error(fmt::format("{}: {}", path.string(), error));
  }
  // The layout has no trial-CSV form: one file per stream instead.
  std::filesystem::remove(path);
  result.samples_note = fmt::format("no samples.csv: {}; wrote one file per stream", error);
  write_streams_apart(db_path, session_id, dir, result);
}

}  // namespace

std::vector<std::pair<std::string, nlohmann::ordered_json>> flatten_json(
    const nlohmann::ordered_json& json, const std::string& prefix) {
  Row row;
  flatten_into(json, prefix, row);
  return row;
}

ExportResult export_session_csv(const std::string& db_path, std::int64_t session_id,
                                const std::filesystem::path& dir, const CsvStyle& style) {
  SessionReader reader(db_path);
  const auto details = reader.find_session(session_id);
  if (!details) {
    throw UnknownSession(
        fmt::format("no session {} in {} (`stridecue sessions --db {}` lists them)", session_id,
                    db_path, db_path));
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw std::runtime_error(fmt::format("{}: cannot create: {}", dir.string(), ec.message()));

  ExportResult result;
  result.blocks = static_cast<std::size_t>(details->summary.blocks);
  const std::string what = fmt::format("session {} of {}", session_id, db_path);

  CsvTable steps({"step"}, style);
  for (const StoredStride& s : reader.strides(session_id)) {
    Json stride = parsed(s.json, what + ", stride " + std::to_string(s.index));
    if (!stride.is_object()) stride = Json::object();
    Json flat = tidy_step(stride);
    flat["step"] = s.index;  // the key columns are exact; the JSON may round them for display
    steps.add(row_of(flat));
    ++result.strides;
  }
  steps.write(dir / "steps.csv");
  result.files.push_back(dir / "steps.csv");

  CsvTable cues(cue_columns(true), style);
  for (const StoredCue& c : reader.cues(session_id)) {
    Json cue = parsed(c.json, what + ", cue " + std::to_string(c.seq));
    if (!cue.is_object()) cue = Json::object();
    // The stored columns are exact (the JSON rounds times for display) and hold the latencies.
    cue["seq"] = c.seq;
    cue["kind"] = c.kind;
    cue["side"] = std::string(to_string(c.side));
    cue["contact_s"] = c.contact_s;
    cue["decided_s"] = c.decided_s;
    if (!cue.contains("why")) cue["why"] = c.reason;
    cue["receipt_to_decision_ns"] = c.receipt_to_decision_ns;
    cue["receipt_to_audio_ns"] =
        c.receipt_to_audio_ns ? Json(*c.receipt_to_audio_ns) : Json(nullptr);
    cues.add(row_of(tidy_cue(cue)));
    ++result.cues;
  }
  cues.write(dir / "cues.csv");
  result.files.push_back(dir / "cues.csv");

  CsvTable changes({"session_time_s", "source"}, style);
  for (const StoredSettingsChange& c : reader.settings_changes(session_id)) {
    Row row = {{"session_time_s", c.session_time_s}, {"source", std::string(to_string(c.source))}};
    append_json_columns(row, c.json, what + ", settings change");
    changes.add(std::move(row));
    ++result.settings_changes;
  }
  changes.write(dir / "settings_changes.csv");
  result.files.push_back(dir / "settings_changes.csv");

  CsvTable events({"session_time_s", "kind"}, style);
  for (const StoredEvent& e : reader.events(session_id)) {
    Row row = {{"session_time_s", e.session_time_s}, {"kind", e.kind}};
    append_json_columns(row, e.json, what + ", event");
    events.add(std::move(row));
    ++result.events;
  }
  events.write(dir / "events.csv");
  result.files.push_back(dir / "events.csv");

  // The summary a session that ended stored: its gait figures and cue counts, as `analyze
  // --summary FILE.csv` writes them (the latencies and the recorder's counts stay in
  // session.json).
  if (details->summary_json) {
    const Json stored = parsed(*details->summary_json, what + ", summary");
    if (stored.is_object() && stored.contains("gait") && stored["gait"].is_object()) {
      Json gait = stored["gait"];
      if (stored.contains("cues")) gait["cues"] = stored["cues"];
      const std::vector<Json> rows = tidy_summary(gait);
      CsvTable summary(summary_columns(rows), style);
      for (const Json& row : rows)
        summary.add(row_of(row));
      summary.write(dir / "summary.csv");
      result.files.push_back(dir / "summary.csv");
    }
  }

  write_samples(db_path, session_id, dir, result);

  const SessionSummary& s = details->summary;
  const Json session = {
      {"id", s.id},
      {"runner", s.runner_id},
      {"session_number", s.session_number},
      {"started_utc", s.started_utc},
      {"ended_utc", s.ended_utc ? Json(*s.ended_utc) : Json(nullptr)},
      {"config", without_token(parsed(details->config_json, what + ", config"))},
      {"layout", parsed(details->layout_json, what + ", layout")},
      {"summary",
       details->summary_json ? parsed(*details->summary_json, what + ", summary") : Json(nullptr)}};
  const auto session_path = dir / "session.json";
  std::ofstream out = open_private_for_writing(session_path);
  // Runner ids in stores older than their rule may hold any bytes: replaced, not thrown on.
  out << session.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  if (!out.flush())
    throw std::runtime_error(fmt::format("{}: write failed", session_path.string()));
  result.files.push_back(session_path);
  return result;
}

}  // namespace stridecue
