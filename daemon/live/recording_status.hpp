// The recording's health in JSON: GET /status's "recording" and the stream's
// `recording_interrupted` / `recording_resumed` events (docs/api.md, docs/store.md "Faults").
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>

#include "live/recorder.hpp"

namespace stridecue {

// {"state": "recording" | "idle" | "interrupted", and while interrupted "reason", "error",
// "since_s" (on the status's uptime clock: seconds after `started`), "lost_rows",
// "lost_blocks"}.
nlohmann::json recording_json(const RecordingHealth& health,
                              std::chrono::steady_clock::time_point started);

// The data of the event announcing `notice`: "reason", "error" (interrupted) or
// "interrupted_s" (resumed), and what was lost so far.
nlohmann::json recording_notice_json(const RecordingNotice& notice);

}  // namespace stridecue
