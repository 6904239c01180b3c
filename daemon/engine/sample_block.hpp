// Sample blocks and the channel layout that names their columns.
//
// Every source (simulator, trial file, USB device) delivers its data as blocks of one stream:
// a run of frames at one sampling rate, all channels of that stream interleaved frame by
// frame. Time comes with the data (DESIGN.md, principle 2): a block carries the device's
// counter of its first sample and the host's monotonic receipt time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/api_events.hpp"  // Side, to_string(Side), side_from_string

namespace stridecue {

// What a channel measures. Axes: x anteroposterior (positive in the running direction),
// y mediolateral (positive to the runner's left), z vertical up; SI units throughout.
enum class Quantity : std::uint8_t {
  force_x,   // N
  force_y,   // N
  force_z,   // N
  cop_x,     // m
  cop_y,     // m
  torque_z,  // N·m, free moment about the vertical axis
  emg,       // V
  other,
};

// Which force plate a force channel belongs to: one per belt on a split-belt treadmill,
// `belt` for the single plate under a single-belt treadmill, and numbered floor plates for
// over-ground trials (a lab walkway, as in most C3D files), where a plate says nothing of the
// foot.
enum class Plate : std::uint8_t {
  left,
  right,
  belt,
  floor1,
  floor2,
  floor3,
  floor4,
  floor5,
  floor6,
  floor7,
  floor8,
};
inline constexpr int kMaxFloorPlates = 8;
inline constexpr Plate kAllPlates[] = {Plate::left,   Plate::right,  Plate::belt,   Plate::floor1,
                                       Plate::floor2, Plate::floor3, Plate::floor4, Plate::floor5,
                                       Plate::floor6, Plate::floor7, Plate::floor8};
inline bool is_floor(Plate p) {
  return p >= Plate::floor1;
}
// Floor plate `number`, 1 … kMaxFloorPlates.
inline Plate floor_plate(int number) {
  return static_cast<Plate>(static_cast<int>(Plate::floor1) + number - 1);
}

inline Side opposite(Side s) {
  return s == Side::left ? Side::right : Side::left;
}

struct ChannelInfo {
  std::string name;  // as in the source, e.g. "left_fz_n" or "emg_gmed_left_v"
  Quantity quantity = Quantity::other;
  std::optional<Plate> plate;  // force and COP channels
  std::optional<Side> side;    // EMG channels
  std::string muscle;          // EMG channels, e.g. "gmed"
};

// One stream of a source: channels sampled together at one rate.
struct StreamInfo {
  std::string name;           // "force", "emg", ...
  double rate_hz = 0.0;       // nominal sampling rate
  double start_time_s = 0.0;  // session time of sample counter 0
  std::vector<ChannelInfo> channels;

  // Index of the channel measuring `q` on `plate`, if the stream has one.
  std::optional<std::size_t> find(Quantity q, Plate plate) const;
};

struct SourceLayout {
  std::vector<StreamInfo> streams;
};

// A view of one block; the samples belong to the source and stay valid until its next call.
struct SampleBlock {
  std::uint16_t stream = 0;       // index into SourceLayout::streams
  std::int64_t first_sample = 0;  // device counter of the first frame
  std::int64_t receipt_ns = 0;    // host monotonic time at receipt (0 for offline sources)
  std::size_t frames = 0;
  std::size_t channels = 0;
  std::span<const float> samples;  // frames × channels, frame-major

  float at(std::size_t frame, std::size_t channel) const {
    return samples[frame * channels + channel];
  }
};

std::string_view to_string(Quantity q);
std::string_view to_string(Plate p);
std::optional<Plate> plate_from_string(std::string_view s);

}  // namespace stridecue
