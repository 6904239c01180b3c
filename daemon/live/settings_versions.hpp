// The daemon's settings as numbered versions. A change (a PATCH, a SIGHUP reload) is checked in
// full against the current version and the running engine, becomes the next version, and is
// posted to the engine thread, which applies it before its next block and acknowledges the
// number. The versions the engine may still be copying are kept alive here. A PATCH's reply
// waits for that acknowledgement without holding any thread: settle() completes it on the main
// loop's next pass (or says "applied": false once kApplyPatience has passed).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/control_handler.hpp"
#include "settings/daemon_config.hpp"

namespace stridecue {

class EngineLoop;
struct EngineChange;
class CuePlayer;

class SettingsVersions {
 public:
  // How long a PATCH waits for the engine before it answers "applied": false (about 250
  // blocks: only a stopped or stalled engine takes this long).
  static constexpr std::chrono::milliseconds kApplyPatience{500};

  explicit SettingsVersions(const DaemonConfig& initial);

  // Wiring, before the engine runs: the config it starts with is version 0 (the file's with the
  // first runner's record), the file's own (with what the flags and the simulator's runner add,
  // which a reload does not take from the file), and where changes go. Either of the last two
  // may be null (tests, or no sound).
  void start_with(const DaemonConfig& started, const DaemonConfig& file, EngineLoop* loop,
                  CuePlayer* player);

  // Any thread.
  DaemonConfig current() const;
  nlohmann::json current_json() const;

  // A change checked and posted, or why not (status 422 and the field at fault).
  struct Outcome {
    std::optional<std::uint64_t> version;
    nlohmann::json changes = nlohmann::json::array();
    ApiReply refusal;
  };
  // Who asks for a change: a coach (the API's PATCH) or the config file (a SIGHUP reload).
  enum class Source : std::uint8_t { coach, file };
  // Applies `patch` (live settings only) to the current version; all or nothing. The keys a
  // coach changes are remembered, for the next reload to keep or to say it reverted them.
  Outcome change(const nlohmann::json& patch, Source source = Source::coach);

  // What a reload weighs the file against, taken together: the running settings, the settings
  // as the file last gave them (at the start, or the last reload that took it), and the keys a
  // coach has changed since and whose value the file has not yet settled.
  struct ReloadBasis {
    DaemonConfig running;
    DaemonConfig last_file;
    std::set<std::string> coach_keys;
  };
  ReloadBasis reload_basis() const;
  // The settings as the file last gave them: what a runner without values of their own starts
  // with (live/runner_settings.hpp).
  DaemonConfig file_config() const;
  // A reload took `file`: it is what the next one compares with, and the coach's keys in
  // `settled` (taken from the file, or equal to it) are no longer the coach's.
  void file_taken(const DaemonConfig& file, const std::vector<std::string>& settled);

  // Any thread: a command for the engine (a baseline reset). This class is the one producer of
  // the engine's change ring, so every post goes through it. False: the engine is not running.
  bool post_command(const EngineChange& change);

  // The API thread: answer `done` once the engine has applied `version`.
  void reply_when_applied(std::uint64_t version, nlohmann::json changes, ReplyCallback done);
  // Main thread, each pass: the waiting replies that can now be answered, with their changes
  // (for the session's record). `engine_finished` answers all of them ("applied": false).
  struct Settled {
    nlohmann::json changes;
    ReplyCallback done;
    ApiReply reply;
  };
  std::vector<Settled> settle(bool engine_finished);

 private:
  std::optional<std::string> engine_refusal(const DaemonConfig& next) const;
  std::uint64_t post(std::unique_ptr<DaemonConfig> next);

  mutable std::mutex mutex_;
  struct Version {
    std::uint64_t number;
    std::unique_ptr<DaemonConfig> config;
  };
  std::deque<Version> versions_;  // the last is current_
  const DaemonConfig* current_ = nullptr;
  std::uint64_t version_ = 0;
  EngineLoop* loop_ = nullptr;
  CuePlayer* player_ = nullptr;
  std::unique_ptr<DaemonConfig> last_file_;  // the settings as the file last gave them
  std::set<std::string> coach_keys_;         // changed by a coach since the file gave them

  struct Waiting {
    std::uint64_t version;
    std::chrono::steady_clock::time_point give_up;
    nlohmann::json changes;
    ReplyCallback done;
  };
  std::vector<Waiting> waiting_;
};

}  // namespace stridecue
