#include "live/session_control.hpp"

#include <fmt/format.h>

#include <memory>
#include <tuple>
#include <utility>

#include "api/api_error.hpp"
#include "events/api_events.hpp"
#include "live/dispatcher.hpp"
#include "live/engine_loop.hpp"
#include "live/recorder.hpp"
#include "live/settings_versions.hpp"
#include "settings/runner_id.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: {}\n", line);
}

}  // namespace

SessionControl::SessionControl(Recorder* recorder, Dispatcher& dispatcher, std::mutex& state_mutex,
                               const SourceLayout& layout, SettingsVersions& versions,
                               std::function<Json()> summary)
    : recorder_(recorder),
      dispatcher_(dispatcher),
      state_mutex_(state_mutex),
      layout_(layout),
      versions_(versions),
      summary_(std::move(summary)) {}

std::string SessionControl::runner_id() const {
  std::lock_guard lock(mutex_);
  return runner_id_;
}

Json SessionControl::session_json(double now_s) const {
  std::lock_guard lock(mutex_);
  if (!session_) return nullptr;
  return {{"id", session_->id},
          {"number", session_->session_number},
          {"program_session", program_session_},
          {"runner_id", runner_id_},
          {"program", program_.status_json(now_s)},
          {"program_template", program_template_ ? Json(*program_template_) : Json(nullptr)}};
}

void SessionControl::begin_program(int program_session) {
  const DaemonConfig settings = versions_.current();
  std::lock_guard state(state_mutex_);
  std::lock_guard lock(mutex_);
  EngineChange window;
  window.kind = EngineChange::Kind::cue_window;  // unbounded outside a program
  if (!settings.program.enabled) {
    program_.reset();
    versions_.post_command(window);
    return;
  }
  const double now_s = dispatcher_.totals().session_s;
  program_.begin(plan_session(settings.program, settings.cue.fading, program_session), now_s);
  std::tie(window.from_s, window.to_s) = program_.feedback_window();
  versions_.post_command(window);
  dispatcher_.record_event(now_s, std::string(api_event::program_phase),
                           program_.status_json(now_s));
}

void SessionControl::tick() {
  std::lock_guard state(state_mutex_);
  std::lock_guard lock(mutex_);
  const double now_s = dispatcher_.totals().session_s;
  const std::optional<ProgramPhase> next = program_.phase_due(now_s);
  if (!next) return;
  // Announced; the engine's cue window already holds the cues to the feedback phase.
  program_.enter(*next);
  dispatcher_.record_event(now_s, std::string(api_event::program_phase),
                           program_.status_json(now_s));
}

void SessionControl::begin_first(const RunnerStart& start) {
  {
    std::lock_guard lock(mutex_);
    program_keys_ = program_keys(start);
  }
  begin(start, {});
}

void SessionControl::start(const std::string& runner_id, ReplyCallback done) {
  if (!recorder_) {
    done(api_error(409, "the session store is disabled (store.enabled)"));
    return;
  }
  end();
  // No cue with the last runner's settings or baseline until this runner's are in.
  set_cueing(false);
  const std::uint64_t generation = ++generation_;
  const double min_running_s = versions_.current().store.program_session_min_s;
  recorder_->with_store([this, runner_id, min_running_s, generation, done](SessionStore* store) {
    RunnerStart start;
    start.runner_id = runner_id;
    if (store) {
      try {
        start = read_runner_start(*store, runner_id, min_running_s);
      } catch (const std::exception& e) {
        // A failing disk: the session is the runner's all the same, from the file's values.
        log(fmt::format("the record of runner '{}' could not be read: {}",
                        printable_runner_id(runner_id), e.what()));
      }
    }
    apply_runner(start, generation, done);
  });
}

void SessionControl::apply_runner(const RunnerStart& start, std::uint64_t generation,
                                  ReplyCallback done) {
  std::vector<std::string> previous_keys;
  {
    std::lock_guard lock(mutex_);
    previous_keys = program_keys_;
  }
  SettingsVersions::Outcome outcome =
      versions_.change(runner_settings_patch(start, versions_.file_config(), previous_keys));
  if (!outcome.version) {
    // Only a store edited by hand holds values the settings refuse (the API checks them).
    ApiReply refusal = std::move(outcome.refusal);
    refusal.body["error"] =
        fmt::format("runner '{}': their record holds a value the settings refuse: {}",
                    printable_runner_id(start.runner_id), refusal.body.value("error", ""));
    done(std::move(refusal));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    program_keys_ = program_keys(start);
  }
  EngineChange reset;
  reset.kind = EngineChange::Kind::baseline_reset;  // this runner's own baselines
  reset.new_runner = true;
  versions_.post_command(reset);
  // Answered on the main loop once the engine has the runner's settings.
  versions_.reply_when_applied(*outcome.version, std::move(outcome.changes),
                               [this, start, generation, done](ApiReply applied) {
                                 if (!applied.body.value("applied", false)) {
                                   done(api_error(503,
                                                  "the engine did not take the runner's "
                                                  "settings (is the daemon stopping?)"));
                                 } else if (generation != generation_) {
                                   done(api_error(409,
                                                  "a later session start or stop came "
                                                  "first; this one was not begun"));
                                 } else {
                                   begin(start, done);
                                 }
                               });
}

void SessionControl::begin(const RunnerStart& start, ReplyCallback done) {
  const int program_session = start.counted_sessions + 1;
  {
    std::lock_guard lock(mutex_);
    runner_id_ = start.runner_id;
    program_session_ = program_session;
    program_template_.reset();
    if (start.profile && start.profile->program && start.profile->program->is_object())
      program_template_ = start.profile->program->value("template", std::string());
  }
  if (!recorder_) {
    set_cueing(true);
    if (done) done(api_error(409, "the session store is disabled (store.enabled)"));
    return;
  }
  // From here on the dispatcher's rows queue behind the new session, and its figures count.
  {
    std::lock_guard state(state_mutex_);
    dispatcher_.set_recording(true);
    dispatcher_.begin_session_figures();
  }
  // The cue window first, then the cues on: the engine takes both in order.
  begin_program(program_session);
  set_cueing(true);
  const std::string path = recorder_->path();
  const std::string runner_id = start.runner_id;
  // The recorder answers once, and when a failing store refused the session, once more when a
  // retry begins it: the client has had its 503 by then.
  auto reply = std::make_shared<ReplyCallback>(std::move(done));
  recorder_->begin_session(
      runner_id, versions_.current_json().dump(), layout_,
      [this, runner_id, program_session, path, reply](const std::optional<SessionStart>& started,
                                                      const std::string& error) {
        const ReplyCallback answer = std::exchange(*reply, {});
        if (!started) {
          log("no session recorded: " + error);
          if (answer)
            answer({503,
                    {{"error", "the session could not begin: " + error +
                                   "; it begins when the store takes writes again"}}});
          return;
        }
        {
          std::lock_guard lock(mutex_);
          session_ = started;
        }
        log(fmt::format(
            "session {} of runner '{}' (their session {}, program session {}) recording to {}",
            started->id, printable_runner_id(runner_id), started->session_number, program_session,
            path));
        if (answer)
          answer({200,
                  {{"session", started->id},
                   {"number", started->session_number},
                   {"program_session", program_session},
                   {"runner_id", runner_id}}});
      });
}

void SessionControl::stop(ReplyCallback done) {
  ++generation_;  // a start still on its way is superseded
  // Without a store there are no sessions to stop, and the cues are all the runner gets.
  if (recorder_) set_cueing(false);
  end(std::move(done));
}

void SessionControl::end(ReplyCallback done) {
  if (!recorder_) {
    if (done) done({200, {{"stopped", nullptr}}});
    return;
  }
  Json summary = summary_();
  {
    std::lock_guard state(state_mutex_);
    std::lock_guard lock(mutex_);
    dispatcher_.set_recording(false);
    if (program_.active()) {
      summary["program"] =
          program_.summary_json(dispatcher_.totals().session_s, dispatcher_.session_marks());
      program_.reset();
    }
  }
  const auto& totals = dispatcher_.session_figures().totals;
  const std::string tally = fmt::format("{} steps, {} cues", totals.strides, totals.cues);
  recorder_->end_session(std::move(summary),
                         [this, tally, done](std::optional<std::int64_t> ended) {
                           if (ended) {
                             std::lock_guard lock(mutex_);
                             if (session_ && session_->id == *ended) session_.reset();
                           }
                           if (ended) log(fmt::format("session {} ended: {}", *ended, tally));
                           if (done)
                             done({200, {{"stopped", ended ? Json(*ended) : Json(nullptr)}}});
                         });
}

void SessionControl::set_cueing(bool on) {
  EngineChange change;
  change.kind = EngineChange::Kind::cueing;
  change.on = on;
  versions_.post_command(change);
}

}  // namespace stridecue
