// Which session is open, and beginning and ending them. Called on the main thread (at start,
// at the stop, and for the API's session requests, which reach it as main-loop tasks); the
// recorder thread does the writing and says when it is done, and only then is the API's reply
// sent. The dispatcher's rows follow the same queue, so each lands in its own session.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/control_handler.hpp"
#include "store/session_store.hpp"

namespace stridecue {

class Dispatcher;
class Recorder;

class SessionControl {
 public:
  // `recorder` null: the store is disabled (strides stream, nothing is recorded). `summary`
  // is asked for on the main thread when a session ends.
  SessionControl(Recorder* recorder, Dispatcher& dispatcher, const SourceLayout& layout,
                 std::function<nlohmann::json()> summary);

  // Main thread. `done` (may be empty) gets the session's id, number and runner, or a 503.
  void begin(const std::string& runner_id, const std::string& config_json, ReplyCallback done = {});
  // Main thread. `done` gets {"stopped": id} (null when none was open).
  void end(ReplyCallback done = {});

  // Any thread.
  bool recording_enabled() const { return recorder_ != nullptr; }
  std::string runner_id() const;
  // {"id", "number"} of the open session, or null.
  nlohmann::json session_json() const;

 private:
  Recorder* recorder_;
  Dispatcher& dispatcher_;
  const SourceLayout& layout_;
  std::function<nlohmann::json()> summary_;

  mutable std::mutex mutex_;  // the main thread and the recorder thread write, the API reads
  std::string runner_id_;
  std::optional<SessionStart> session_;
};

}  // namespace stridecue
