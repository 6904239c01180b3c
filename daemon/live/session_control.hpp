// Which session is open, and beginning, ending and stopping them. Called on the main thread (at
// start, at the stop, and for the API's session requests, which reach it as main-loop tasks);
// the recorder thread does the writing and says when it is done, and only then is the API's
// reply sent. The dispatcher's rows follow the same queue, so each lands in its own session.
//
// A session started through the API is its runner's from its first stride: their record and
// place in their program are read (on the recorder thread), their settings applied and
// acknowledged by the engine with a fresh glute baseline, and only then the session begins
// (live/runner_settings.hpp). A stop ends the cueing too; the strides still stream.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/control_handler.hpp"
#include "live/program_clock.hpp"
#include "live/runner_settings.hpp"
#include "store/session_store.hpp"

namespace stridecue {

class Dispatcher;
class Recorder;
class SettingsVersions;

class SessionControl {
 public:
  // `recorder` null: the store is disabled (strides stream, nothing is recorded). `summary`
  // is asked for on the main thread when a session ends. A runner without values of their own
  // starts with the file's as last read (SettingsVersions::file_config()).
  // `state_mutex` guards the dispatcher's figures against the status reader.
  SessionControl(Recorder* recorder, Dispatcher& dispatcher, std::mutex& state_mutex,
                 const SourceLayout& layout, SettingsVersions& versions,
                 std::function<nlohmann::json()> summary);

  // Main thread, at start-up: records a session of `start`'s runner, whose settings the engine
  // starts with already (apply_runner_start).
  void begin_first(const RunnerStart& start);
  // Main thread: ends the open session and starts one of `runner_id` (as above). `done` gets
  // the session's id, number, program session and runner, or the error.
  void start(const std::string& runner_id, ReplyCallback done);
  // Main thread: ends the open session and the cueing. `done` gets {"stopped": id} (null when
  // none was open).
  void stop(ReplyCallback done);
  // Main thread, at the daemon's end: ends the open session.
  void end(ReplyCallback done = {});

  // Main thread, each pass: a program session moves into its next phase when it is due, and
  // says so (the engine's cue window keeps the cues to the feedback phase).
  void tick();

  // Any thread.
  bool recording_enabled() const { return recorder_ != nullptr; }
  std::string runner_id() const;
  // {"id", "number", "program_session", "runner_id", "program", "program_template"} of the open
  // session, or null ("program": where it is on its plan, at the data's time `now_s`; null
  // outside a program; "program_template": the runner's own program's, null without one).
  nlohmann::json session_json(double now_s) const;

 private:
  // Main thread: records the session (the settings are the runner's by now).
  void begin(const RunnerStart& start, ReplyCallback done);
  // The recorder thread: the runner's record was read; their settings go to the engine.
  void apply_runner(const RunnerStart& start, std::uint64_t generation, ReplyCallback done);
  void set_cueing(bool on);
  // Main thread: the program's first phase, when the settings ask for a program.
  void begin_program(int program_session);

  Recorder* recorder_;
  Dispatcher& dispatcher_;
  std::mutex& state_mutex_;
  const SourceLayout& layout_;
  SettingsVersions& versions_;
  std::function<nlohmann::json()> summary_;

  // Main thread: each start and stop counts one, so that a start whose settings the engine
  // acknowledges after a later stop or start does not begin.
  std::uint64_t generation_ = 0;

  mutable std::mutex mutex_;  // the main thread and the recorder thread write, the API reads
  std::string runner_id_;
  int program_session_ = 0;
  std::optional<std::string> program_template_;  // the runner's own program's template
  // The recorder thread: the keys the last runner's program set (live/runner_settings.hpp).
  std::vector<std::string> program_keys_;
  std::optional<SessionStart> session_;
  ProgramClock program_;
};

}  // namespace stridecue
