// A ControlHandler standing in for the daemon: canned answers, and a record of what it was asked.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/api_error.hpp"
#include "api/control_handler.hpp"
#include "api/server_options.hpp"

namespace stridecue::test {

// A server on a free loopback port, with the default limits.
inline ServerOptions loopback_options() {
  ServerOptions o;
  o.port = 0;
  return o;
}

class FakeHandler : public ControlHandler {
 public:
  nlohmann::json status() override {
    note("status");
    return {{"state", "running"}, {"strides", 42}};
  }
  nlohmann::json settings() override {
    note("settings");
    return {{"cue", {{"refractory_s", 1.5}}}};
  }
  nlohmann::json settings_schema() override {
    note("schema");
    return {{"cue.refractory_s", {{"type", "number"}, {"min", 0}}}};
  }
  void patch_settings(const nlohmann::json& patch, ReplyCallback done) override {
    note("patch " + patch.dump());
    if (patch.contains("cue.unknown"))
      return done(api_error(400, "unknown setting", "cue.unknown"));
    done({200, {{"applied", patch}}});
  }
  void session_start(const nlohmann::json& body, ReplyCallback done) override {
    note("start " + body.dump());
    done({201, {{"session", 7}}});
  }
  void session_stop(ReplyCallback done) override {
    note("stop");
    done({200, {{"session", 7}, {"stopped", true}}});
  }
  ApiReply baseline_reset(const nlohmann::json& body) override {
    note("baseline " + body.dump());
    if (body.contains("side") && body["side"] != "left" && body["side"] != "right")
      return api_error(400, "side must be left or right", "side");
    return {200, {{"reset", body.value("side", "both")}}};
  }

  nlohmann::json device_actions() override {
    note("actions");
    return {{"actions", {{{"device", "plates"}, {"action", "tare"}}}}};
  }
  ApiReply device_action(std::string_view device, std::string_view action) override {
    note("action " + std::string(device) + "/" + std::string(action));
    if (device != "plates" || action != "tare")
      return no_such_device_action(device, action, "plates/tare");
    return {202, {{"state", "running"}}};
  }

  void sessions(const std::optional<std::string>& runner, ReplyCallback done) override {
    note("sessions " + runner.value_or("(all)"));
    done({200, {{"sessions", nlohmann::json::array({{{"id", 3}}})}}});
  }
  // Session 3 and runner "R 17" have reports; the document says what was asked.
  void session_report(std::int64_t session_id, const ReportAsk& ask, ReplyCallback done) override {
    note("session report " + std::to_string(session_id) + " " + ask.format +
         (ask.download ? " download" : ""));
    if (session_id != 3) return done(api_error(404, "no session " + std::to_string(session_id)));
    done(document(ask, "session-3"));
  }
  void runner_report(const std::string& runner_id, const ReportAsk& ask,
                     ReplyCallback done) override {
    note("runner report " + runner_id + " " + ask.format + (ask.download ? " download" : ""));
    if (runner_id != "R 17") return done(api_error(404, "no runner " + runner_id));
    done(document(ask, "progress-R_17"));
  }

  std::vector<std::string> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  static ApiReply document(const ReportAsk& ask, const std::string& stem) {
    auto d = std::make_shared<ApiDocument>();
    d->content_type = ask.format == "pdf" ? "application/pdf" : "text/plain";
    d->filename = stem + "." + ask.format;
    d->attachment = ask.download;
    d->bytes = "%PDF-1.5 fake " + ask.format;
    ApiReply reply;
    reply.document = std::move(d);
    return reply;
  }
  void note(std::string call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
  }
  mutable std::mutex mutex_;
  std::vector<std::string> calls_;
};

}  // namespace stridecue::test
