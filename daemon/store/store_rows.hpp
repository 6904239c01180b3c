// The rows of a session, as the store writes and reads them: plain values, JSON as text. The
// recorder turns engine output into these; `stridecue export` and replays read them back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/sample_block.hpp"

namespace stridecue {

// One stride record. The key fields are columns (for queries and the replay check); `json`
// holds the whole record as the daemon's event stream carries it.
struct StoredStride {
  std::int64_t index = 0;  // StrideRecord::index
  Side side = Side::left;
  double contact_s = 0.0;             // session time, stored exactly
  std::optional<std::string> strike;  // "rearfoot" | "midfoot" | "forefoot", none if unknown
  std::optional<double> strike_index;
  std::string json = "{}";
};

// One cue, with why it fired and how late it was.
struct StoredCue {
  std::int64_t seq = 0;  // 1, 2, 3 … in order of decision (the session core numbers them)
  std::string kind;      // "heel_strike" | "hips" (to_string(CueKind))
  Side side = Side::left;
  double contact_s = 0.0;
  double decided_s = 0.0;
  std::string reason;  // the sentence describe(cue) writes
  std::int64_t receipt_to_decision_ns = 0;
  std::optional<std::int64_t> receipt_to_audio_ns;  // none until (unless) the sound started
  std::string json = "{}";
};

enum class SettingsSource : std::uint8_t { api, reload, start };
std::string_view to_string(SettingsSource s);
std::optional<SettingsSource> settings_source_from_string(std::string_view s);

// A change of settings during a session: what changed (json), when, and who changed it.
struct StoredSettingsChange {
  double session_time_s = 0.0;
  SettingsSource source = SettingsSource::api;
  std::string json = "{}";
};

// Anything else on the session's timeline: device gaps, status changes, devices coming and
// going. `kind` names it ("gap", "status", "device", …); `json` holds the details.
struct StoredEvent {
  double session_time_s = 0.0;
  std::string kind;
  std::string json = "{}";
};

// A session as `stridecue sessions` lists it.
struct SessionSummary {
  std::int64_t id = 0;
  std::string runner_id;
  int session_number = 0;   // the runner's nth session (1-based), for the faded schedule
  std::string started_utc;  // ISO 8601, e.g. "2024-05-01T09:30:00.250Z"
  std::optional<std::string> ended_utc;  // none while recording, or after a crash
  std::optional<double> duration_s;      // ended - started; none without an end
  std::int64_t strides = 0;
  std::int64_t cues = 0;
  std::int64_t blocks = 0;
};

// Everything the store keeps about a session besides its rows.
struct SessionDetails {
  SessionSummary summary;
  std::string config_json;
  std::string layout_json;
  std::optional<std::string> summary_json;
};

}  // namespace stridecue
