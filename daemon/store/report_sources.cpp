#include "store/report_sources.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "store/runner_records.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

Json parsed(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json::object() : j;
}

}  // namespace

ReportRunner report_runner(SessionReader& reader, const std::string& runner_id) {
  ReportRunner r;
  r.id = runner_id;
  const auto record = read_runner(reader.connection(), runner_id);
  if (!record) return r;
  r.name = record->name;
  r.body_mass_kg = record->body_mass_kg;
  r.foot_length_m = record->foot_length_m;
  r.affected_side = record->affected_side;
  if (record->program && record->program->contains("template") &&
      (*record->program)["template"].is_string()) {
    r.program = (*record->program)["template"].get<std::string>();
  }
  return r;
}

std::optional<SessionReportInput> report_input(SessionReader& reader, std::int64_t session_id) {
  const auto details = reader.find_session(session_id);
  if (!details) return std::nullopt;
  SessionReportInput in;
  in.source = fmt::format("session {} of {}", session_id,
                          std::filesystem::path(reader.path()).filename().string());
  in.runner = report_runner(reader, details->summary.runner_id);
  in.session_number = details->summary.session_number;
  in.started_utc = details->summary.started_utc;
  in.settings = parsed(details->config_json);
  if (details->summary_json) in.summary = parsed(*details->summary_json);
  if (!in.summary.is_object()) in.summary = Json::object();
  for (const StoredStride& s : reader.strides(session_id))
    in.strides.push_back(parsed(s.json));
  for (const StoredCue& c : reader.cues(session_id)) {
    Json j = parsed(c.json);
    // The sound's latency arrives after the cue's row (store: set_cue_audio_latency).
    j["receipt_to_decision_ns"] = c.receipt_to_decision_ns;
    if (c.receipt_to_audio_ns) j["receipt_to_audio_ns"] = *c.receipt_to_audio_ns;
    in.cues.push_back(std::move(j));
  }
  for (const StoredEvent& e : reader.events(session_id))
    in.events.push_back({e.session_time_s, e.kind, parsed(e.json)});
  return in;
}

std::vector<SessionReportInput> runner_report_inputs(SessionReader& reader,
                                                     const std::string& runner_id) {
  std::vector<SessionReportInput> out;
  for (const SessionSummary& s : reader.list_sessions()) {
    if (s.runner_id != runner_id) continue;
    if (auto in = report_input(reader, s.id)) out.push_back(std::move(*in));
  }
  return out;
}

}  // namespace stridecue
