// An analog-plate DAQ bridge (device kind analog_plate: the plates' amplifier outputs in volts)
// on a real pseudo-terminal (serial/pty_link.hpp). A DAQ cannot be plugged in here, so the test
// answers the protocol's control lines with `description`, and after START sends only the frames
// the test hands it (send), so a test decides when each block arrives; unplug() is the kernel's
// hangup.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "protocol/control_messages.hpp"
#include "protocol/frame_codec.hpp"
#include "protocol/protocol_device.hpp"
#include "serial/pty_link.hpp"

namespace stridecue::test {

inline constexpr std::uint16_t kDaqRowsPerFrame = 4;
inline constexpr std::uint16_t kDaqRateHz = 1000;

// Stream 0 "analog": a plate's Fx Fy Fz Mx My Mz on channels 0-5 and two more inputs (8 in
// all, so the volts are wider than the forces made of them); stream 1 "sync": one channel at
// 250 Hz, which the plates' conversion passes through.
inline protocol::DeviceDescription daq_description(std::uint16_t analog_channels = 8) {
  protocol::DeviceDescription d;
  d.identity.kind = protocol::DeviceKind::analog_plate;
  d.identity.streams = 2;
  d.identity.serial = "0007";
  d.identity.model = "SC-DAQ8";
  d.identity.firmware = "2.1.0";
  protocol::StreamDescriptor analog;
  analog.name = "analog";
  analog.rate_hz = kDaqRateHz;
  analog.channels = analog_channels;
  analog.format = protocol::SampleFormat::float32;
  analog.samples_per_frame = kDaqRowsPerFrame;
  protocol::StreamDescriptor sync = analog;
  sync.name = "sync";
  sync.rate_hz = 250;
  sync.channels = 1;
  sync.samples_per_frame = 1;
  d.streams = {analog, sync};
  d.channels.resize(2);
  for (std::uint16_t c = 0; c < analog_channels; ++c) {
    protocol::ChannelDescriptor ch;
    ch.name = "ai" + std::to_string(c);
    ch.unit = "V";
    d.channels[0].push_back(ch);
  }
  protocol::ChannelDescriptor ch;
  ch.name = "sync_v";
  ch.unit = "V";
  d.channels[1].push_back(ch);
  return d;
}

// One float32 frame of `rows` (each a row of the stream's channels), scale 1 and offset 0: the
// source's volts are these floats exactly.
inline std::vector<std::uint8_t> daq_frame(std::uint8_t stream, std::uint32_t sequence,
                                           std::uint64_t first_sample,
                                           const std::vector<std::vector<float>>& rows) {
  protocol::FrameHeader h;
  h.kind = protocol::DeviceKind::analog_plate;
  h.stream = stream;
  h.format = protocol::SampleFormat::float32;
  h.sequence = sequence;
  h.first_sample = first_sample;
  h.channels = static_cast<std::uint16_t>(rows.front().size());
  h.samples = static_cast<std::uint16_t>(rows.size());
  std::vector<float> values;
  for (const auto& row : rows)
    values.insert(values.end(), row.begin(), row.end());
  return protocol::encode_frame(h, values);
}

class PtyDaq {
 public:
  PtyDaq(std::string link, protocol::DeviceDescription description)
      : description_(std::move(description)),
        link_(std::move(link), [this](const std::string& line) { answer(line); }) {}
  PtyDaq(const PtyDaq&) = delete;
  PtyDaq& operator=(const PtyDaq&) = delete;

  bool started() const { return started_.load(); }

  void send(const std::vector<std::uint8_t>& bytes) {
    link_.write_all({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  }

  void unplug() { link_.unplug(); }

 private:
  void answer(const std::string& line) {
    const auto parsed = protocol::parse_command_line(line);
    if (!parsed) return;
    const auto& command = *parsed.value;
    switch (command.request) {
      case protocol::Request::identify:
        return link_.write_all(protocol::encode_identity_line(description_.identity));
      case protocol::Request::get_stream:
        return link_.write_all(
            protocol::encode_stream_line(command.stream, description_.streams[command.stream]));
      case protocol::Request::get_channel:
        return link_.write_all(
            protocol::encode_channel_line(command.stream, command.channel,
                                          description_.channels[command.stream][command.channel]));
      case protocol::Request::set_rate:
      case protocol::Request::stop: return link_.write_all(protocol::encode_ack_line(command));
      case protocol::Request::start:
        link_.write_all(protocol::encode_ack_line(command));
        started_ = true;
        return;
    }
  }

  protocol::DeviceDescription description_;
  std::atomic<bool> started_{false};
  PtyLink link_;  // last: its thread stops before the rest goes
};

}  // namespace stridecue::test
