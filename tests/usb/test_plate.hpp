// The device the USB and serial tests talk to: a small force plate that describes itself
// over the protocol and sends int16 frames whose raw values follow a formula, so every
// expected sample is known exactly. Scales are powers of two and offsets whole numbers, so
// raw × scale + offset is exact in float and the tests compare with ==.
#pragma once

#include <cstdint>
#include <vector>

#include "protocol/control_messages.hpp"
#include "protocol/frame_codec.hpp"
#include "protocol/protocol_device.hpp"

namespace stridecue::test {

inline constexpr std::uint16_t kPlateChannels = 3;
inline constexpr std::uint16_t kPlateRowsPerFrame = 4;
inline constexpr std::uint16_t kPlateRateHz = 1000;

inline protocol::DeviceDescription test_plate_description() {
  protocol::DeviceDescription d;
  d.identity.kind = protocol::DeviceKind::force_plate;
  d.identity.streams = 1;
  d.identity.serial = "0042";
  d.identity.model = "SC-FP2";
  d.identity.firmware = "1.0.3";
  protocol::StreamDescriptor stream;
  stream.name = "force";
  stream.rate_hz = kPlateRateHz;
  stream.channels = kPlateChannels;
  stream.format = protocol::SampleFormat::int16;
  stream.samples_per_frame = kPlateRowsPerFrame;
  d.streams.push_back(stream);
  auto channel = [](const char* name, Quantity q, Plate plate, const char* unit, float scale,
                    float offset) {
    protocol::ChannelDescriptor c;
    c.name = name;
    c.quantity = q;
    c.plate = plate;
    c.unit = unit;
    c.scale = scale;
    c.offset = offset;
    return c;
  };
  d.channels.push_back({channel("left_fz", Quantity::force_z, Plate::left, "N", 0.5f, -10.0f),
                        channel("right_fz", Quantity::force_z, Plate::right, "N", 0.25f, 0.0f),
                        channel("left_fx", Quantity::force_x, Plate::left, "N", 2.0f, 3.0f)});
  return d;
}

// Raw int16 value of device sample `sample`, channel `channel`.
inline std::int16_t plate_raw(std::int64_t sample, std::size_t channel) {
  return static_cast<std::int16_t>(
      (sample * 37 + static_cast<std::int64_t>(channel) * 1000) % 4000 - 2000);
}

// What the source must deliver for it: raw × scale + offset.
inline float plate_value(std::int64_t sample, std::size_t channel) {
  const auto description = test_plate_description();
  const auto& c = description.channels[0][channel];
  return static_cast<float>(plate_raw(sample, channel)) * c.scale + c.offset;
}

// Frame `sequence`, holding device samples sequence × rows … on.
inline std::vector<std::uint8_t> plate_frame(std::uint32_t sequence) {
  protocol::FrameHeader h;
  h.kind = protocol::DeviceKind::force_plate;
  h.stream = 0;
  h.format = protocol::SampleFormat::int16;
  h.sequence = sequence;
  h.first_sample = static_cast<std::uint64_t>(sequence) * kPlateRowsPerFrame;
  h.channels = kPlateChannels;
  h.samples = kPlateRowsPerFrame;
  std::vector<float> values;
  for (std::uint16_t r = 0; r < kPlateRowsPerFrame; ++r) {
    for (std::size_t c = 0; c < kPlateChannels; ++c) {
      values.push_back(plate_raw(static_cast<std::int64_t>(h.first_sample) + r, c));
    }
  }
  return protocol::encode_frame(h, values);
}

}  // namespace stridecue::test
