#include "protocol/control_exchange.hpp"

#include <fmt/format.h>

#include <cmath>

namespace stridecue::protocol {

std::string command_text(const Command& command) {
  auto text = encode_command_line(command);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

std::optional<DeviceDescription> read_description(const Identity& identity, std::string_view where,
                                                  const DescriptionRequests& requests,
                                                  std::string& error) {
  DeviceDescription description;
  description.identity = identity;
  for (std::uint8_t s = 0; s < identity.streams; ++s) {
    const auto stream = requests.get_stream(s);
    if (!stream) return std::nullopt;
    if (!*stream) {
      error = fmt::format("{}: GET_STREAM {} reply: {}", where, s, stream->error);
      return std::nullopt;
    }
    description.streams.push_back(*stream->value);
    auto& channels = description.channels.emplace_back();
    for (std::uint16_t c = 0; c < stream->value->channels; ++c) {
      const auto channel = requests.get_channel(s, c);
      if (!channel) return std::nullopt;
      if (!*channel) {
        error = fmt::format("{}: GET_CHANNEL {} {} reply: {}", where, s, c, channel->error);
        return std::nullopt;
      }
      channels.push_back(*channel->value);
    }
  }
  if (auto invalid = validate(description); !invalid.empty()) {
    error = fmt::format("{}: the device describes itself inconsistently: {}", where, invalid);
    return std::nullopt;
  }
  return description;
}

bool start_streams(const DeviceDescription& description, std::span<const std::uint16_t> rates_hz,
                   const std::function<bool(const Command&)>& command) {
  for (std::size_t s = 0; s < description.streams.size(); ++s) {
    Command set_rate{Request::set_rate, static_cast<std::uint8_t>(s)};
    set_rate.rate_hz =
        s < rates_hz.size()
            ? rates_hz[s]
            : static_cast<std::uint16_t>(std::lround(description.streams[s].rate_hz));
    if (!command(set_rate)) return false;
  }
  return command(Command{Request::start});
}

}  // namespace stridecue::protocol
