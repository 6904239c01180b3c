// `stridecue report SESSION [--out FILE.pdf|.svg|.html]`: a stored session as the report a
// clinician reads (report/session_report.hpp); `stridecue report --runner ID`: that runner's
// progress across their sessions (report/progress_report.hpp). Reads the store only.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "report/progress_report.hpp"
#include "report/report_document.hpp"
#include "report/session_report.hpp"
#include "store/private_file.hpp"
#include "store/report_sources.hpp"

namespace stridecue {
namespace {

struct ReportOptions {
  std::int64_t session = 0;
  std::string runner;
  std::string db = StoreOptions{}.path;
  std::string out;
  std::string plots;  // --plots FILE: where each plot drew its data (JSON), for checks
};

// Writes the document; 0 or the exit code.
int write_document(const ReportDocument& doc, const ReportOptions& o, const std::string& what) {
  try {
    make_private_file(o.out);  // health data: 0600, as the store and its exports
    const auto records = write_report(doc, o.out);
    if (!o.plots.empty()) write_plot_records(records, o.plots);
    fmt::print("{}: {} ({} pages, {} plots)\n", what, o.out, doc.pages.size(), records.size());
    return kExitOk;
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "stridecue report: {}\n", e.what());
    return kExitFailure;
  }
}

int report(ReportOptions o) {
  if ((o.session > 0) == !o.runner.empty()) {
    fmt::print(stderr,
               "stridecue report: name a session (stridecue report 3) or a runner (stridecue "
               "report --runner R-017), not both\n");
    return kExitBadInput;
  }
  if (o.out.empty()) {
    o.out = o.session > 0 ? fmt::format("session-{}.pdf", o.session)
                          : fmt::format("progress-{}.pdf", o.runner);
  }
  if (!report_format_for(o.out)) {
    fmt::print(stderr, "stridecue report: --out {}: a report is .pdf, .svg or .html\n", o.out);
    return kExitBadInput;
  }
  if (!std::filesystem::exists(o.db)) {
    fmt::print(stderr, "stridecue report: no session store at {} (--db names another)\n", o.db);
    return kExitBadInput;
  }
  try {
    SessionReader reader(o.db);
    if (o.session > 0) {
      const auto in = report_input(reader, o.session);
      if (!in) {
        fmt::print(stderr,
                   "stridecue report: no session {} in {} (stridecue sessions lists them)\n",
                   o.session, o.db);
        return kExitBadInput;
      }
      return write_document(session_report(*in), o, fmt::format("session {}", o.session));
    }
    const auto sessions = runner_report_inputs(reader, o.runner);
    if (sessions.empty()) {
      fmt::print(stderr,
                 "stridecue report: runner '{}' has no sessions in {} (stridecue runners lists "
                 "them)\n",
                 o.runner, o.db);
      return kExitBadInput;
    }
    return write_document(progress_report(report_runner(reader, o.runner), sessions), o,
                          fmt::format("runner {}, {} session{}", o.runner, sessions.size(),
                                      sessions.size() == 1 ? "" : "s"));
  } catch (const std::runtime_error& e) {  // not a store, a newer schema, a locked file
    fmt::print(stderr, "stridecue report: {}\n", e.what());
    return kExitBadInput;
  }
}

}  // namespace

void add_report_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report", "a recorded session as a report (PDF, SVG or HTML), or a runner's progress");
  cmd->add_option("session", options->session, "session id (see `stridecue sessions`)");
  cmd->add_option("--runner", options->runner,
                  "instead of a session: this runner's progress across their sessions");
  cmd->add_option("--out", options->out,
                  "the report: .pdf, .svg (the pages on one canvas) or .html (one page, no "
                  "scripts); default session-ID.pdf or progress-RUNNER.pdf");
  cmd->add_option("--db", options->db, "session store (SQLite file)")->capture_default_str();
  cmd->add_option("--plots", options->plots,
                  "also write where each plot drew its data (page, rectangle in pt) as JSON");
  cmd->callback([options, &exit_code] { exit_code = report(*options); });
}

}  // namespace stridecue
