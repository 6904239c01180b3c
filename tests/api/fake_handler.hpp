// A ControlHandler standing in for the daemon: canned answers, and a record of what it was asked.
#pragma once

#include <mutex>
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

  std::vector<std::string> calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  void note(std::string call) {
    std::lock_guard lock(mutex_);
    calls_.push_back(std::move(call));
  }
  mutable std::mutex mutex_;
  std::vector<std::string> calls_;
};

}  // namespace stridecue::test
