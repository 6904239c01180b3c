// A runner's progress across their sessions (`stridecue report --runner ID`): each figure of the
// session report condensed to one value (or median and quartiles) per session, x = their
// session number — the target share with and without feedback, the dose, strike index, VALR,
// cadence, contact time, symmetry, gluteus medius, cues, latency and signal quality.
#pragma once

#include <vector>

#include "report/report_document.hpp"
#include "report/session_report_input.hpp"

namespace stridecue {

// `sessions` oldest first.
ReportDocument progress_report(const ReportRunner& runner,
                               const std::vector<SessionReportInput>& sessions);

}  // namespace stridecue
