#include "cli/daemon_runner.hpp"

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/device_sources.hpp"
#include "cli/trial_source.hpp"
#include "config/config_error.hpp"
#include "live/daemon.hpp"
#include "settings/daemon_config_file.hpp"
#include "simulator/runner_simulator.hpp"
#include "source/merged_source.hpp"

namespace stridecue {
namespace {

std::atomic<Daemon*> g_daemon{nullptr};

extern "C" void on_stop_signal(int) {
  if (Daemon* d = g_daemon.load()) d->request_stop();
}
extern "C" void on_reload_signal(int) {
  if (Daemon* d = g_daemon.load()) d->request_reload();
}

std::unique_ptr<SampleSource> open_unwrapped(DaemonConfig& config, const std::string& config_path) {
  if (config.source.kind == kFileSource) return open_trial_source(config.source.file, "");
  if (config.source.kind != kSimulatorSource) {
    return open_device_source(config.source.kind, config.source, config_path, config_dir());
  }
  SimulatorConfig sim = config.source.simulator;
  // As long as the config says (source.duration_s, else source.simulator.duration_s); until
  // stopped otherwise: a day of simulated running is "until stopped". The simulator then ends
  // by itself, and the daemon with it, as after a trial file.
  sim.duration_s = config.source.stop_after_s().value_or(86400.0);
  add_known_runner(sim, config.engine);
  return std::make_unique<RunnerSimulator>(sim);
}

std::unique_ptr<SampleSource> open_source(DaemonConfig& config, const std::string& config_path,
                                          std::vector<DeviceActions*>& devices) {
  auto source = open_unwrapped(config, config_path);
  if (!config.source.analog_plate.empty()) {
    source =
        wrap_analog_plates(std::move(source), config.source, config_path, config_dir(), devices);
  }
  if (config.source.emg == kNoSecondSource) return source;
  // The EMG system beside the plates: one session, one timeline (docs/devices.md).
  std::vector<MergedChild> children;
  children.push_back({std::move(source), config.source.kind});
  children.push_back(
      {open_device_source(config.source.emg, config.source, config_path, config_dir()),
       config.source.emg});
  return std::make_unique<MergedSource>(std::move(children));
}

}  // namespace

DaemonConfig read_config(const std::string& path, std::string& used_path) {
  used_path = path.empty() ? default_config_path(config_dir()) : path;
  if (path.empty() && !std::filesystem::exists(used_path)) {
    used_path.clear();
    return DaemonConfig{};
  }
  return load_daemon_config(used_path);
}

int run_daemon(DaemonConfig config, const std::string& config_path, DaemonPrinters printers) {
  DaemonRun run;
  try {
    run.source = open_source(config, config_path, run.devices);
  } catch (const ConfigError& e) {
    fmt::print(stderr, "stridecued: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecued: {}\n", e.what());
    return kExitBadInput;
  }
  run.config = std::move(config);
  run.config_path = config_path;
  run.printer = printers.strides;
  run.cue_printer = std::move(printers.cues);
  run.on_finished = std::move(printers.finished);
  run.output_closed = std::move(printers.closed);
  run.output_status = std::move(printers.status);
  Daemon daemon(std::move(run));
  g_daemon.store(&daemon);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGHUP, on_reload_signal);
  // A file-size limit (ulimit -f, systemd's LimitFSIZE=) reached by the store would kill the
  // process by SIGXFSZ, cues and all; ignored, the write fails with EFBIG, which the recorder
  // rides out as a full disk (docs/store.md, "Faults").
  std::signal(SIGXFSZ, SIG_IGN);
  const int code = daemon.run();
  g_daemon.store(nullptr);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
  return code;
}

}  // namespace stridecue
