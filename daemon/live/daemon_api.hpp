// The control API's side of the daemon: request JSON in, calls on the daemon's parts, reply
// JSON out. Called on the API's thread; reads answer at once, and changes that another thread
// must acknowledge (the engine a settings version, the recorder a session) reply through their
// callback when it does, so that the API thread never waits (control_handler.hpp).
#pragma once

#include <atomic>

#include "api/control_handler.hpp"
#include "settings/daemon_config.hpp"

namespace stridecue {

struct DaemonParts;
class SettingsVersions;
class MainLoopTasks;
class DeviceActionsControl;
struct DaemonRun;

class Recorder;

class DaemonApi final : public ControlHandler {
 public:
  // `running` is set once every part is built and started: before it, status() says
  // "starting" and touches no part.
  DaemonApi(const DaemonRun& run, const DaemonParts& parts, SettingsVersions& versions,
            MainLoopTasks& tasks, DeviceActionsControl& actions, const std::atomic<bool>& running);

  nlohmann::json status() override;
  nlohmann::json settings() override;
  nlohmann::json settings_schema() override;
  void patch_settings(const nlohmann::json& patch, ReplyCallback done) override;
  void session_start(const nlohmann::json& body, ReplyCallback done) override;
  void session_stop(ReplyCallback done) override;
  ApiReply baseline_reset(const nlohmann::json& body) override;
  nlohmann::json device_actions() override;
  ApiReply device_action(std::string_view device, std::string_view action) override;
  void runners(ReplyCallback done) override;
  void runner(const std::string& id, ReplyCallback done) override;
  void add_runner(const nlohmann::json& body, ReplyCallback done) override;
  void edit_runner(const std::string& id, const nlohmann::json& body, ReplyCallback done) override;
  void programs(ReplyCallback done) override;
  void program(const std::string& name, ReplyCallback done) override;
  void add_program(const nlohmann::json& body, ReplyCallback done) override;
  void delete_program(const std::string& name, ReplyCallback done) override;
  void sessions(const std::optional<std::string>& runner, ReplyCallback done) override;
  void session_report(std::int64_t session_id, const ReportAsk& ask, ReplyCallback done) override;
  void runner_report(const std::string& runner_id, const ReportAsk& ask,
                     ReplyCallback done) override;

 private:
  // The store's owner, or null (503/409 given to `done`) while the daemon starts or without one.
  Recorder* recorder_for(const ReplyCallback& done) const;

  const DaemonRun& run_;
  const DaemonParts& parts_;
  SettingsVersions& versions_;
  MainLoopTasks& tasks_;
  DeviceActionsControl& actions_;
  const std::atomic<bool>& running_;
};

}  // namespace stridecue
