// Stride records, cues and trial summaries as JSON: one shape for `stridecue analyze --format
// json`, the daemon's event stream and the session store, so that a stride or a cue reads the
// same everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "engine/gait_summary.hpp"
#include "engine/session_core.hpp"
#include "engine/stride_record.hpp"

namespace stridecue {

// Rounded to what the measurement supports, so that outputs read well and diff cleanly.
double rounded(double value, int decimals);
// The rounded value, or null.
nlohmann::ordered_json maybe(const std::optional<double>& value, int decimals);

nlohmann::ordered_json stride_json(const StrideRecord& s);
// A cue as the event stream carries it ({"type": "cue", "seq", "kind", "side", "output",
// "contact_s", "decided_s", "why", "reason"}, and "word" when given: the runner's word in the
// settings' language, settings/cue_presentation.hpp); the daemon adds its host latency
// (receipt_to_decision_ns). Keys in alphabetical order, as the stream has always sent them.
// Allocates: off the engine thread.
nlohmann::json cue_json(const Cue& cue, std::string_view word = {});
// {"heel_strike": n, "hips": n, …}: every kind, in kCueKinds order.
nlohmann::ordered_json cue_counts_json(const CueCounts& counts);
// With `cues`, the summary also counts the cues of each kind ("cues": {"heel_strike", "hips"}).
nlohmann::ordered_json summary_json(const GaitSummary& g, const GaitEngine& engine,
                                    const CueCounts* cues = nullptr);

}  // namespace stridecue
