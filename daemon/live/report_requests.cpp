#include "live/report_requests.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "api/api_error.hpp"
#include "live/recorder.hpp"
#include "live/report_worker.hpp"
#include "report/progress_report.hpp"
#include "report/report_document.hpp"
#include "report/session_report.hpp"
#include "settings/runner_id.hpp"
#include "store/report_sources.hpp"
#include "store/runner_records.hpp"
#include "store/session_store.hpp"
#include "store/session_summary_json.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

ReportFormat format_of(const ReportAsk& ask) {
  if (ask.format == "svg") return ReportFormat::svg;
  if (ask.format == "html") return ReportFormat::html;
  return ReportFormat::pdf;  // the router lets only pdf, svg and html through
}

// A runner id as a file name: what a file system and a Content-Disposition header take as is.
std::string file_safe(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    out += plain ? c : '_';
  }
  return out;
}

ApiReply document_reply(const ReportDocument& doc, const ReportAsk& ask, std::string stem) {
  const ReportFormat format = format_of(ask);
  auto document = std::make_shared<ApiDocument>();
  document->filename = std::move(stem) + std::string(report_extension(format));
  document->content_type = std::string(report_content_type(format));
  document->attachment = ask.download;
  document->bytes = render_report(doc, format, document->filename);
  ApiReply reply;
  reply.document = std::move(document);
  return reply;
}

ApiReply refused(bool stopping) {
  if (stopping) return api_error(503, "the daemon is shutting down");
  return api_error(503, "reports are drawn one at a time and several wait already; ask again");
}

// Runs `draw` (store path → reply) on the report thread; a store that cannot be read, or a
// report Cairo could not draw, is a 503 naming why.
template <typename Draw>
void on_report_thread(ReportWorker& worker, const std::string& store_path, ReplyCallback done,
                      Draw draw) {
  auto shared_done = std::make_shared<ReplyCallback>(std::move(done));
  worker.post({[shared_done, store_path, draw = std::move(draw)] {
                 ApiReply reply;
                 try {
                   reply = draw(store_path);
                 } catch (const std::exception& e) {
                   reply =
                       api_error(503, std::string("the report could not be drawn: ") + e.what());
                 }
                 (*shared_done)(std::move(reply));
               },
               [shared_done](bool stopping) { (*shared_done)(refused(stopping)); }});
}

}  // namespace

void list_sessions_request(Recorder& recorder, const std::optional<std::string>& runner,
                           ReplyCallback done) {
  recorder.with_store([runner, done = std::move(done)](SessionStore* store) {
    if (!store) {
      return done(
          api_error(503, "the session store is not open (see recording in GET /api/v1/status)"));
    }
    try {
      std::vector<SessionSummary> all = store->list_sessions();
      std::reverse(all.begin(), all.end());  // newest first: the one just recorded on top
      std::map<std::string, Json> names;
      Json sessions = Json::array();
      for (const SessionSummary& s : all) {
        if (runner && s.runner_id != *runner) continue;
        auto name = names.find(s.runner_id);
        if (name == names.end()) {
          const auto record = read_runner(store->connection(), s.runner_id);
          name = names
                     .emplace(s.runner_id,
                              record && record->name ? Json(*record->name) : Json(nullptr))
                     .first;
        }
        Json j = Json(session_summary_json(s));
        j["runner_name"] = name->second;
        j["report"] = fmt::format("/api/v1/sessions/{}/report", s.id);
        sessions.push_back(std::move(j));
      }
      done({200, {{"sessions", std::move(sessions)}}});
    } catch (const std::exception& e) {
      done(api_error(503, std::string("the session store failed: ") + e.what()));
    }
  });
}

void session_report_request(ReportWorker& worker, const std::string& store_path,
                            std::int64_t session_id, const ReportAsk& ask, ReplyCallback done) {
  on_report_thread(
      worker, store_path, std::move(done), [session_id, ask](const std::string& path) -> ApiReply {
        std::optional<SessionReportInput> in;
        {
          // Closed before drawing: the store is read for milliseconds, not held
          // while Cairo draws.
          SessionReader reader(path);
          in = report_input(reader, session_id);
        }
        if (!in) {
          return api_error(404, fmt::format("no session {} in the store (GET "
                                            "/api/v1/sessions lists them)",
                                            session_id));
        }
        return document_reply(session_report(*in), ask, fmt::format("session-{}", session_id));
      });
}

void runner_report_request(ReportWorker& worker, const std::string& store_path,
                           const std::string& runner_id, const ReportAsk& ask, ReplyCallback done) {
  on_report_thread(
      worker, store_path, std::move(done), [runner_id, ask](const std::string& path) -> ApiReply {
        std::vector<SessionReportInput> sessions;
        ReportRunner runner;
        {
          SessionReader reader(path);
          sessions = runner_report_inputs(reader, runner_id);
          runner = report_runner(reader, runner_id);
        }
        if (sessions.empty()) {
          return api_error(404, fmt::format("runner '{}' has no sessions in the store (GET "
                                            "/api/v1/sessions lists them)",
                                            printable_runner_id(runner_id)));
        }
        return document_reply(progress_report(runner, sessions), ask,
                              "progress-" + file_safe(runner_id));
      });
}

}  // namespace stridecue
