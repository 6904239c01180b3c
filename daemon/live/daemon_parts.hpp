// The daemon's parts and how they are built from its config (the wiring): the block channel,
// the source feeder, the sound, the engine loop, the recorder, the control API, the dispatcher
// and the session control. Nothing runs until Daemon::run starts them.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "live/daemon_run.hpp"
#include "live/runner_settings.hpp"

namespace stridecue {

struct BlockChannel;
class SourceFeeder;
class CuePlayer;
class CueSound;
class EngineLoop;
class Recorder;
class ReportWorker;
class ControlServer;
class ControlHandler;
class Dispatcher;
class SessionControl;
class SettingsVersions;
struct SourceLayout;

struct DaemonParts {
  DaemonParts();
  ~DaemonParts();

  // Destroyed the other way round: the recorder first (its last callbacks reach the session
  // control and the API), the source, which owns the layout, last of all.
  std::unique_ptr<BlockChannel> blocks;
  std::unique_ptr<SourceFeeder> feeder;
  std::unique_ptr<CuePlayer> player;
  std::string audio_error;   // why there is no player, when audio was asked for
  std::string audio_driver;  // the SDL driver asked for (audio.driver, else SDL_AUDIODRIVER)
  std::unique_ptr<CueSound> sound;
  std::unique_ptr<EngineLoop> loop;
  std::unique_ptr<ControlServer> api;
  std::unique_ptr<Dispatcher> dispatcher;
  std::unique_ptr<SessionControl> sessions;
  std::unique_ptr<Recorder> recorder;
  // The report thread (report_worker.hpp), with the recorder: the reports are the store's.
  // Stopped before the recorder finishes.
  std::unique_ptr<ReportWorker> reports;
  const SourceLayout* layout = nullptr;  // the source's
  RunnerStart first_runner;              // the configured runner, whose session opens at start
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  // The main loop's state (the dispatcher's totals), read by the API's status under this.
  mutable std::mutex state_mutex;
  bool finished = false;
  nlohmann::json last_reload;  // the last SIGHUP's outcome (config_reload.hpp); null before one
};

// The sound as the status shows it: {"state": "ok", "driver", "rate_hz" …}, {"state":
// "unavailable", "error", "driver"} when no device opened, or {"state": "disabled"}.
nlohmann::json audio_status_json(const DaemonParts& parts, const AudioSettings& audio);

// The daemon's totals, as the status shows them: strides, cues, latencies, and the gait summary
// once the engine has finished. Main thread, or under state_mutex.
nlohmann::json totals_json(const DaemonParts& parts);
// The same of the open session alone (what its end stores), with when it began and how long
// it ran, in the data's time.
nlohmann::json session_totals_json(const DaemonParts& parts);

// Builds every part from `run` (taking its source) and starts the recorder and the API server;
// `versions` gets the config the engine starts with. `summary` is what a session's end stores.
// Throws std::invalid_argument for bad input, std::runtime_error for a system failure.
void build_parts(DaemonParts& parts, DaemonRun& run, SettingsVersions& versions,
                 ControlHandler& handler, std::function<nlohmann::json()> summary);

}  // namespace stridecue
