#include "live/session_control.hpp"

#include <fmt/format.h>

#include <memory>
#include <utility>

#include "live/dispatcher.hpp"
#include "live/recorder.hpp"
#include "settings/runner_id.hpp"

namespace stridecue {
namespace {

using Json = nlohmann::json;

void log(const std::string& line) {
  fmt::print(stderr, "stridecued: {}\n", line);
}

}  // namespace

SessionControl::SessionControl(Recorder* recorder, Dispatcher& dispatcher,
                               const SourceLayout& layout, std::function<Json()> summary)
    : recorder_(recorder), dispatcher_(dispatcher), layout_(layout), summary_(std::move(summary)) {}

std::string SessionControl::runner_id() const {
  std::lock_guard lock(mutex_);
  return runner_id_;
}

Json SessionControl::session_json() const {
  std::lock_guard lock(mutex_);
  return session_ ? Json{{"id", session_->id}, {"number", session_->session_number}}
                  : Json(nullptr);
}

void SessionControl::begin(const std::string& runner_id, const std::string& config_json,
                           ReplyCallback done) {
  {
    std::lock_guard lock(mutex_);
    runner_id_ = runner_id;
  }
  if (!recorder_) {
    if (done) done({409, {{"error", "the session store is disabled (store.enabled)"}}});
    return;
  }
  // From here on the dispatcher's rows queue behind the new session.
  dispatcher_.set_recording(true);
  const std::string path = recorder_->path();
  // The recorder answers once, and when a failing store refused the session, once more when a
  // retry begins it: the client has had its 503 by then.
  auto reply = std::make_shared<ReplyCallback>(std::move(done));
  recorder_->begin_session(
      runner_id, config_json, layout_,
      [this, runner_id, path, reply](const std::optional<SessionStart>& started,
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
        log(fmt::format("session {} of runner '{}' (their session {}) recording to {}", started->id,
                        printable_runner_id(runner_id), started->session_number, path));
        if (answer)
          answer({200,
                  {{"session", started->id},
                   {"number", started->session_number},
                   {"runner_id", runner_id}}});
      });
}

void SessionControl::end(ReplyCallback done) {
  if (!recorder_) {
    if (done) done({200, {{"stopped", nullptr}}});
    return;
  }
  dispatcher_.set_recording(false);
  const auto& totals = dispatcher_.totals();
  const std::string tally = fmt::format("{} strides, {} cues", totals.strides, totals.cues);
  recorder_->end_session(summary_(), [this, tally, done](std::optional<std::int64_t> ended) {
    if (ended) {
      std::lock_guard lock(mutex_);
      if (session_ && session_->id == *ended) session_.reset();
    }
    if (ended) log(fmt::format("session {} ended: {}", *ended, tally));
    if (done) done({200, {{"stopped", ended ? Json(*ended) : Json(nullptr)}}});
  });
}

}  // namespace stridecue
