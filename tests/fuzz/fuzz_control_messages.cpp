// libFuzzer harness for the protocol's control message parsers: binary descriptors, setup
// packets and the serial lines in both directions. The first byte picks the parser; whatever
// a parser accepts must encode again and parse back to the same thing. Regression inputs live
// in corpus/control_messages/.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "protocol/control_messages.hpp"

namespace {

using namespace stridecue::protocol;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

bool same(const Identity& a, const Identity& b) {
  return a.protocol_version == b.protocol_version && a.kind == b.kind && a.streams == b.streams &&
         a.serial == b.serial && a.model == b.model && a.firmware == b.firmware;
}
bool same(const StreamDescriptor& a, const StreamDescriptor& b) {
  return a.name == b.name && a.rate_hz == b.rate_hz && a.channels == b.channels &&
         a.format == b.format && a.samples_per_frame == b.samples_per_frame;
}
bool same(const ChannelDescriptor& a, const ChannelDescriptor& b) {
  return a.name == b.name && a.quantity == b.quantity && a.plate == b.plate && a.side == b.side &&
         a.muscle == b.muscle && a.unit == b.unit && a.scale == b.scale && a.offset == b.offset;
}
bool same(const Command& a, const Command& b) {
  return a.request == b.request && a.stream == b.stream && a.channel == b.channel &&
         a.rate_hz == b.rate_hz;
}

template <class T>
void accepted_or_explained(const ParseResult<T>& r) {
  check(r.value.has_value() == r.error.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::span<const std::uint8_t> bytes(data + 1, size - 1);
  const std::string_view line(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::uint8_t stream = size > 1 ? data[1] % 8 : 0;
  switch (data[0] % 9) {
    case 0: {
      const auto r = parse_identity(bytes);
      accepted_or_explained(r);
      if (r) {
        check(same(*parse_identity(encode_identity(*r.value)).value, *r.value));
        check(same(*parse_identity_line(encode_identity_line(*r.value)).value, *r.value));
      }
      break;
    }
    case 1: {
      const auto r = parse_stream(bytes);
      accepted_or_explained(r);
      if (r) {
        check(same(*parse_stream(encode_stream(*r.value)).value, *r.value));
        check(
            same(*parse_stream_line(encode_stream_line(stream, *r.value), stream).value, *r.value));
      }
      break;
    }
    case 2: {
      const auto r = parse_channel(bytes);
      accepted_or_explained(r);
      if (r) {
        check(same(*parse_channel(encode_channel(*r.value)).value, *r.value));
        check(same(*parse_channel_line(encode_channel_line(stream, 5, *r.value), stream, 5).value,
                   *r.value));
      }
      break;
    }
    case 3: {
      if (bytes.size() < 8) return 0;
      ControlSetup s;
      s.request_type = bytes[0];
      s.request = bytes[1];
      s.value = static_cast<std::uint16_t>(bytes[2] | (bytes[3] << 8));
      s.index = static_cast<std::uint16_t>(bytes[4] | (bytes[5] << 8));
      s.length = static_cast<std::uint16_t>(bytes[6] | (bytes[7] << 8));
      const auto r = parse_setup(s);
      accepted_or_explained(r);
      if (r) {
        const ControlSetup again = to_setup(*r.value);
        check(std::memcmp(&again, &s, sizeof s) == 0 ||
              (again.request_type == s.request_type && again.request == s.request &&
               again.value == s.value && again.index == s.index && again.length == s.length));
        check(same(*parse_command_line(encode_command_line(*r.value)).value, *r.value));
      }
      break;
    }
    case 4: {
      const auto r = parse_command_line(line);
      accepted_or_explained(r);
      if (r) {
        check(same(*parse_command_line(encode_command_line(*r.value)).value, *r.value));
        check(same(*parse_setup(to_setup(*r.value)).value, *r.value));
        check(check_ack_line(encode_ack_line(*r.value), *r.value).empty());
      }
      break;
    }
    case 5: {
      const auto r = parse_identity_line(line);
      accepted_or_explained(r);
      if (r) check(same(*parse_identity(encode_identity(*r.value)).value, *r.value));
      break;
    }
    case 6: {
      const auto r = parse_stream_line(line, stream);
      accepted_or_explained(r);
      if (r) check(same(*parse_stream(encode_stream(*r.value)).value, *r.value));
      break;
    }
    case 7: {
      const auto r = parse_channel_line(line, stream, 3);
      accepted_or_explained(r);
      if (r) check(same(*parse_channel(encode_channel(*r.value)).value, *r.value));
      break;
    }
    case 8: {
      Command c;
      c.request = static_cast<Request>(1 + stream % 6);
      c.stream = stream;
      c.rate_hz = 1000;
      (void)check_ack_line(line, c);
      break;
    }
  }
  return 0;
}
