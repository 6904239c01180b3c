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
#include "simulator/simulator_config.hpp"

namespace stridecue {

// Where the samples come from. Devices join as their drivers land (issue 6).
enum class SourceKind : std::uint8_t { simulator, file, usb, serial, delsys };
// "simulator", "file", "usb", "serial", "delsys" (daemon_config.cpp)
std::string_view to_string(SourceKind kind);
std::optional<SourceKind> source_kind_from_string(std::string_view s);

// A second device read alongside the main source, for the EMG (a treadmill's plates on USB and
// the EMG system on its own network link): merged into one session (docs/devices.md).
enum class SecondSource : std::uint8_t { none, delsys };
std::string_view to_string(SecondSource s);  // "none", "delsys"
std::optional<SecondSource> second_source_from_string(std::string_view s);

struct SourceSettings {
  SourceKind kind = SourceKind::simulator;
  std::string file;         // kind = file: a trial file (.csv, .mot, .c3d …) replayed
  double pace = 1.0;        // times real time; 0 = as fast as possible (tests, replays)
  double duration_s = 0.0;  // 0: until stopped (a file ends by itself)
  SimulatorConfig simulator = live_simulator();  // kind = simulator
  // kind = usb: which device ("1209:5ce0", "1209:5ce0,serial=0042", "1209:5ce0,port=1-1.2").
  std::string usb_device = "1209:5ce0";
  int usb_transfers = 4;  // bulk IN transfers in flight
  // kind = serial: the tty of a protocol device (CDC-ACM or an FTDI bridge), and its baud rate.
  std::string serial_port = "/dev/ttyACM0";
  int serial_baud = 921600;
  // kind = delsys: the Trigno profile (host, ports, rate, which sensor is which muscle).
  std::string delsys_profile = "devices/delsys_trigno.toml";
  // An analog force-plate profile (config/devices/): the source delivers the plates' volts,
  // turned into forces with its calibration. Empty: the source delivers forces.
  std::string analog_plate;
  // Also read the EMG from this device (its keys: source.delsys.*), on the same timeline.
  SecondSource emg = SecondSource::none;

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
  std::string driver;   // SDL audio driver ("disk" on headless machines); empty: SDL's choice
  std::string device;   // SDL device name; empty: the default device
  double volume = 0.8;  // 0..1
  int sample_rate_hz = 48000;
  // Frames per SDL callback: the cue can start no sooner than one buffer after its decision.
  // 256 frames at 48 kHz = 5.3 ms.
  int buffer_frames = 256;
  double cue_length_s = 0.12;
};

struct ApiSettings {
  bool enabled = true;
  std::string address = "127.0.0.1";
  int port = 7878;  // 0: any free port (tests); the daemon logs the one it got
  // Required (as "Authorization: Bearer <token>") when the address is not loopback.
  std::string token;
  int max_clients = 128;
  std::size_t max_request_bytes = 64 * 1024;
  double signal_rate_hz = 50.0;  // live signals on the stream are decimated to this rate
};

struct StoreSettings {
  bool enabled = true;
  std::string path = "stridecue-sessions.db";
  bool wal = true;                  // SQLite journal mode WAL (crash-safe, readers never block)
  bool raw_samples = true;          // store every sample block, so a session can be replayed
  double commit_interval_s = 0.25;  // a kill -9 loses at most this much (and the OS's buffers)
};

struct DaemonConfig {
  std::string runner_id = "runner";  // the faded schedule and the sessions are kept per runner
  SourceSettings source;
  EngineSettings engine;
  CueSettings cue;
  AudioSettings audio;
  ApiSettings api;
  StoreSettings store;
};

}  // namespace stridecue
