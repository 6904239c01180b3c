#include "live/daemon_api.hpp"

#include <chrono>

#include "api/api_error.hpp"
#include "api/control_server.hpp"
#include "audio/cue_player.hpp"
#include "live/daemon_parts.hpp"
#include "live/device_actions_control.hpp"
#include "live/dispatcher.hpp"
#include "live/engine_loop.hpp"
#include "live/main_loop_tasks.hpp"
#include "live/recorder.hpp"
#include "live/recording_status.hpp"
#include "live/report_requests.hpp"
#include "live/report_worker.hpp"
#include "live/runner_requests.hpp"
#include "live/session_control.hpp"
#include "live/settings_versions.hpp"
#include "live/source_feeder.hpp"
#include "settings/runner_id.hpp"
#include "settings/settings_json.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

ApiReply shutting_down() {
  return api_error(503, "the daemon is shutting down");
}

}  // namespace

DaemonApi::DaemonApi(const DaemonRun& run, const DaemonParts& parts, SettingsVersions& versions,
                     MainLoopTasks& tasks, DeviceActionsControl& actions,
                     const std::atomic<bool>& running)
    : run_(run),
      parts_(parts),
      versions_(versions),
      tasks_(tasks),
      actions_(actions),
      running_(running) {}

Json DaemonApi::status() {
  // The parts are built on the main thread before running_ is set, and read here after it.
  if (!running_.load(std::memory_order_acquire)) return {{"state", "starting"}};
  const DaemonParts& p = parts_;
  std::lock_guard lock(p.state_mutex);
  Json j;
  j["state"] = p.finished ? "finished" : "running";
  j["uptime_s"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - p.started).count();
  j["runner_id"] = p.sessions->runner_id();
  j["session"] = p.sessions->session_json(p.dispatcher->totals().session_s);
  if (!j["session"].is_null()) {
    // The session's own figures, not the daemon's (totals below).
    const Dispatcher::Figures& f = p.dispatcher->session_figures();
    j["session"]["began_s"] = f.began_s;
    j["session"]["elapsed_s"] = f.totals.session_s - f.began_s;
    j["session"]["strides"] = f.totals.strides;
    j["session"]["cues"] = f.totals.cues;
  }
  // The runner's heel-strike target and the open session's share so far (the runner view's
  // "forefoot ≥ 80 %"), worded in the running settings' language.
  {
    const DaemonConfig running = versions_.current();
    j["cue_target"] = heel_target_json(
        running.cue_presentation, running.cue,
        j["session"].is_null() ? nullptr : &p.dispatcher->session_figures().summary);
  }
  // Whether cues go out now: not after a stop, nor outside a program session's feedback phase.
  const bool outside_feedback = j["session"].is_object() && j["session"]["program"].is_object() &&
                                j["session"]["program"]["phase"] != "feedback";
  j["cueing"] = p.loop->cueing() && !outside_feedback;
  // The metronome as the engine last set it, and the cadence target it follows (null while
  // the baseline is learnt).
  const double metronome = p.loop->metronome_steps_min();
  const double target = p.loop->cadence_target_steps_min();
  j["metronome"] = {{"state", metronome > 0.0 ? "on" : "off"},
                    {"steps_min", metronome > 0.0 ? Json(metronome) : Json(nullptr)},
                    {"cadence_target_steps_min", target > 0.0 ? Json(target) : Json(nullptr)}};
  j["source"] = {{"kind", run_.config.source.kind},
                 {"state", p.feeder->state()},
                 {"device", p.feeder->device()},
                 {"blocks_in", p.blocks->blocks_in.load()},
                 {"blocks_dropped", p.blocks->blocks_dropped.load()}};
  Json health = Json::object();
  for (const HealthCounter& c : p.feeder->health())
    health[c.name] = c.value;
  j["source"]["health"] = health;
  const ThreadScheduling& scheduling = p.loop->scheduling();
  j["engine"] = {
      {"blocks", p.loop->blocks_processed()},
      {"events_lost", p.loop->events_lost()},
      {"settings_version", p.loop->applied_version()},
      {"scheduling",
       {{"policy", scheduling.policy()},
        {"priority", scheduling.priority},
        {"core", scheduling.core >= 0 ? Json(scheduling.core) : Json(nullptr)},
        {"refusal", scheduling.refusal.empty() ? Json(nullptr) : Json(scheduling.refusal)}}}};
  j["audio"] = audio_status_json(p, run_.config.audio);
  if (p.recorder) {
    const RecorderCounters c = p.recorder->counters();
    j["recorder"] = {{"path", p.recorder->path()},     {"rows_written", c.rows_written},
                     {"rows_dropped", c.rows_dropped}, {"blocks_dropped", c.blocks_dropped},
                     {"write_errors", c.write_errors}, {"queued", c.queued},
                     {"queued_bytes", c.queued_bytes}, {"lost_rows", c.lost_rows},
                     {"lost_blocks", c.lost_blocks},   {"interruptions", c.interruptions}};
    j["recording"] = recording_json(p.recorder->health(), p.started);
  } else {
    j["recorder"] = nullptr;
    j["recording"] = nullptr;
  }
  j["last_reload"] = p.last_reload;
  if (run_.output_status) j["output"] = run_.output_status();
  j["totals"] = totals_json(p);
  j["signals"] = Json::parse(p.dispatcher->signal_names_json());
  if (p.api) {
    const ServerCounters c = p.api->counters();
    j["api"] = {{"stream_clients", c.stream_clients},
                {"connections_open", c.connections_open},
                {"clients_dropped", c.clients_dropped}};
  }
  return j;
}

Json DaemonApi::settings() {
  return versions_.current_json();
}

Json DaemonApi::settings_schema() {
  return settings_schema_json();
}

void DaemonApi::patch_settings(const Json& patch, ReplyCallback done) {
  SettingsVersions::Outcome outcome = versions_.change(patch);
  if (!outcome.version) return done(std::move(outcome.refusal));
  // Answered by the main loop once the engine acknowledges the version (settle()).
  versions_.reply_when_applied(*outcome.version, std::move(outcome.changes), std::move(done));
}

void DaemonApi::session_start(const Json& body, ReplyCallback done) {
  std::optional<std::string> runner;
  if (body.is_object() && body.contains("runner_id")) {
    if (auto problem = runner_id_value_problem(body["runner_id"]))
      return done(api_error(422, std::move(*problem), "runner_id"));
    runner = body["runner_id"].get<std::string>();
  }
  if (!running_.load(std::memory_order_acquire))
    return done(api_error(503, "the daemon is starting"));
  if (!parts_.sessions->recording_enabled())
    return done(api_error(409, "the session store is disabled (store.enabled)"));
  SessionControl& sessions = *parts_.sessions;
  tasks_.post(
      {[&sessions, runner, done] { sessions.start(runner.value_or(sessions.runner_id()), done); },
       [done] { done(shutting_down()); }});
}

void DaemonApi::session_stop(ReplyCallback done) {
  if (!running_.load(std::memory_order_acquire))
    return done(api_error(503, "the daemon is starting"));
  SessionControl& sessions = *parts_.sessions;
  tasks_.post({[&sessions, done] { sessions.stop(done); }, [done] { done(shutting_down()); }});
}

ApiReply DaemonApi::baseline_reset(const Json& body) {
  std::optional<Side> side;
  if (body.is_object() && body.contains("side")) {
    const Json& s = body["side"];
    if (s == "left") {
      side = Side::left;
    } else if (s == "right") {
      side = Side::right;
    } else {
      return api_error(422, "side must be \"left\" or \"right\" (or absent: both)", "side");
    }
  }
  EngineChange change;
  change.kind = EngineChange::Kind::baseline_reset;
  change.side = side;
  if (!versions_.post_command(change)) return api_error(503, "the engine is not running");
  return {200, {{"reset", side ? Json(to_string(*side)) : Json("both")}}};
}

nlohmann::json DaemonApi::device_actions() {
  return actions_.list();
}

ApiReply DaemonApi::device_action(std::string_view device, std::string_view action) {
  return actions_.request(device, action);
}

Recorder* DaemonApi::recorder_for(const ReplyCallback& done) const {
  if (!running_.load(std::memory_order_acquire)) {
    done(api_error(503, "the daemon is starting"));
    return nullptr;
  }
  if (!parts_.recorder) done(no_runners());
  return parts_.recorder.get();
}

void DaemonApi::runners(ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) list_runners_request(*r, std::move(done));
}

void DaemonApi::runner(const std::string& id, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) show_runner_request(*r, id, std::move(done));
}

void DaemonApi::add_runner(const Json& body, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) add_runner_request(*r, body, std::move(done));
}

void DaemonApi::edit_runner(const std::string& id, const Json& body, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) edit_runner_request(*r, id, body, std::move(done));
}

void DaemonApi::programs(ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) list_programs_request(*r, std::move(done));
}

void DaemonApi::program(const std::string& name, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) show_program_request(*r, name, std::move(done));
}

void DaemonApi::add_program(const Json& body, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) add_program_request(*r, body, std::move(done));
}

void DaemonApi::delete_program(const std::string& name, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) delete_program_request(*r, name, std::move(done));
}

void DaemonApi::sessions(const std::optional<std::string>& runner, ReplyCallback done) {
  if (Recorder* r = recorder_for(done)) list_sessions_request(*r, runner, std::move(done));
}

void DaemonApi::session_report(std::int64_t session_id, const ReportAsk& ask, ReplyCallback done) {
  if (Recorder* r = recorder_for(done))
    session_report_request(*parts_.reports, r->path(), session_id, ask, std::move(done));
}

void DaemonApi::runner_report(const std::string& runner_id, const ReportAsk& ask,
                              ReplyCallback done) {
  if (Recorder* r = recorder_for(done))
    runner_report_request(*parts_.reports, r->path(), runner_id, ask, std::move(done));
}

}  // namespace stridecue
