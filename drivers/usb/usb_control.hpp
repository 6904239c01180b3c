// The protocol's control requests over endpoint 0 (protocol/control_messages.hpp): learning a
// device's description, setting rates, starting and stopping it. Synchronous for the caller:
// each request is an asynchronous libusb transfer whose events are handled on the calling
// thread, so it may run on the transport's event thread (after a reconnect) or on the
// constructing thread (before that thread starts) — never on both at once.
#pragma once

#include <libusb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/control_messages.hpp"
#include "protocol/protocol_device.hpp"

namespace stridecue::usb {

class UsbControl {
 public:
  // `where` prefixes every error ("usb 1-1").
  UsbControl(libusb_context* context, libusb_device_handle* handle, std::string where,
             unsigned timeout_ms = 1000);

  // identify, then get_stream and get_channel for every stream and channel; the result is
  // validated. On failure: nullopt and error() names the request and what went wrong.
  std::optional<protocol::DeviceDescription> describe();
  // The same after an identify already answered (to check the serial first).
  std::optional<protocol::DeviceDescription> describe(const protocol::Identity& identity);
  // identify alone (what `stridecue devices` shows).
  std::optional<protocol::Identity> identify();
  // A request without a data stage (set_rate, start, stop). False: see error().
  bool command(const protocol::Command& command);

  const std::string& error() const { return error_; }

 private:
  // The reply of an IN request, exactly `setup.length` bytes, or nullopt and error_ set.
  std::optional<std::vector<std::uint8_t>> transfer(const protocol::ControlSetup& setup,
                                                    std::string_view what);

  libusb_context* context_;
  libusb_device_handle* handle_;
  std::string where_;
  unsigned timeout_ms_;
  std::string error_;
};

}  // namespace stridecue::usb
