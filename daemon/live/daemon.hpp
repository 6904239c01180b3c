// stridecued: the live system. Wires a source thread, the engine thread, the audio cue, the
// control API and the session store (docs/daemon.md), and runs until it is told to stop or the
// source ends. `stridecued` and `stridecue run` are both this.
#pragma once

#include <atomic>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "api/control_handler.hpp"
#include "engine/cue_policy.hpp"
#include "settings/daemon_config.hpp"

namespace stridecue {

class GaitEngine;
class StrideSink;
class SampleSource;
class PlateTare;

struct DaemonRun {
  DaemonConfig config;
  std::unique_ptr<SampleSource> source;  // opened by the caller from config.source
  PlateTare* plates = nullptr;           // inside `source`, when it is an analog treadmill
  std::string config_path;               // reloaded on SIGHUP; empty: no file (defaults and flags)
  StrideSink* printer = nullptr;         // each stride as it comes out, off the real-time path
  std::function<void(const Cue&)> cue_printer;  // each cue, likewise
  // Called once with the bound API port (port 0 asks for any): tests and `run` print it.
  std::function<void(int port)> on_listening;
  // Called once at the end, on the main thread, with the engine's final state (the summary).
  std::function<void(const GaitEngine&)> on_finished;
};

class Daemon final : public ControlHandler {
 public:
  explicit Daemon(DaemonRun run);
  ~Daemon() override;

  // Runs to the end; returns the process exit code (0, 1 on a system failure, 2 on bad input).
  int run();

  // Async-signal-safe: for signal handlers.
  void request_stop() { stop_requested_.store(true); }
  void request_reload() { reload_requested_.store(true); }

  // ControlHandler (called on the API's thread).
  nlohmann::json status() override;
  nlohmann::json settings() override;
  nlohmann::json settings_schema() override;
  ApiReply patch_settings(const nlohmann::json& patch) override;
  ApiReply session_start(const nlohmann::json& body) override;
  ApiReply session_stop() override;
  ApiReply baseline_reset(const nlohmann::json& body) override;
  ApiReply plates_tare() override;

 private:
  struct Parts;
  int run_parts();
  void reload();
  // Applies a checked config as the new settings version; returns the version.
  std::uint64_t post_settings(std::unique_ptr<DaemonConfig> next);
  // What the running engine would refuse of `next` (rules only the source knows), if anything.
  std::optional<std::string> engine_refusal(const DaemonConfig& next) const;
  bool wait_applied(std::uint64_t version);
  // Runs `task` on the main loop (which owns the store) and waits for it.
  bool on_main_loop(std::function<void()> task);
  void run_tasks();
  // A live device's connected / lost / resumed: logged, streamed and stored in the session.
  void record_device_events();
  // A finished tare of the analog plates: logged, streamed and stored.
  void record_tare_result();
  std::uint64_t tares_reported_ = 0;
  void begin_session(const std::string& runner_id);
  void end_session();
  nlohmann::json summary() const;

  DaemonRun run_;
  std::unique_ptr<Parts> parts_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> reload_requested_{false};
  std::atomic<bool> running_{false};  // every part built and started: status() may read them

  // Control side: the settings versions (kept alive until the engine has copied them).
  std::mutex control_mutex_;
  struct Version {
    std::uint64_t number;
    std::unique_ptr<DaemonConfig> config;
  };
  std::deque<Version> versions_;  // the last is current_
  const DaemonConfig* current_ = nullptr;
  std::uint64_t version_ = 0;

  // The main loop's state, read by status() under this mutex.
  mutable std::mutex state_mutex_;
  std::mutex tasks_mutex_;
  std::deque<std::function<void()>> tasks_;
};

// Where the default config lives: $STRIDECUE_CONFIG, else /etc/stridecue/stridecue.toml when
// installed, else the source tree's config/stridecue.toml.
std::string default_config_path(const std::string& source_config_dir);

}  // namespace stridecue
