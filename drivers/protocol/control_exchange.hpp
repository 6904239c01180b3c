// The control exchange both transports run the same way, whatever carries the requests (USB
// control transfers, serial ASCII lines): reading a device's description after IDENTIFY, and
// setting every stream's rate before START. Each transport supplies the one-request step.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocol/control_messages.hpp"
#include "protocol/protocol_device.hpp"

namespace stridecue::protocol {

// "SET_RATE 0 1000": a command as errors name it (its serial line without CR LF).
std::string command_text(const Command& command);

// One request each, performed by the transport: the reply parsed, or nullopt when the request
// itself failed — the transport has then written why into the exchange's `error`.
struct DescriptionRequests {
  std::function<std::optional<ParseResult<StreamDescriptor>>(std::uint8_t stream)> get_stream;
  std::function<std::optional<ParseResult<ChannelDescriptor>>(std::uint8_t stream,
                                                              std::uint16_t channel)>
      get_channel;
};

// The description of the device that answered IDENTIFY with `identity`: GET_STREAM for every
// stream, GET_CHANNEL for each of its channels, then validated. On failure nullopt and `error`
// says why: "WHERE: GET_STREAM 1 reply: ...", "WHERE: the device describes itself
// inconsistently: ...", or the failed request's own message.
std::optional<DeviceDescription> read_description(const Identity& identity, std::string_view where,
                                                  const DescriptionRequests& requests,
                                                  std::string& error);

// SET_RATE for every described stream (rates_hz[s] where given, else the described rate), then
// START. `command` sends one and says whether the device acknowledged it; false at the first
// that was not (the transport knows why).
bool start_streams(const DeviceDescription& description, std::span<const std::uint16_t> rates_hz,
                   const std::function<bool(const Command&)>& command);

}  // namespace stridecue::protocol
