#include "serial/serial_control.hpp"

#include <fmt/format.h>

namespace stridecue::serial {

namespace {

std::string without_line_end(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.pop_back();
  return line;
}

}  // namespace

SerialControl::SerialControl(SerialLink& link, std::string where, std::chrono::milliseconds timeout)
    : link_(link), where_(std::move(where)), timeout_(timeout) {}

std::optional<std::string> SerialControl::ask(const protocol::Command& command) {
  const auto line = protocol::encode_command_line(command);
  if (auto error = link_.write(line); !error.empty()) {
    error_ = fmt::format("{}: {}: {}", where_, without_line_end(line), error);
    return std::nullopt;
  }
  std::string error;
  auto reply = link_.read_reply(timeout_, error);
  if (!reply) error_ = fmt::format("{}: {}: {}", where_, without_line_end(line), error);
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
  protocol::DeviceDescription description;
  description.identity = identity;
  for (std::uint8_t s = 0; s < identity.streams; ++s) {
    protocol::Command get_stream{protocol::Request::get_stream, s};
    const auto reply = ask(get_stream);
    if (!reply) return std::nullopt;
    auto stream = protocol::parse_stream_line(*reply, s);
    if (!stream) {
      error_ = fmt::format("{}: GET_STREAM {} reply: {}", where_, s, stream.error);
      return std::nullopt;
    }
    description.streams.push_back(*stream.value);
    auto& channels = description.channels.emplace_back();
    for (std::uint16_t c = 0; c < stream.value->channels; ++c) {
      protocol::Command get_channel{protocol::Request::get_channel, s, c};
      const auto channel_reply = ask(get_channel);
      if (!channel_reply) return std::nullopt;
      auto channel = protocol::parse_channel_line(*channel_reply, s, c);
      if (!channel) {
        error_ = fmt::format("{}: GET_CHANNEL {} {} reply: {}", where_, s, c, channel.error);
        return std::nullopt;
      }
      channels.push_back(*channel.value);
    }
  }
  if (auto invalid = protocol::validate(description); !invalid.empty()) {
    error_ = fmt::format("{}: the device describes itself inconsistently: {}", where_, invalid);
    return std::nullopt;
  }
  return description;
}

bool SerialControl::command(const protocol::Command& command) {
  const auto reply = ask(command);
  if (!reply) return false;
  if (auto wrong = protocol::check_ack_line(*reply, command); !wrong.empty()) {
    error_ = fmt::format("{}: {}: {}", where_,
                         without_line_end(protocol::encode_command_line(command)), wrong);
    return false;
  }
  return true;
}

}  // namespace stridecue::serial
