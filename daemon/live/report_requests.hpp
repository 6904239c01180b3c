// The API's requests on the stored sessions and their reports (docs/api.md "Reports"). The list
// is read on the recorder thread, which owns the store (as the runners are: runner_requests.hpp).
// A report is drawn on the report thread (report_worker.hpp) from its own read-only connection
// to the store (WAL: the recorder goes on writing meanwhile), the same report as `stridecue
// report` draws (store/report_sources.hpp); its bytes are the reply.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "api/control_handler.hpp"

namespace stridecue {

class Recorder;
class ReportWorker;

// {"sessions": [newest first]}, each as `stridecue sessions --json` shows it, with the runner's
// name (null without one) and the path of its report.
void list_sessions_request(Recorder& recorder, const std::optional<std::string>& runner,
                           ReplyCallback done);
// The session's report (404 when the store has no such session) …
void session_report_request(ReportWorker& worker, const std::string& store_path,
                            std::int64_t session_id, const ReportAsk& ask, ReplyCallback done);
// … and the runner's progress across their sessions (404 when the store has none of theirs).
void runner_report_request(ReportWorker& worker, const std::string& store_path,
                           const std::string& runner_id, const ReportAsk& ask, ReplyCallback done);

}  // namespace stridecue
