// A stored session's summary as JSON, the one shape of `stridecue sessions --json` and the
// API's GET /api/v1/sessions: {"id", "runner", "session_number", "started_utc", "ended_utc",
// "duration_s", "strides", "cues", "blocks"}; an open session's end and duration are null.
#pragma once

#include <nlohmann/json.hpp>

#include "store/store_rows.hpp"

namespace stridecue {

nlohmann::ordered_json session_summary_json(const SessionSummary& s);

}  // namespace stridecue
