// Everything `stridecued` is told: the source, the engine's thresholds, the cue policy, audio,
// the control API and the session store. Read from TOML (config/stridecue.toml), changed live
// through the control API, and recorded with each session. docs/config.md lists every key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "settings/cue_presentation.hpp"
#include "simulator/simulator_config.hpp"
#include "source/device_driver.hpp"

namespace stridecue {

// Where the samples come from. Devices join as their drivers land (issue 6).
// source.kind: the simulator, a trial file, or a device driver by its kind ("usb", "serial",
// "delsys": drivers/registry lists them).
inline constexpr std::string_view kSimulatorSource = "simulator";
inline constexpr std::string_view kFileSource = "file";
// source.emg: no second source; else a driver that may be read beside the force source for
// the EMG (a treadmill's plates on USB and the EMG system on its own network link), merged into
// one session (docs/devices.md).
inline constexpr std::string_view kNoSecondSource = "none";

struct SourceSettings {
  std::string kind{kSimulatorSource};
  std::string file;         // kind = file: a trial file (.csv, .mot, .c3d …) replayed
  double pace = 1.0;        // times real time; 0 = as fast as possible (tests, replays)
  double duration_s = 0.0;  // 0: until stopped (a file ends by itself)
  SimulatorConfig simulator = live_simulator();  // kind = simulator
  // kind = simulator: how long the simulated session lasts when the file says so
  // (source.simulator.duration_s); unset: until stopped, or source.duration_s. Kept apart from
  // `simulator.duration_s`, whose 60 s default would otherwise end every daemon after a minute.
  std::optional<double> simulator_duration_s;

  // How long the session runs before the daemon stops by itself: source.duration_s when not 0
  // (what `stridecue run --seconds` sets), else the simulator's own length when the file gives
  // one; none: until stopped (a file or a recording still ends by itself).
  std::optional<double> stop_after_s() const {
    if (duration_s > 0.0) return duration_s;
    if (kind == kSimulatorSource) return simulator_duration_s;
    return std::nullopt;
  }
  // The device drivers' own keys (source.usb.device, source.serial.baud …), by key.
  DeviceSettingValues devices;
  // An analog force-plate profile (config/devices/): the source delivers the plates' volts,
  // turned into forces with its calibration. Empty: the source delivers forces.
  std::string analog_plate;
  // Also read the EMG from this device (its keys: source.<kind>.*), on the same timeline.
  std::string emg{kNoSecondSource};

  // The simulator as a live device: 2 ms blocks (a USB force plate delivers 1-2 ms frames);
  // 10 ms blocks would add up to 10 ms to every cue.
  static SimulatorConfig live_simulator() {
    SimulatorConfig c;
    c.block_s = 0.002;
    return c;
  }
};

struct AudioSettings {
  bool enabled = true;
  // No sound device that opens stops the start (exit 1) instead of running with the cues shown
  // but not heard (the status, the stream and the overlay say "NO SOUND"; docs/audio.md).
  bool required = false;
  std::string driver;   // SDL audio driver ("disk" on headless machines); empty: SDL's choice
  std::string device;   // SDL device name; empty: the default device
  double volume = 0.8;  // 0..1
  int sample_rate_hz = 48000;
  // Frames per SDL callback: the cue can start no sooner than one buffer after its decision.
  // 256 frames at 48 kHz = 5.3 ms.
  int buffer_frames = 256;
  double cue_length_s = 0.12;
  // SCHED_FIFO priority of SDL's audio thread, asked for at its first callback; 0 = as SDL
  // leaves it. Above the engine's (10) and its producers' (9): the sound is the path's last step.
  int realtime_priority = 11;
  // Each cue sounds this long after its contact, to the frame, if it was decided in time (else
  // as soon as it can): a fixed delay the runner can learn, instead of one that varies by the
  // buffer's wait. 0: as soon as possible. bench/RESULTS.md has how the default was chosen.
  double cue_latency_ms = 14.5;
};

// The daemon's engine thread (not the engine's thresholds: those are contact.*, strike.* …).
struct EngineThreadSettings {
  // SCHED_FIFO priority of the engine thread; 0: the normal scheduler. Modest: below the audio
  // servers' threads (PipeWire, JACK run theirs at 70-88), above every normal thread.
  int realtime_priority = 10;
  // The engine thread and the producers of its blocks on one core (realtime/core_placement.hpp):
  // -1 = the last core the daemon may use.
  bool share_core = true;
  int core = -1;
};

struct ApiSettings {
  bool enabled = true;
  std::string address = "127.0.0.1";
  int port = 7878;  // 0: any free port (tests); the daemon logs the one it got
  // Required (as "Authorization: Bearer <token>") when the address is not loopback.
  std::string token;
  // A client address that sends this many wrong tokens within wrong_token_window_s of the first
  // is refused (429) for that long; loopback never is (docs/api.md, "Auth").
  int max_wrong_tokens = 10;
  double wrong_token_window_s = 60.0;
  int max_clients = 128;
  std::size_t max_request_bytes = 64 * 1024;
  // A request's header must arrive within header_timeout_s of the connection opening (or of the
  // last reply), its body within body_timeout_s of the header: a slow client is told 408.
  double header_timeout_s = 5.0;
  double body_timeout_s = 10.0;
  double signal_rate_hz = 50.0;  // live signals on the stream are decimated to this rate
  // and sent this long at a time, one message per batch: each message costs a send (and a
  // wake of the main and API threads), which at 50 a second was most of their CPU.
  double signal_batch_s = 0.1;
};

struct StoreSettings {
  bool enabled = true;
  std::string path = "stridecue-sessions.db";
  bool wal = true;                  // SQLite journal mode WAL (crash-safe, readers never block)
  bool raw_samples = true;          // store every sample block, so a session can be replayed
  double commit_interval_s = 0.25;  // a kill -9 loses at most this much (and the OS's buffers)
  // A session begun and stopped at once, or one in which nobody ran, is not one of the
  // runner's program sessions (cue.session_number counts only those that were run).
  double program_session_min_s = 60.0;
  // Raw sample blocks of sessions that started longer ago are removed at start and hourly
  // (strides, cues and summaries stay); 0 keeps them forever. docs/store.md, "Lifecycle".
  int raw_blocks_keep_days = 0;
  std::string group;  // a group that may read the store (files 0640); "": private (0600)
};

// A retraining program's sessions (live/program_plan.hpp): planned running time, warm-up and
// retention block; the feedback schedule across sessions is cue.fading.*.
struct ProgramSettings {
  bool enabled = false;
  double first_session_min = 15.0;  // planned running time of program session 1
  double last_session_min = 30.0;   // … of the schedule's last session (cue.fading.sessions)
  double warmup_s = 120.0;          // no cues at the start of each session
  double retention_s = 0.0;         // no cues at the end of each session: a retention block
};

struct DaemonConfig {
  std::string runner_id = "runner";  // the faded schedule and the sessions are kept per runner
  SourceSettings source;
  EngineSettings engine;
  CueSettings cue;
  CuePresentation cue_presentation;  // cue.language, cue.words.*, cue.heel_target_share
  ProgramSettings program;
  AudioSettings audio;
  EngineThreadSettings engine_thread;
  ApiSettings api;
  StoreSettings store;
};

}  // namespace stridecue
