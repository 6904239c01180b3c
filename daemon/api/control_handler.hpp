// What the control API asks of the daemon. The server calls these on its own thread, one call at
// a time; the daemon makes them safe against its other threads. Replies carry their HTTP status
// so the daemon decides what a rejected change looks like (api_error.hpp builds error bodies).
//
// Reads (status, settings) answer at once. Changes that another thread must acknowledge (a
// settings version the engine applies, a session the recorder begins) take a ReplyCallback and
// return at once: the server thread never waits for them, and writes the reply when the
// callback comes (from any thread), or answers 504 if it does not come in time (docs/api.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace stridecue {

// A reply that is a file rather than JSON (a report): sent with its own type, and shown by the
// browser (inline) or saved under `filename` (attachment).
struct ApiDocument {
  std::string content_type;  // "application/pdf" …
  std::string filename;      // "session-3.pdf": the name a download is saved under
  bool attachment = false;   // Content-Disposition: attachment rather than inline
  std::string bytes;
};

struct ApiReply {
  int status = 200;
  nlohmann::json body;
  // When set, sent instead of `body` (shared: a reply is copied on its way to the socket).
  std::shared_ptr<const ApiDocument> document = nullptr;
};

// How a report is asked for (GET …/report?format=pdf|svg|html&download=1, docs/api.md
// "Reports"): the router has checked the format.
struct ReportAsk {
  std::string format = "pdf";  // "pdf", "svg" or "html"
  bool download = false;       // attachment rather than inline
};

// The answer to an action of a device that is not here, or has no such action.
inline ApiReply no_such_device_action(std::string_view device, std::string_view action,
                                      const std::string& known) {
  return {404,
          {{"error", "no device action " + std::string(device) + "/" + std::string(action) +
                         " here (there are: " + (known.empty() ? "none" : known) + ")"}}};
}

// Called exactly once, from any thread.
using ReplyCallback = std::function<void(ApiReply)>;

class ControlHandler {
 public:
  virtual ~ControlHandler() = default;
  virtual nlohmann::json status() = 0;
  virtual nlohmann::json settings() = 0;
  virtual nlohmann::json settings_schema() = 0;
  virtual void patch_settings(const nlohmann::json& patch, ReplyCallback done) = 0;
  virtual void session_start(const nlohmann::json& body, ReplyCallback done) = 0;
  virtual void session_stop(ReplyCallback done) = 0;
  virtual ApiReply baseline_reset(const nlohmann::json& body) = 0;
  // What the devices can be asked to do (docs/api.md "Device actions"): {"actions": [...]}.
  virtual nlohmann::json device_actions() { return {{"actions", nlohmann::json::array()}}; }
  // Starts one (e.g. "plates", "tare": zero an analog treadmill): 202 while it runs, its
  // outcome an event; 404 for a device or action that is not here.
  virtual ApiReply device_action(std::string_view device, std::string_view action) {
    return no_such_device_action(device, action, {});
  }
  // The runners' records (docs/api.md "Runners"): {"runners": [...]}; one runner; a new one
  // ({"id", fields…}: 201, or 409 when the id is taken); a change of some fields (404 for an
  // unknown runner). The store answers, so they reply through `done`.
  virtual void runners(ReplyCallback done) { done(no_runners()); }
  virtual void runner(const std::string& id, ReplyCallback done) {
    (void)id;
    done(no_runners());
  }
  virtual void add_runner(const nlohmann::json& body, ReplyCallback done) {
    (void)body;
    done(no_runners());
  }
  virtual void edit_runner(const std::string& id, const nlohmann::json& body, ReplyCallback done) {
    (void)id;
    (void)body;
    done(no_runners());
  }
  // The retraining program templates (docs/api.md "Programs"): {"programs": [...]}; one; a new
  // one ({"name", "description", "settings"}: 201, 409 when the name is taken); deleting one.
  virtual void programs(ReplyCallback done) { done(no_runners()); }
  virtual void program(const std::string& name, ReplyCallback done) {
    (void)name;
    done(no_runners());
  }
  virtual void add_program(const nlohmann::json& body, ReplyCallback done) {
    (void)body;
    done(no_runners());
  }
  virtual void delete_program(const std::string& name, ReplyCallback done) {
    (void)name;
    done(no_runners());
  }
  // The stored sessions, newest first (docs/api.md "Reports"): {"sessions": [...]}, those of
  // one runner when `runner` is given. A session's report, and a runner's progress across their
  // sessions, as an ApiDocument; 404 for a session or a runner (without sessions) not stored.
  // Drawing a report takes a while: they reply through `done`, from another thread.
  virtual void sessions(const std::optional<std::string>& runner, ReplyCallback done) {
    (void)runner;
    done(no_runners());
  }
  virtual void session_report(std::int64_t session_id, const ReportAsk& ask, ReplyCallback done) {
    (void)session_id;
    (void)ask;
    done(no_runners());
  }
  virtual void runner_report(const std::string& runner_id, const ReportAsk& ask,
                             ReplyCallback done) {
    (void)runner_id;
    (void)ask;
    done(no_runners());
  }

 protected:
  static ApiReply no_runners() {
    return {409,
            {{"error",
              "this daemon keeps no runners, programs or sessions: the session store is "
              "disabled"}}};
  }
};

}  // namespace stridecue
