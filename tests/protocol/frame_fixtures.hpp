// Frames and device descriptions the protocol tests share.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "protocol/control_messages.hpp"
#include "protocol/frame_codec.hpp"
#include "protocol/protocol_device.hpp"

namespace stridecue::test {

inline protocol::FrameHeader frame_header(std::uint16_t channels, std::uint16_t samples,
                                          protocol::SampleFormat format, std::uint32_t sequence,
                                          std::uint64_t first_sample = 0, std::uint8_t stream = 0) {
  protocol::FrameHeader h;
  h.kind = protocol::DeviceKind::force_plate;
  h.stream = stream;
  h.format = format;
  h.sequence = sequence;
  h.first_sample = first_sample;
  h.channels = channels;
  h.samples = samples;
  return h;
}

// Values 0, 1, 2, … offset by `base`, so each frame's content is recognisable.
inline std::vector<float> ramp(std::size_t count, float base) {
  std::vector<float> v(count);
  for (std::size_t i = 0; i < count; ++i)
    v[i] = base + static_cast<float>(i);
  return v;
}

inline std::vector<std::uint8_t> ramp_frame(std::uint32_t sequence, std::uint16_t channels = 3,
                                            std::uint16_t samples = 2) {
  const auto h = frame_header(channels, samples, protocol::SampleFormat::float32, sequence,
                              std::uint64_t{sequence} * samples);
  return protocol::encode_frame(
      h, ramp(std::size_t{channels} * samples, 100.0f * static_cast<float>(sequence)));
}

// A split-belt force plate: stream 0 "force", 1 kHz, left and right Fz as int16 counts
// (0.5 N per count, 10 N offset), 2 samples per frame.
inline protocol::DeviceDescription split_belt_description() {
  protocol::DeviceDescription d;
  d.identity.kind = protocol::DeviceKind::force_plate;
  d.identity.streams = 1;
  d.identity.serial = "0042";
  d.identity.model = "SC-FP2";
  d.identity.firmware = "1.0.3";
  protocol::StreamDescriptor s;
  s.name = "force";
  s.rate_hz = 1000.0f;
  s.channels = 2;
  s.format = protocol::SampleFormat::int16;
  s.samples_per_frame = 2;
  d.streams.push_back(s);
  protocol::ChannelDescriptor left;
  left.name = "left_fz";
  left.quantity = Quantity::force_z;
  left.plate = Plate::left;
  left.unit = "N";
  left.scale = 0.5f;
  left.offset = 10.0f;
  protocol::ChannelDescriptor right = left;
  right.name = "right_fz";
  right.plate = Plate::right;
  d.channels.push_back({left, right});
  return d;
}

// One int16 frame for split_belt_description(): rows of (left, right) raw counts.
inline std::vector<std::uint8_t> split_belt_frame(std::uint32_t sequence,
                                                  std::uint64_t first_sample,
                                                  std::span<const float> raw) {
  auto h = frame_header(2, static_cast<std::uint16_t>(raw.size() / 2),
                        protocol::SampleFormat::int16, sequence, first_sample);
  return protocol::encode_frame(h, raw);
}

}  // namespace stridecue::test
