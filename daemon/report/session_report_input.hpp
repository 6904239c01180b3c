// What a session report is made from: the session's strides, cues and events as JSON (the shape
// the event stream, the store and `analyze --format json` share, report/stride_json.hpp), its
// settings and summary, and who ran it. Filled from the store (`stridecue report`) or from an
// analysis (`stridecue analyze FILE --report`); the report reads nothing else.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace stridecue {

struct ReportEvent {
  double session_time_s = 0.0;
  std::string kind;  // "device", "program_phase", "recording_interrupted", …
  nlohmann::json data;
};

struct ReportRunner {
  std::string id;
  std::optional<std::string> name;
  std::optional<double> body_mass_kg, foot_length_m;
  std::optional<std::string> affected_side;
  std::optional<std::string> program;  // the template their program came from
};

struct SessionReportInput {
  std::string source;  // where it came from: "session 3 of sessions.db", "trial.csv"
  ReportRunner runner;
  int session_number = 0;   // the runner's nth session; 0 for an analysed file
  std::string started_utc;  // empty for an analysed file
  nlohmann::json settings = nlohmann::json::object();  // the settings it ran with (config_json)
  nlohmann::json summary = nlohmann::json::object();   // the stored summary, or analyze's
  std::vector<nlohmann::json> strides, cues;
  std::vector<ReportEvent> events;
};

}  // namespace stridecue
