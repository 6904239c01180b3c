#include "serial/serial_control.hpp"

#include <fmt/format.h>

#include "protocol/control_exchange.hpp"

namespace stridecue::serial {

SerialControl::SerialControl(SerialLink& link, std::string where, std::chrono::milliseconds timeout)
    : link_(link), where_(std::move(where)), timeout_(timeout) {}

std::optional<std::string> SerialControl::ask(const protocol::Command& command) {
  if (auto error = link_.write(protocol::encode_command_line(command)); !error.empty()) {
    error_ = fmt::format("{}: {}: {}", where_, protocol::command_text(command), error);
    return std::nullopt;
  }
  std::string error;
  auto reply = link_.read_reply(timeout_, error);
  if (!reply) error_ = fmt::format("{}: {}: {}", where_, protocol::command_text(command), error);
  return reply;
}

std::optional<protocol::Identity> SerialControl::identify() {
  const auto reply = ask({protocol::Request::identify});
  if (!reply) return std::nullopt;
  auto identity = protocol::parse_identity_line(*reply);
  if (!identity) {
    error_ = fmt::format("{}: IDENTIFY reply: {}", where_, identity.error);
    return std::nullopt;
  }
  return identity.value;
}

std::optional<protocol::DeviceDescription> SerialControl::describe(
    const protocol::Identity& identity) {
  const protocol::DescriptionRequests requests{
      [this](std::uint8_t s) -> std::optional<protocol::ParseResult<protocol::StreamDescriptor>> {
        const auto reply = ask({protocol::Request::get_stream, s});
        if (!reply) return std::nullopt;
        return protocol::parse_stream_line(*reply, s);
      },
      [this](std::uint8_t s,
             std::uint16_t c) -> std::optional<protocol::ParseResult<protocol::ChannelDescriptor>> {
        const auto reply = ask({protocol::Request::get_channel, s, c});
        if (!reply) return std::nullopt;
        return protocol::parse_channel_line(*reply, s, c);
      }};
  return protocol::read_description(identity, where_, requests, error_);
}

bool SerialControl::command(const protocol::Command& command) {
  const auto reply = ask(command);
  if (!reply) return false;
  if (auto wrong = protocol::check_ack_line(*reply, command); !wrong.empty()) {
    error_ = fmt::format("{}: {}: {}", where_, protocol::command_text(command), wrong);
    return false;
  }
  return true;
}

}  // namespace stridecue::serial
