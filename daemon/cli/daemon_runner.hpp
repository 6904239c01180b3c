// What `stridecue run` and `stridecued` share: reading the config, opening the source it names,
// and running the daemon with the signals wired (SIGINT/SIGTERM stop, SIGHUP reloads).
#pragma once

#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "engine/stride_record.hpp"
#include "settings/daemon_config.hpp"

namespace stridecue {

// The config at `path`, or at the default place when `path` is empty (defaults if there is no
// file there). Throws ConfigError naming file, line and column.
DaemonConfig read_config(const std::string& path, std::string& used_path);

// Opens the source, fills in what the simulator knows of its runner, runs the daemon to the
// end and returns the exit code.
// The printers are called on the daemon's main thread: they hand their text to a thread of
// their own (OutputPump) rather than wait on stdout.
struct DaemonPrinters {
  StrideSink* strides = nullptr;                    // each stride (may be null)
  std::function<void(const Cue&)> cues;             // each cue (may be empty)
  std::function<void(const GaitEngine&)> finished;  // the engine's final state, at the end
  std::function<bool()> closed;                     // true: the reader left; the run ends
  std::function<nlohmann::json()> status;           // "output" in GET /status
};
int run_daemon(DaemonConfig config, const std::string& config_path, DaemonPrinters printers = {});

}  // namespace stridecue
