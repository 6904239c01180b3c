#include "protocol/control_messages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace stridecue::protocol {
namespace {

constexpr std::uint8_t kNone = 0xFF;  // "no plate" / "no side" in a channel descriptor
constexpr float kMaxRateHz = 1.0e6f;

// ---- binary fields ----

void put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
void put_f32(std::uint8_t* p, float v) {
  std::uint32_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<std::uint8_t>(bits >> (8 * i));
}
std::uint16_t get_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
float get_f32(const std::uint8_t* p) {
  std::uint32_t bits = 0;
  for (int i = 0; i < 4; ++i)
    bits |= static_cast<std::uint32_t>(p[i]) << (8 * i);
  float v = 0.0f;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

// Text fields hold printable ASCII without spaces or '=' so that the serial lines can carry
// them as key=value words; "-" is how a line says "empty".
std::string text_problem(std::string_view text, std::size_t width) {
  if (text.size() > width) {
    return fmt::format("is {} characters, at most {} fit", text.size(), width);
  }
  if (text == "-") return "is \"-\", which the serial lines use for empty";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c >= 0x7F || c == '=') {
      return fmt::format(
          "has byte 0x{:02X} at character {}: only printable ASCII without "
          "spaces or '='",
          c, i);
    }
  }
  return {};
}

void require_text(std::string_view field, std::string_view text, std::size_t width,
                  bool may_be_empty) {
  if (!may_be_empty && text.empty()) {
    throw std::invalid_argument(fmt::format("{}: empty", field));
  }
  if (const std::string problem = text_problem(text, width); !problem.empty()) {
    throw std::invalid_argument(fmt::format("{} \"{}\" {}", field, text, problem));
  }
}

void put_text(std::uint8_t* p, std::string_view text, std::size_t width) {
  std::memset(p, 0, width);
  std::memcpy(p, text.data(), text.size());
}

// A NUL-padded text field at `offset`; false with `error` set when malformed.
bool get_text(std::span<const std::uint8_t> bytes, std::size_t offset, std::size_t width,
              std::string_view field, bool may_be_empty, std::string& out, std::string& error) {
  const std::uint8_t* p = bytes.data() + offset;
  std::size_t length = 0;
  while (length < width && p[length] != 0)
    ++length;
  for (std::size_t i = length; i < width; ++i) {
    if (p[i] != 0) {
      error = fmt::format("{} at byte {}: byte {} after its terminating NUL is 0x{:02X}, not 0",
                          field, offset, offset + i, p[i]);
      return false;
    }
  }
  out.assign(reinterpret_cast<const char*>(p), length);
  if (!may_be_empty && out.empty()) {
    error = fmt::format("{} at byte {}: empty", field, offset);
    return false;
  }
  if (const std::string problem = text_problem(out, width); !problem.empty()) {
    error = fmt::format("{} at byte {}: {}", field, offset, problem);
    return false;
  }
  return true;
}

bool known_kind(std::uint8_t v) {
  return v >= static_cast<std::uint8_t>(DeviceKind::force_plate) &&
         v <= static_cast<std::uint8_t>(DeviceKind::analog_plate);
}
bool known_format(std::uint8_t v) {
  return v >= static_cast<std::uint8_t>(SampleFormat::int16) &&
         v <= static_cast<std::uint8_t>(SampleFormat::float32);
}

bool is_plate_quantity(Quantity q) {
  return q == Quantity::force_x || q == Quantity::force_y || q == Quantity::force_z ||
         q == Quantity::cop_x || q == Quantity::cop_y || q == Quantity::torque_z;
}

// Semantic checks shared by both encodings; empty when fine.
std::string identity_problem(const Identity& id) {
  if (id.protocol_version != kVersion) {
    return fmt::format("protocol version {}: this host speaks version {}", id.protocol_version,
                       kVersion);
  }
  if (!known_kind(static_cast<std::uint8_t>(id.kind))) {
    return fmt::format("device kind {} is not 1-3", static_cast<int>(id.kind));
  }
  if (id.streams == 0 || id.streams > kMaxStreams) {
    return fmt::format("streams {} is not 1-{}", id.streams, kMaxStreams);
  }
  return {};
}

std::string stream_problem(const StreamDescriptor& s) {
  if (!std::isfinite(s.rate_hz) || s.rate_hz <= 0.0f || s.rate_hz > kMaxRateHz) {
    return fmt::format("rate {} Hz is not in (0, {}]", s.rate_hz, kMaxRateHz);
  }
  if (s.channels == 0 || s.channels > kMaxChannels) {
    return fmt::format("channels {} is not 1-{}", s.channels, kMaxChannels);
  }
  if (!known_format(static_cast<std::uint8_t>(s.format))) {
    return fmt::format("sample format {} is not 1-3", static_cast<int>(s.format));
  }
  if (s.samples_per_frame == 0 || s.samples_per_frame > kMaxSamplesPerFrame) {
    return fmt::format("samples per frame {} is not 1-{}", s.samples_per_frame,
                       kMaxSamplesPerFrame);
  }
  return {};
}

std::string channel_problem(const ChannelDescriptor& c) {
  if (static_cast<std::uint8_t>(c.quantity) > static_cast<std::uint8_t>(Quantity::other)) {
    return fmt::format("quantity {} is not 0-7", static_cast<int>(c.quantity));
  }
  if (is_plate_quantity(c.quantity)) {
    if (!c.plate) return fmt::format("quantity {} needs a plate", to_string(c.quantity));
    if (c.side) return fmt::format("quantity {} takes a plate, not a side", to_string(c.quantity));
  }
  if (c.quantity == Quantity::emg) {
    if (!c.side) return "quantity emg needs a side";
    if (c.plate) return "quantity emg takes a side, not a plate";
  }
  if (c.plate && static_cast<std::uint8_t>(*c.plate) > static_cast<std::uint8_t>(Plate::floor8)) {
    return fmt::format("plate {} is not 0-10", static_cast<int>(*c.plate));
  }
  if (c.side && static_cast<std::uint8_t>(*c.side) > static_cast<std::uint8_t>(Side::right)) {
    return fmt::format("side {} is not 0-1", static_cast<int>(*c.side));
  }
  if (!std::isfinite(c.scale) || c.scale == 0.0f) {
    return fmt::format("scale {} is not a finite non-zero number", c.scale);
  }
  if (!std::isfinite(c.offset)) return fmt::format("offset {} is not finite", c.offset);
  return {};
}

// ---- serial lines ----

std::string_view strip_line_end(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The words of a line, or an error when the line is not a well-formed protocol line.
bool split_line(std::string_view line, std::vector<std::string_view>& words, std::string& error) {
  line = strip_line_end(line);
  if (line.size() > kMaxLineChars) {
    error = fmt::format("line of {} characters, at most {}", line.size(), kMaxLineChars);
    return false;
  }
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c < 0x20 || c >= 0x7F) {
      error = fmt::format("byte 0x{:02X} at column {}: lines are printable ASCII", c, i + 1);
      return false;
    }
  }
  words.clear();
  std::size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ') {
      ++pos;
      continue;
    }
    const std::size_t end = std::min(line.find(' ', pos), line.size());
    words.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  if (words.empty()) {
    error = "empty line";
    return false;
  }
  return true;
}

template <class Int>
bool parse_uint(std::string_view word, Int max, Int& out) {
  unsigned long long v = 0;
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), v);
  if (ec != std::errc{} || end != word.data() + word.size() || word.empty() || v > max) {
    return false;
  }
  out = static_cast<Int>(v);
  return true;
}

bool parse_float(std::string_view word, float& out) {
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), out);
  return ec == std::errc{} && end == word.data() + word.size() && !word.empty();
}

std::optional<Request> request_from_name(std::string_view name) {
  for (const Request r : {Request::identify, Request::get_stream, Request::get_channel,
                          Request::set_rate, Request::start, Request::stop}) {
    if (name == to_string(r)) return r;
  }
  return std::nullopt;
}

std::string_view text_or_dash(std::string_view text) {
  return text.empty() ? std::string_view("-") : text;
}

// key=value words after a reply's fixed words.
struct Fields {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;

  const std::string_view* find(std::string_view key) const {
    for (const auto& [k, v] : pairs) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

// Checks "OK <WHAT> <fixed...>" and collects the key=value words; false with `error` set.
bool reply_fields(std::string_view line, Request request, std::string_view what,
                  std::span<const std::string_view> fixed, Fields& fields, std::string& error) {
  std::vector<std::string_view> words;
  const std::string_view name = to_string(request);
  if (!split_line(line, words, error)) {
    error = fmt::format("{} reply: {}", name, error);
    return false;
  }
  if (words[0] == "ERR") {
    const std::string_view text = strip_line_end(line);
    error = fmt::format("{} refused by the device: \"{}\"", name, text);
    return false;
  }
  if (words[0] != "OK") {
    error = fmt::format("{} reply: first word \"{}\", expected OK or ERR", name, words[0]);
    return false;
  }
  if (words.size() < 2 || words[1] != what) {
    error = fmt::format("{} reply: second word \"{}\", expected {}", name,
                        words.size() < 2 ? std::string_view() : words[1], what);
    return false;
  }
  if (words.size() < 2 + fixed.size()) {
    error = fmt::format("{} reply: {} words, expected at least {}", name, words.size(),
                        2 + fixed.size());
    return false;
  }
  for (std::size_t i = 0; i < fixed.size(); ++i) {
    if (words[2 + i] != fixed[i]) {
      error = fmt::format("{} reply: word {} is \"{}\", expected \"{}\"", name, 3 + i, words[2 + i],
                          fixed[i]);
      return false;
    }
  }
  fields.pairs.clear();
  for (std::size_t i = 2 + fixed.size(); i < words.size(); ++i) {
    const std::size_t eq = words[i].find('=');
    if (eq == std::string_view::npos || eq == 0) {
      error = fmt::format("{} reply: word {} \"{}\" is not key=value", name, i + 1, words[i]);
      return false;
    }
    const std::string_view key = words[i].substr(0, eq);
    if (fields.find(key) != nullptr) {
      error = fmt::format("{} reply: {} given twice", name, key);
      return false;
    }
    fields.pairs.emplace_back(key, words[i].substr(eq + 1));
  }
  return true;
}

// The value of `key`, or an error naming it.
bool field(const Fields& fields, Request request, std::string_view key, std::string_view& out,
           std::string& error) {
  const std::string_view* v = fields.find(key);
  if (v == nullptr) {
    error = fmt::format("{} reply: {}= missing", to_string(request), key);
    return false;
  }
  out = *v;
  return true;
}

bool text_field(const Fields& fields, Request request, std::string_view key, std::size_t width,
                bool may_be_empty, std::string& out, std::string& error) {
  std::string_view v;
  if (!field(fields, request, key, v, error)) return false;
  if (v == "-") v = {};
  if (!may_be_empty && v.empty()) {
    error = fmt::format("{} reply: {}= empty", to_string(request), key);
    return false;
  }
  if (const std::string problem = text_problem(v, width); !problem.empty()) {
    error = fmt::format("{} reply: {}= {}", to_string(request), key, problem);
    return false;
  }
  out.assign(v);
  return true;
}

template <class T>
ParseResult<T> failed(std::string error) {
  return {std::nullopt, std::move(error)};
}

}  // namespace

std::string_view to_string(Request request) {
  switch (request) {
    case Request::identify: return "IDENTIFY";
    case Request::get_stream: return "GET_STREAM";
    case Request::get_channel: return "GET_CHANNEL";
    case Request::set_rate: return "SET_RATE";
    case Request::start: return "START";
    case Request::stop: return "STOP";
  }
  return "UNKNOWN";
}

std::string_view kind_name(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::force_plate: return "force_plate";
    case DeviceKind::emg: return "emg";
    case DeviceKind::analog_plate: return "analog_plate";
  }
  return "unknown";
}

std::optional<DeviceKind> kind_from_name(std::string_view name) {
  for (const DeviceKind k : {DeviceKind::force_plate, DeviceKind::emg, DeviceKind::analog_plate}) {
    if (name == kind_name(k)) return k;
  }
  return std::nullopt;
}

std::optional<SampleFormat> format_from_name(std::string_view name) {
  for (const SampleFormat f : {SampleFormat::int16, SampleFormat::int24, SampleFormat::float32}) {
    if (name == to_string(f)) return f;
  }
  return std::nullopt;
}

std::optional<Quantity> quantity_from_name(std::string_view name) {
  for (int q = 0; q <= static_cast<int>(Quantity::other); ++q) {
    if (name == to_string(static_cast<Quantity>(q))) return static_cast<Quantity>(q);
  }
  return std::nullopt;
}

// ---- USB ----

ControlSetup to_setup(const Command& c) {
  ControlSetup s;
  s.request = static_cast<std::uint8_t>(c.request);
  switch (c.request) {
    case Request::identify: s.length = kIdentityBytes; break;
    case Request::get_stream:
      s.index = c.stream;
      s.length = kStreamDescriptorBytes;
      break;
    case Request::get_channel:
      s.value = c.stream;
      s.index = c.channel;
      s.length = kChannelDescriptorBytes;
      break;
    case Request::set_rate:
      s.request_type = kRequestTypeOut;
      s.value = c.rate_hz;
      s.index = c.stream;
      break;
    case Request::start:
    case Request::stop: s.request_type = kRequestTypeOut; break;
  }
  return s;
}

ParseResult<Command> parse_setup(const ControlSetup& s) {
  if (s.request < static_cast<std::uint8_t>(Request::identify) ||
      s.request > static_cast<std::uint8_t>(Request::stop)) {
    return failed<Command>(
        fmt::format("setup: bRequest 0x{:02X} is not a stridecue request "
                    "(0x01-0x06)",
                    s.request));
  }
  Command c;
  c.request = static_cast<Request>(s.request);
  const std::string_view name = to_string(c.request);
  const Command shape = [&] {
    Command probe;
    probe.request = c.request;
    return probe;
  }();
  const ControlSetup expected = to_setup(shape);
  if (s.request_type != expected.request_type) {
    return failed<Command>(fmt::format("setup {}: bmRequestType 0x{:02X}, expected 0x{:02X}", name,
                                       s.request_type, expected.request_type));
  }
  if (s.length != expected.length) {
    return failed<Command>(
        fmt::format("setup {}: wLength {}, expected {}", name, s.length, expected.length));
  }
  const auto stream_from = [&](std::uint16_t v, std::string_view where) -> std::string {
    if (v >= kMaxStreams) {
      return fmt::format("setup {}: {} {} is not a stream index (0-{})", name, where, v,
                         kMaxStreams - 1);
    }
    c.stream = static_cast<std::uint8_t>(v);
    return {};
  };
  std::string error;
  switch (c.request) {
    case Request::identify:
    case Request::start:
    case Request::stop:
      if (s.value != 0 || s.index != 0) {
        error = fmt::format("setup {}: wValue {} and wIndex {} must be 0", name, s.value, s.index);
      }
      break;
    case Request::get_stream:
      if (s.value != 0) error = fmt::format("setup {}: wValue {} must be 0", name, s.value);
      if (error.empty()) error = stream_from(s.index, "wIndex");
      break;
    case Request::get_channel:
      error = stream_from(s.value, "wValue");
      if (error.empty() && s.index >= kMaxChannels) {
        error = fmt::format("setup {}: wIndex {} is not a channel index (0-{})", name, s.index,
                            kMaxChannels - 1);
      }
      c.channel = s.index;
      break;
    case Request::set_rate:
      error = stream_from(s.index, "wIndex");
      if (error.empty() && s.value == 0) error = fmt::format("setup {}: wValue (rate) 0 Hz", name);
      c.rate_hz = s.value;
      break;
  }
  if (!error.empty()) return failed<Command>(std::move(error));
  return {c, {}};
}

std::array<std::uint8_t, kIdentityBytes> encode_identity(const Identity& id) {
  if (const std::string problem = identity_problem(id); !problem.empty()) {
    throw std::invalid_argument("identity: " + problem);
  }
  require_text("identity serial", id.serial, kSerialChars, true);
  require_text("identity model", id.model, kModelChars, false);
  require_text("identity firmware", id.firmware, kFirmwareChars, true);
  std::array<std::uint8_t, kIdentityBytes> b{};
  b[0] = id.protocol_version;
  b[1] = static_cast<std::uint8_t>(id.kind);
  b[2] = id.streams;
  put_text(b.data() + 4, id.serial, kSerialChars);
  put_text(b.data() + 20, id.model, kModelChars);
  put_text(b.data() + 44, id.firmware, kFirmwareChars);
  return b;
}

ParseResult<Identity> parse_identity(std::span<const std::uint8_t> b) {
  if (b.size() != kIdentityBytes) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: {} bytes, expected {}", b.size(), kIdentityBytes));
  }
  Identity id;
  id.protocol_version = b[0];
  if (id.protocol_version != kVersion) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: protocol version {} at byte 0, this "
                    "host speaks version {}",
                    b[0], kVersion));
  }
  if (!known_kind(b[1])) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: device kind {} at byte 1 is not 1-3", b[1]));
  }
  id.kind = static_cast<DeviceKind>(b[1]);
  id.streams = b[2];
  if (id.streams == 0 || id.streams > kMaxStreams) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: stream count {} at byte 2 is not 1-{}", b[2], kMaxStreams));
  }
  std::string error;
  if (!get_text(b, 4, kSerialChars, "IDENTIFY reply: serial", true, id.serial, error) ||
      !get_text(b, 20, kModelChars, "IDENTIFY reply: model", false, id.model, error) ||
      !get_text(b, 44, kFirmwareChars, "IDENTIFY reply: firmware", true, id.firmware, error)) {
    return failed<Identity>(std::move(error));
  }
  return {std::move(id), {}};
}

std::array<std::uint8_t, kStreamDescriptorBytes> encode_stream(const StreamDescriptor& s) {
  if (const std::string problem = stream_problem(s); !problem.empty()) {
    throw std::invalid_argument("stream \"" + s.name + "\": " + problem);
  }
  require_text("stream name", s.name, kStreamNameChars, false);
  std::array<std::uint8_t, kStreamDescriptorBytes> b{};
  put_text(b.data(), s.name, kStreamNameChars);
  put_f32(b.data() + 16, s.rate_hz);
  put_u16(b.data() + 20, s.channels);
  b[22] = static_cast<std::uint8_t>(s.format);
  put_u16(b.data() + 24, s.samples_per_frame);
  return b;
}

ParseResult<StreamDescriptor> parse_stream(std::span<const std::uint8_t> b) {
  constexpr std::string_view what = "GET_STREAM reply";
  if (b.size() != kStreamDescriptorBytes) {
    return failed<StreamDescriptor>(
        fmt::format("{}: {} bytes, expected {}", what, b.size(), kStreamDescriptorBytes));
  }
  StreamDescriptor s;
  std::string error;
  if (!get_text(b, 0, kStreamNameChars, "GET_STREAM reply: name", false, s.name, error)) {
    return failed<StreamDescriptor>(std::move(error));
  }
  s.rate_hz = get_f32(b.data() + 16);
  if (!std::isfinite(s.rate_hz) || s.rate_hz <= 0.0f || s.rate_hz > kMaxRateHz) {
    return failed<StreamDescriptor>(
        fmt::format("{}: rate {} Hz at byte 16 is not in (0, {}]", what, s.rate_hz, kMaxRateHz));
  }
  s.channels = get_u16(b.data() + 20);
  if (s.channels == 0 || s.channels > kMaxChannels) {
    return failed<StreamDescriptor>(
        fmt::format("{}: channels {} at byte 20 is not 1-{}", what, s.channels, kMaxChannels));
  }
  if (!known_format(b[22])) {
    return failed<StreamDescriptor>(
        fmt::format("{}: sample format {} at byte 22 is not 1-3", what, b[22]));
  }
  s.format = static_cast<SampleFormat>(b[22]);
  s.samples_per_frame = get_u16(b.data() + 24);
  if (s.samples_per_frame == 0 || s.samples_per_frame > kMaxSamplesPerFrame) {
    return failed<StreamDescriptor>(fmt::format("{}: samples per frame {} at byte 24 is not 1-{}",
                                                what, s.samples_per_frame, kMaxSamplesPerFrame));
  }
  return {std::move(s), {}};
}

std::array<std::uint8_t, kChannelDescriptorBytes> encode_channel(const ChannelDescriptor& c) {
  if (const std::string problem = channel_problem(c); !problem.empty()) {
    throw std::invalid_argument("channel \"" + c.name + "\": " + problem);
  }
  require_text("channel name", c.name, kChannelNameChars, false);
  require_text("channel muscle", c.muscle, kMuscleChars, true);
  require_text("channel unit", c.unit, kUnitChars, true);
  std::array<std::uint8_t, kChannelDescriptorBytes> b{};
  put_text(b.data(), c.name, kChannelNameChars);
  b[24] = static_cast<std::uint8_t>(c.quantity);
  b[25] = c.plate ? static_cast<std::uint8_t>(*c.plate) : kNone;
  b[26] = c.side ? static_cast<std::uint8_t>(*c.side) : kNone;
  put_f32(b.data() + 28, c.scale);
  put_f32(b.data() + 32, c.offset);
  put_text(b.data() + 36, c.muscle, kMuscleChars);
  put_text(b.data() + 48, c.unit, kUnitChars);
  return b;
}

ParseResult<ChannelDescriptor> parse_channel(std::span<const std::uint8_t> b) {
  constexpr std::string_view what = "GET_CHANNEL reply";
  if (b.size() != kChannelDescriptorBytes) {
    return failed<ChannelDescriptor>(
        fmt::format("{}: {} bytes, expected {}", what, b.size(), kChannelDescriptorBytes));
  }
  ChannelDescriptor c;
  std::string error;
  if (!get_text(b, 0, kChannelNameChars, "GET_CHANNEL reply: name", false, c.name, error) ||
      !get_text(b, 36, kMuscleChars, "GET_CHANNEL reply: muscle", true, c.muscle, error) ||
      !get_text(b, 48, kUnitChars, "GET_CHANNEL reply: unit", true, c.unit, error)) {
    return failed<ChannelDescriptor>(std::move(error));
  }
  if (b[24] > static_cast<std::uint8_t>(Quantity::other)) {
    return failed<ChannelDescriptor>(
        fmt::format("{}: quantity {} at byte 24 is not 0-7", what, b[24]));
  }
  c.quantity = static_cast<Quantity>(b[24]);
  if (b[25] != kNone) {
    if (b[25] > static_cast<std::uint8_t>(Plate::floor8)) {
      return failed<ChannelDescriptor>(
          fmt::format("{}: plate {} at byte 25 is not 0-10 or 255 (none)", what, b[25]));
    }
    c.plate = static_cast<Plate>(b[25]);
  }
  if (b[26] != kNone) {
    if (b[26] > static_cast<std::uint8_t>(Side::right)) {
      return failed<ChannelDescriptor>(
          fmt::format("{}: side {} at byte 26 is not 0-1 or 255 (none)", what, b[26]));
    }
    c.side = static_cast<Side>(b[26]);
  }
  c.scale = get_f32(b.data() + 28);
  c.offset = get_f32(b.data() + 32);
  if (!std::isfinite(c.scale) || c.scale == 0.0f) {
    return failed<ChannelDescriptor>(
        fmt::format("{}: scale {} at byte 28 is not a finite non-zero number", what, c.scale));
  }
  if (!std::isfinite(c.offset)) {
    return failed<ChannelDescriptor>(
        fmt::format("{}: offset {} at byte 32 is not finite", what, c.offset));
  }
  if (const std::string problem = channel_problem(c); !problem.empty()) {
    return failed<ChannelDescriptor>(fmt::format("{}: {} (bytes 24-26)", what, problem));
  }
  return {std::move(c), {}};
}

// ---- serial ----

std::string encode_command_line(const Command& c) {
  switch (c.request) {
    case Request::identify:
    case Request::start:
    case Request::stop: return fmt::format("{}\r\n", to_string(c.request));
    case Request::get_stream: return fmt::format("GET_STREAM {}\r\n", c.stream);
    case Request::get_channel: return fmt::format("GET_CHANNEL {} {}\r\n", c.stream, c.channel);
    case Request::set_rate: return fmt::format("SET_RATE {} {}\r\n", c.stream, c.rate_hz);
  }
  throw std::invalid_argument(
      fmt::format("command: unknown request {}", static_cast<int>(c.request)));
}

ParseResult<Command> parse_command_line(std::string_view line) {
  std::vector<std::string_view> words;
  std::string error;
  if (!split_line(line, words, error)) return failed<Command>("command: " + error);
  const std::optional<Request> request = request_from_name(words[0]);
  if (!request) {
    return failed<Command>(
        fmt::format("command: \"{}\" is not IDENTIFY, GET_STREAM, "
                    "GET_CHANNEL, SET_RATE, START or STOP",
                    words[0]));
  }
  Command c;
  c.request = *request;
  const std::string_view name = words[0];
  std::size_t arguments = 0;
  if (c.request == Request::get_stream) arguments = 1;
  if (c.request == Request::get_channel || c.request == Request::set_rate) arguments = 2;
  if (words.size() != 1 + arguments) {
    return failed<Command>(
        fmt::format("{}: {} arguments, expected {}", name, words.size() - 1, arguments));
  }
  if (arguments > 0 && !parse_uint<std::uint8_t>(words[1], kMaxStreams - 1, c.stream)) {
    return failed<Command>(
        fmt::format("{}: stream \"{}\" is not a number 0-{}", name, words[1], kMaxStreams - 1));
  }
  if (c.request == Request::get_channel &&
      !parse_uint<std::uint16_t>(words[2], kMaxChannels - 1, c.channel)) {
    return failed<Command>(
        fmt::format("{}: channel \"{}\" is not a number 0-{}", name, words[2], kMaxChannels - 1));
  }
  if (c.request == Request::set_rate &&
      (!parse_uint<std::uint16_t>(words[2], 65535, c.rate_hz) || c.rate_hz == 0)) {
    return failed<Command>(
        fmt::format("{}: rate \"{}\" is not a whole number of Hz 1-65535", name, words[2]));
  }
  return {c, {}};
}

std::string encode_identity_line(const Identity& id) {
  encode_identity(id);  // validates every field
  return fmt::format("OK IDENTIFY version={} kind={} streams={} serial={} model={} firmware={}\r\n",
                     id.protocol_version, kind_name(id.kind), id.streams, text_or_dash(id.serial),
                     id.model, text_or_dash(id.firmware));
}

std::string encode_stream_line(std::uint8_t stream, const StreamDescriptor& s) {
  encode_stream(s);
  return fmt::format("OK STREAM {} name={} rate={} channels={} format={} samples={}\r\n", stream,
                     s.name, s.rate_hz, s.channels, to_string(s.format), s.samples_per_frame);
}

std::string encode_channel_line(std::uint8_t stream, std::uint16_t channel,
                                const ChannelDescriptor& c) {
  encode_channel(c);
  return fmt::format(
      "OK CHANNEL {} {} name={} quantity={} plate={} side={} muscle={} unit={} scale={} "
      "offset={}\r\n",
      stream, channel, c.name, to_string(c.quantity),
      c.plate ? to_string(*c.plate) : std::string_view("-"),
      c.side ? to_string(*c.side) : std::string_view("-"), text_or_dash(c.muscle),
      text_or_dash(c.unit), c.scale, c.offset);
}

std::string encode_ack_line(const Command& c) {
  if (c.request == Request::set_rate) {
    return fmt::format("OK SET_RATE {} {}\r\n", c.stream, c.rate_hz);
  }
  return fmt::format("OK {}\r\n", to_string(c.request));
}

std::string encode_error_line(Request request, std::string_view text) {
  std::string clean(text.substr(0, kMaxLineChars - 16));
  std::replace_if(
      clean.begin(), clean.end(),
      [](char ch) {
        return static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7F;
      },
      ' ');
  return fmt::format("ERR {} {}\r\n", to_string(request), clean);
}

ParseResult<Identity> parse_identity_line(std::string_view line) {
  Fields f;
  std::string error;
  if (!reply_fields(line, Request::identify, "IDENTIFY", {}, f, error)) {
    return failed<Identity>(std::move(error));
  }
  constexpr Request r = Request::identify;
  Identity id;
  std::string_view v;
  if (!field(f, r, "version", v, error)) return failed<Identity>(std::move(error));
  if (!parse_uint<std::uint8_t>(v, 255, id.protocol_version) || id.protocol_version != kVersion) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: version={}, this host speaks version {}", v, kVersion));
  }
  if (!field(f, r, "kind", v, error)) return failed<Identity>(std::move(error));
  const std::optional<DeviceKind> kind = kind_from_name(v);
  if (!kind) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: kind={} is not force_plate, emg or analog_plate", v));
  }
  id.kind = *kind;
  if (!field(f, r, "streams", v, error)) return failed<Identity>(std::move(error));
  if (!parse_uint<std::uint8_t>(v, kMaxStreams, id.streams) || id.streams == 0) {
    return failed<Identity>(
        fmt::format("IDENTIFY reply: streams={} is not a number 1-{}", v, kMaxStreams));
  }
  if (!text_field(f, r, "serial", kSerialChars, true, id.serial, error) ||
      !text_field(f, r, "model", kModelChars, false, id.model, error) ||
      !text_field(f, r, "firmware", kFirmwareChars, true, id.firmware, error)) {
    return failed<Identity>(std::move(error));
  }
  return {std::move(id), {}};
}

ParseResult<StreamDescriptor> parse_stream_line(std::string_view line, std::uint8_t stream) {
  Fields f;
  std::string error;
  const std::string index = std::to_string(stream);
  const std::string_view fixed[] = {index};
  constexpr Request r = Request::get_stream;
  if (!reply_fields(line, r, "STREAM", fixed, f, error)) {
    return failed<StreamDescriptor>(std::move(error));
  }
  StreamDescriptor s;
  std::string_view v;
  if (!text_field(f, r, "name", kStreamNameChars, false, s.name, error)) {
    return failed<StreamDescriptor>(std::move(error));
  }
  if (!field(f, r, "rate", v, error)) return failed<StreamDescriptor>(std::move(error));
  if (!parse_float(v, s.rate_hz)) {
    return failed<StreamDescriptor>(fmt::format("GET_STREAM reply: rate={} is not a number", v));
  }
  if (!field(f, r, "channels", v, error)) return failed<StreamDescriptor>(std::move(error));
  if (!parse_uint<std::uint16_t>(v, 65535, s.channels)) {
    return failed<StreamDescriptor>(
        fmt::format("GET_STREAM reply: channels={} is not a number", v));
  }
  if (!field(f, r, "format", v, error)) return failed<StreamDescriptor>(std::move(error));
  const std::optional<SampleFormat> format = format_from_name(v);
  if (!format) {
    return failed<StreamDescriptor>(
        fmt::format("GET_STREAM reply: format={} is not int16, int24 or float32", v));
  }
  s.format = *format;
  if (!field(f, r, "samples", v, error)) return failed<StreamDescriptor>(std::move(error));
  if (!parse_uint<std::uint16_t>(v, 65535, s.samples_per_frame)) {
    return failed<StreamDescriptor>(fmt::format("GET_STREAM reply: samples={} is not a number", v));
  }
  if (const std::string problem = stream_problem(s); !problem.empty()) {
    return failed<StreamDescriptor>("GET_STREAM reply: " + problem);
  }
  return {std::move(s), {}};
}

ParseResult<ChannelDescriptor> parse_channel_line(std::string_view line, std::uint8_t stream,
                                                  std::uint16_t channel) {
  Fields f;
  std::string error;
  const std::string stream_word = std::to_string(stream);
  const std::string channel_word = std::to_string(channel);
  const std::string_view fixed[] = {stream_word, channel_word};
  constexpr Request r = Request::get_channel;
  if (!reply_fields(line, r, "CHANNEL", fixed, f, error)) {
    return failed<ChannelDescriptor>(std::move(error));
  }
  ChannelDescriptor c;
  std::string_view v;
  if (!text_field(f, r, "name", kChannelNameChars, false, c.name, error) ||
      !text_field(f, r, "muscle", kMuscleChars, true, c.muscle, error) ||
      !text_field(f, r, "unit", kUnitChars, true, c.unit, error)) {
    return failed<ChannelDescriptor>(std::move(error));
  }
  if (!field(f, r, "quantity", v, error)) return failed<ChannelDescriptor>(std::move(error));
  const std::optional<Quantity> quantity = quantity_from_name(v);
  if (!quantity) {
    return failed<ChannelDescriptor>(fmt::format(
        "GET_CHANNEL reply: quantity={} is not fx, fy, fz, copx, copy, tz, emg or other", v));
  }
  c.quantity = *quantity;
  if (!field(f, r, "plate", v, error)) return failed<ChannelDescriptor>(std::move(error));
  if (v != "-") {
    c.plate = plate_from_string(v);
    if (!c.plate) {
      return failed<ChannelDescriptor>(fmt::format(
          "GET_CHANNEL reply: plate={} is not left, right, belt, floor1-floor8 or -", v));
    }
  }
  if (!field(f, r, "side", v, error)) return failed<ChannelDescriptor>(std::move(error));
  if (v != "-") {
    c.side = side_from_string(v);
    if (!c.side) {
      return failed<ChannelDescriptor>(
          fmt::format("GET_CHANNEL reply: side={} is not left, right or -", v));
    }
  }
  if (!field(f, r, "scale", v, error)) return failed<ChannelDescriptor>(std::move(error));
  if (!parse_float(v, c.scale)) {
    return failed<ChannelDescriptor>(fmt::format("GET_CHANNEL reply: scale={} is not a number", v));
  }
  if (!field(f, r, "offset", v, error)) return failed<ChannelDescriptor>(std::move(error));
  if (!parse_float(v, c.offset)) {
    return failed<ChannelDescriptor>(
        fmt::format("GET_CHANNEL reply: offset={} is not a number", v));
  }
  if (const std::string problem = channel_problem(c); !problem.empty()) {
    return failed<ChannelDescriptor>("GET_CHANNEL reply: " + problem);
  }
  return {std::move(c), {}};
}

std::string check_ack_line(std::string_view line, const Command& command) {
  Fields f;
  std::string error;
  std::string stream_word;
  std::string rate_word;
  std::vector<std::string_view> fixed;
  if (command.request == Request::set_rate) {
    stream_word = std::to_string(command.stream);
    rate_word = std::to_string(command.rate_hz);
    fixed = {stream_word, rate_word};
  }
  if (!reply_fields(line, command.request, to_string(command.request), fixed, f, error)) {
    return error;
  }
  if (!f.pairs.empty()) {
    return fmt::format("{} reply: unexpected words after the acknowledgement",
                       to_string(command.request));
  }
  return {};
}

}  // namespace stridecue::protocol
