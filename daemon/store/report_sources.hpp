// The reports' input read from the session store: a session's rows as the report takes them
// (report/session_report_input.hpp), and a runner's sessions in order. Read only, through the
// store's queries (SessionReader, read_runner). One code for `stridecue report` and the daemon's
// report routes (live/report_requests.hpp), so that both draw the same report of a session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/session_report_input.hpp"
#include "store/session_store.hpp"

namespace stridecue {

// None when the store has no such session.
std::optional<SessionReportInput> report_input(SessionReader& reader, std::int64_t session_id);

// Their sessions, oldest first; empty when the runner has none.
std::vector<SessionReportInput> runner_report_inputs(SessionReader& reader,
                                                     const std::string& runner_id);

// The runner's record, when the store has one (else just the id).
ReportRunner report_runner(SessionReader& reader, const std::string& runner_id);

}  // namespace stridecue
