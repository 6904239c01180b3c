// The protocol's control requests as ASCII lines on a serial port (control_messages.hpp,
// "Serial: ASCII lines"): one request line, one reply line, in turn.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "protocol/control_messages.hpp"
#include "protocol/protocol_device.hpp"
#include "serial/serial_link.hpp"

namespace stridecue::serial {

class SerialControl {
 public:
  // `where` prefixes every error ("serial /dev/ttyACM0").
  SerialControl(SerialLink& link, std::string where, std::chrono::milliseconds timeout);

  std::optional<protocol::Identity> identify();
  std::optional<protocol::DeviceDescription> describe(const protocol::Identity& identity);
  // set_rate, start, stop: true when the device acknowledged.
  bool command(const protocol::Command& command);
  const std::string& error() const { return error_; }

 private:
  std::optional<std::string> ask(const protocol::Command& command);

  SerialLink& link_;
  std::string where_;
  std::chrono::milliseconds timeout_;
  std::string error_;
};

}  // namespace stridecue::serial
