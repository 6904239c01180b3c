// What the daemon is given to run: its config, its opened source, and the optional outputs of
// `stridecue run` (strides and cues to print, a summary at the end).
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/cue_policy.hpp"
#include "settings/daemon_config.hpp"

namespace stridecue {

class GaitEngine;
class StrideSink;
class SampleSource;
class DeviceActions;

struct DaemonRun {
  DaemonConfig config;
  std::unique_ptr<SampleSource> source;  // opened by the caller from config.source
  // Inside `source`: the devices that can be asked to act (an analog treadmill's tare …).
  std::vector<DeviceActions*> devices;
  std::string config_path;  // reloaded on SIGHUP; empty: no file (defaults and flags)
  // Each stride and cue as it comes out, called on the main thread: these must hand the text
  // to a thread of their own rather than wait on a pipe (`stridecue run`'s OutputPump).
  StrideSink* printer = nullptr;
  std::function<void(const Cue&)> cue_printer;
  // Asked on each pass of the main loop: true ends the session and the run, as a stop signal
  // does (`stridecue run` when its stdout's reader has gone).
  std::function<bool()> output_closed;
  // The printers' own figures (lines dropped …), shown as "output" in the status.
  std::function<nlohmann::json()> output_status;
  // Called once with the bound API port (port 0 asks for any): tests and `run` print it.
  std::function<void(int port)> on_listening;
  // Called once at the end, on the main thread, with the engine's final state (the summary).
  std::function<void(const GaitEngine&)> on_finished;
};

}  // namespace stridecue
