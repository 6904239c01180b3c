// A stridecue serial device on a real pseudo-terminal (serial/pty_link.hpp): it answers the
// protocol's lines and, after START, sends its frames; unplug() is the kernel's hangup.
#pragma once

#include <cstdint>
#include <string>

#include "protocol/control_messages.hpp"
#include "serial/pty_link.hpp"
#include "usb/test_plate.hpp"

namespace stridecue::test {

class PtyDevice {
 public:
  // Plugs in: a new pty, `link` pointing at its slave; after START it sends frames 0 … n-1.
  PtyDevice(std::string link, std::uint32_t frames)
      : frames_(frames),
        link_(std::move(link), [this](const std::string& line) { answer(line); }) {}
  PtyDevice(const PtyDevice&) = delete;
  PtyDevice& operator=(const PtyDevice&) = delete;

  void unplug() { link_.unplug(); }

 private:
  void send(std::string_view bytes) { link_.write_all(bytes); }

  void answer(const std::string& line) {
    const auto parsed = protocol::parse_command_line(line);
    if (!parsed) return;
    const auto& command = *parsed.value;
    const auto description = test_plate_description();
    switch (command.request) {
      case protocol::Request::identify:
        return send(protocol::encode_identity_line(description.identity));
      case protocol::Request::get_stream:
        return send(protocol::encode_stream_line(command.stream, description.streams[0]));
      case protocol::Request::get_channel:
        return send(protocol::encode_channel_line(command.stream, command.channel,
                                                  description.channels[0][command.channel]));
      case protocol::Request::set_rate:
      case protocol::Request::stop: return send(protocol::encode_ack_line(command));
      case protocol::Request::start:
        send(protocol::encode_ack_line(command));
        for (std::uint32_t seq = 0; seq < frames_; ++seq) {
          const auto frame = plate_frame(seq);
          send({reinterpret_cast<const char*>(frame.data()), frame.size()});
        }
        return;
    }
  }

  std::uint32_t frames_;
  PtyLink link_;  // last: its thread stops before the rest goes
};

}  // namespace stridecue::test
