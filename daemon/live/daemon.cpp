#include "live/daemon.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "api/control_server.hpp"
#include "events/api_events.hpp"
#include "live/config_reload.hpp"
#include "live/daemon_api.hpp"
#include "live/daemon_parts.hpp"
#include "live/device_actions_control.hpp"
#include "live/dispatcher.hpp"
#include "live/engine_loop.hpp"
#include "live/main_loop_tasks.hpp"
#include "live/recorder.hpp"
#include "live/recording_status.hpp"
#include "live/report_worker.hpp"
#include "live/sd_notify.hpp"
#include "live/session_control.hpp"
#include "live/settings_versions.hpp"
#include "live/source_feeder.hpp"
#include "realtime/core_placement.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: {}\n", line);
}

}  // namespace

Daemon::Daemon(DaemonRun run)
    : run_(std::move(run)),
      versions_(std::make_unique<SettingsVersions>(run_.config)),
      tasks_(std::make_unique<MainLoopTasks>()),
      actions_(std::make_unique<DeviceActionsControl>(run_.devices)),
      parts_(std::make_unique<DaemonParts>()),
      api_(std::make_unique<DaemonApi>(run_, *parts_, *versions_, *tasks_, *actions_, running_)) {}

// The parts go first (the API server, which calls api_, among them).
Daemon::~Daemon() {
  parts_.reset();
}

nlohmann::json Daemon::status() {
  return api_->status();
}

int Daemon::run() {
  try {
    return run_parts();
  } catch (const std::invalid_argument& e) {
    log(e.what());
    return 2;
  } catch (const std::exception& e) {
    log(e.what());
    return 1;
  }
}

int Daemon::run_parts() {
  DaemonParts& p = *parts_;
  build_parts(p, run_, *versions_, *api_, [&p] { return session_totals_json(p); });
  tasks_->wake_with(&p.loop->events_ready());
  p.sessions->begin_first(p.first_runner);
  // In the session's record and on the stream; a client that connects later reads it in the
  // status its hello carries.
  if (!p.audio_error.empty()) {
    std::lock_guard lock(p.state_mutex);
    p.dispatcher->record_event(0.0, std::string(api_event::audio_unavailable),
                               audio_status_json(p, run_.config.audio));
  }

  const EngineThreadSettings& thread = run_.config.engine_thread;
  // Only where blocks come timed: a replay as fast as possible wants both cores, not latency.
  const CorePlacement placement =
      choose_sample_core(thread.share_core && p.feeder->timed(), thread.core);
  if (!placement.refusal.empty())
    log("warning: the engine thread and its producers share no core: " + placement.refusal);
  p.loop->start(thread.realtime_priority, placement.core);
  // Before the producers start: each lane moves its producer's thread to the engine's core at
  // its first block, one step below the engine's priority so that a commit hands the core to
  // the engine at once.
  p.blocks->sample_core.store(placement.core);
  const int engine_priority = p.loop->scheduling().priority;
  p.blocks->producer_priority.store(placement.core >= 0 && engine_priority > 1 ? engine_priority - 1
                                                                               : 0);
  // One warning, then the session runs on the normal scheduler.
  if (!p.loop->scheduling().refusal.empty()) {
    log("warning: the engine thread runs without real-time priority: " +
        p.loop->scheduling().refusal);
  }
  p.feeder->start();
  running_.store(true, std::memory_order_release);
  // Announced once everything runs, so that whoever waits for this line finds the daemon
  // running (GET /status answers "starting" before).
  if (p.api) {
    log(fmt::format("control API on http://{}:{}/api/v1/", run_.config.api.address, p.api->port()));
    if (run_.on_listening) run_.on_listening(p.api->port());
  }
  sd_notify("READY=1");
  main_loop();
  shut_down();

  const std::string failure = p.feeder->failure();
  if (!failure.empty()) {
    log("the source failed: " + failure);
    return 2;
  }
  if (p.loop->events_lost() > 0) {
    log(fmt::format("{} engine events were lost: the main thread fell behind",
                    p.loop->events_lost()));
  }
  if (p.blocks->blocks_dropped.load() > 0) {
    log(fmt::format("{} sample blocks were dropped: the engine fell behind",
                    p.blocks->blocks_dropped.load()));
  }
  return 0;
}

void Daemon::main_loop() {
  DaemonParts& p = *parts_;
  const auto watchdog = sd_watchdog_interval();
  auto next_watchdog = Clock::now();
  for (;;) {
    const std::uint32_t seen = p.loop->events_ready().value();
    if (stop_requested_.load()) return;
    if (run_.output_closed && run_.output_closed()) {
      log("stdout was closed by its reader: ending the session");
      return;
    }
    if (reload_requested_.exchange(false)) reload();
    bool any;
    {
      std::lock_guard lock(p.state_mutex);
      any = p.dispatcher->pump();
    }
    serve_control(false);
    p.sessions->tick();
    if (watchdog && Clock::now() >= next_watchdog) {
      sd_notify("WATCHDOG=1");
      next_watchdog = Clock::now() + *watchdog / 2;
    }
    if (!any) {
      if (p.loop->finished()) return;
      // Woken at once for a strike, cue, stride, settings acknowledgement or API task, and for
      // the display signals (at most every ~10 ms); otherwise the sample blocks' slots wait up
      // to 25 ms to go back (512 slots: ~0.5 s of blocks). Each wake-up costs: a 10 ms poll
      // woke this thread 100 times a second besides the signals.
      p.loop->events_ready().wait(seen, std::chrono::milliseconds(25));
    }
  }
}

void Daemon::serve_control(bool engine_finished) {
  DaemonParts& p = *parts_;
  tasks_->run_all();
  for (SettingsVersions::Settled& s : versions_->settle(engine_finished)) {
    {
      std::lock_guard lock(p.state_mutex);
      p.dispatcher->record_settings(p.dispatcher->totals().session_s, "api", s.changes);
    }
    s.done(std::move(s.reply));
  }
  record_device_events();
  announce_recording();
  actions_->record_results(*p.dispatcher, p.state_mutex);
}

void Daemon::reload() {
  DaemonParts& p = *parts_;
  const ReloadOutcome outcome =
      reload_config(run_.config_path, *versions_, *p.dispatcher, p.state_mutex);
  Json j = {{"ok", outcome.ok},
            {"file", run_.config_path},
            {"at_s", std::chrono::duration<double>(Clock::now() - p.started).count()}};
  if (outcome.ok) {
    j["changes"] = outcome.changes;
    j["reverted"] = outcome.reverted;
    j["kept"] = outcome.kept;
  } else {
    j["error"] = outcome.error;
  }
  std::lock_guard lock(p.state_mutex);
  p.last_reload = std::move(j);
}

void Daemon::announce_recording() {
  DaemonParts& p = *parts_;
  if (!p.recorder) return;
  for (const RecordingNotice& n : p.recorder->take_notices()) {
    const std::string_view kind =
        n.resumed ? api_event::recording_resumed : api_event::recording_interrupted;
    std::lock_guard lock(p.state_mutex);
    p.dispatcher->record_event(p.dispatcher->totals().session_s, std::string(kind),
                               recording_notice_json(n));
  }
}

void Daemon::shut_down() {
  DaemonParts& p = *parts_;
  sd_notify("STOPPING=1");
  p.feeder->stop();
  record_device_events();
  p.loop->stop();
  {
    std::lock_guard lock(p.state_mutex);
    while (p.dispatcher->pump()) {
    }
    p.finished = true;
  }
  // What the API asked for before the stop is answered: changes as not applied, sessions as
  // refused (503).
  tasks_->close();
  serve_control(true);
  if (run_.on_finished) run_.on_finished(p.loop->engine());
  p.sessions->end();
  // A report being drawn is finished, the ones waiting refused (503).
  if (p.reports) p.reports->stop();
  // Everything handed over is written and committed before the process ends.
  if (p.recorder) {
    p.recorder->finish();
    const RecorderCounters c = p.recorder->counters();
    if (c.rows_dropped + c.blocks_dropped > 0) {
      log(fmt::format("the recorder fell behind: {} rows and {} sample blocks not stored",
                      c.rows_dropped, c.blocks_dropped));
    }
    if (c.interruptions > 0) {
      log(fmt::format("the store failed {} time(s): {} rows and {} sample blocks not stored",
                      c.interruptions, c.lost_rows, c.lost_blocks));
    }
  }
  if (p.api) p.api->stop();
}

void Daemon::record_device_events() {
  DaemonParts& p = *parts_;
  if (!p.feeder || !p.feeder->live()) return;
  for (const SourceEvent& e : p.feeder->take_events()) {
    Json data = {{"event", to_string(e.kind)}, {"device", e.device}};
    if (!e.detail.empty()) data["detail"] = e.detail;
    if (e.kind == SourceEvent::Kind::resumed) data["gap_s"] = e.gap_s;
    log(fmt::format("device {}: {}{}{}", to_string(e.kind), e.device,
                    e.detail.empty() ? "" : " (" + e.detail + ")",
                    e.kind == SourceEvent::Kind::resumed
                        ? fmt::format(", {:.3f} s without data", e.gap_s)
                        : ""));
    std::lock_guard lock(p.state_mutex);
    p.dispatcher->record_event(p.dispatcher->totals().session_s, std::string(api_event::device),
                               data);
  }
}

std::string default_config_path(const std::string& source_config_dir) {
  if (const char* env = std::getenv("STRIDECUE_CONFIG"); env && *env) return env;
  const std::string installed = "/etc/stridecue/stridecue.toml";
  if (std::filesystem::exists(installed)) return installed;
  return source_config_dir + "/stridecue.toml";
}

}  // namespace stridecue
