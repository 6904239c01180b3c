// The session report a clinician reads (`stridecue report SESSION`, `stridecue analyze FILE
// --report`): who ran, where the session stands in their program, how long and how much
// feedback (the dose), then the figures — strike pattern per minute against the target, strike
// index, loading rates with typical ranges, cadence, contact time, symmetry, gluteus medius
// against its baseline and its onset, cues with their latencies, signal quality and gaps —
// with the blocks without feedback (warm-up, retention) shown apart. Pages laid out here, the
// figures drawn by session_plots.hpp.
#pragma once

#include "report/report_document.hpp"
#include "report/session_report_input.hpp"

namespace stridecue {

ReportDocument session_report(const SessionReportInput& in);

}  // namespace stridecue
