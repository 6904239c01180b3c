// stridecued: the live system. Builds its parts (daemon_parts.hpp), starts the source and the
// engine, and runs the main loop — the dispatcher's passes, the API's tasks, the settings
// acknowledgements, SIGHUP, device actions' results (tare), the systemd watchdog — until it is told
// to stop or the source ends (docs/daemon.md, docs/architecture.md). `stridecued` and `stridecue
// run` are both this.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "live/daemon_run.hpp"

namespace stridecue {

struct DaemonParts;
class SettingsVersions;
class MainLoopTasks;
class DeviceActionsControl;
class DaemonApi;

class Daemon {
 public:
  explicit Daemon(DaemonRun run);
  ~Daemon();

  // Runs to the end; returns the process exit code (0, 1 on a system failure, 2 on bad input).
  int run();

  // The status as GET /api/v1/status gives it; any thread (in-process tests read it).
  nlohmann::json status();

  // Async-signal-safe: for signal handlers.
  void request_stop() { stop_requested_.store(true); }
  void request_reload() { reload_requested_.store(true); }

 private:
  int run_parts();
  void main_loop();
  void shut_down();
  // One pass's control work: the API's tasks, settings acknowledgements, device events, device
  // actions.
  void serve_control(bool engine_finished);
  // A live device's connected / lost / resumed: logged, streamed and stored in the session.
  void record_device_events();
  // The recorder's interruptions and resumptions (a full disk …): streamed, and stored in the
  // session once the store takes writes again.
  void announce_recording();
  void reload();

  DaemonRun run_;
  std::unique_ptr<SettingsVersions> versions_;
  std::unique_ptr<MainLoopTasks> tasks_;
  std::unique_ptr<DeviceActionsControl> actions_;
  std::unique_ptr<DaemonParts> parts_;
  std::unique_ptr<DaemonApi> api_;
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> reload_requested_{false};
  std::atomic<bool> running_{false};  // every part built and started: status() may read them
};

// Where the default config lives: $STRIDECUE_CONFIG, else /etc/stridecue/stridecue.toml when
// installed, else the source tree's config/stridecue.toml.
std::string default_config_path(const std::string& source_config_dir);

}  // namespace stridecue
