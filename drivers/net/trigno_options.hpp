// How to reach a Delsys Trigno SDK server and which of its 16 EMG channels are which muscle
// (docs/delsys.md). Read from a device profile such as config/devices/delsys_trigno.toml:
//
//   host = "192.168.1.20"
//   rate_hz = 1925.926
//   [[channel]]
//   sensor = 1
//   side = "left"
//   muscle = "gmed"
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

inline constexpr int kTrignoSensors = 16;  // float32 channels per row on the EMG data port

struct TrignoChannel {
  int sensor = 1;  // 1 … 16: the sensor's slot on the base station, its column in each row
  Side side = Side::left;
  std::string muscle = "gmed";
};

struct DelsysTrignoOptions {
  std::string host = "127.0.0.1";
  std::uint16_t command_port = 50040;
  std::uint16_t emg_port = 50043;
  // The EMG rate: 26 samples per 13.5 ms frame = 1925.93 Hz (or 29 → 2148.15 Hz) per the SDK
  // documentation. The stream's layout is fixed at construction, so when the server states a
  // rate that differs by more than rate_tolerance the source fails and says which to configure.
  double rate_hz = 26.0 / 0.0135;
  bool ask_rate = true;
  double rate_tolerance = 0.005;  // relative
  std::vector<TrignoChannel> channels;

  double reply_timeout_s = 2.0;  // banner, each reply, each connect
  double data_timeout_s = 2.0;   // silence on the data port after START: the link is lost
  double backoff_initial_s = 0.1;
  double backoff_max_s = 2.0;
  double poll_s = 0.04;  // next() returns `waiting` after at most this long
};

// Empty if usable, else what is wrong, naming the field.
std::string validate(const DelsysTrignoOptions& options);

// The source's one stream, "emg": the mapped channels in the order given, named like
// "emg_gmed_left_v".
StreamInfo trigno_emg_stream(const DelsysTrignoOptions& options);

// Parses a Trigno device profile; errors name "<file>:<line>:<col>" and the field.
ParseResult<DelsysTrignoOptions> parse_trigno_profile(std::string_view toml_text,
                                                      std::string_view display_name);
ParseResult<DelsysTrignoOptions> load_trigno_profile(const std::filesystem::path& path);

}  // namespace stridecue
