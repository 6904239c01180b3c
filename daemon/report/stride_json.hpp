// Stride records and trial summaries as JSON: one shape for `stridecue analyze --format json`,
// the daemon's event stream and the session store, so that a stride reads the same everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "engine/gait_engine.hpp"
#include "engine/gait_summary.hpp"
#include "engine/stride_record.hpp"

namespace stridecue {

// Rounded to what the measurement supports, so that outputs read well and diff cleanly.
double rounded(double value, int decimals);
// The rounded value, or null.
nlohmann::ordered_json maybe(const std::optional<double>& value, int decimals);

nlohmann::ordered_json stride_json(const StrideRecord& s);
nlohmann::ordered_json summary_json(const GaitSummary& g, const GaitEngine& engine);

}  // namespace stridecue
