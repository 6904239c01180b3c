// The stridecue device protocol's control messages (docs/protocol.md): how a host learns what
// a device measures and starts or stops it. Over USB they are vendor requests on endpoint 0
// with fixed little-endian replies; over a serial port the same requests travel as CR LF
// terminated ASCII lines with one-line replies. A device sends data frames only after START.
//
// Every encoder here has a validating parser for the other direction, so the host, the
// simulator and firmware tests share one definition. Parsers never throw: they return an
// error naming the field and its byte offset (binary) or the word (serial lines).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "protocol/frame_codec.hpp"

namespace stridecue::protocol {

// USB identity. The product IDs are provisional: not yet registered with pid.codes.
inline constexpr std::uint16_t kUsbVendorId = 0x1209;
inline constexpr std::uint16_t kUsbProductIdVendorClass = 0x5CE0;  // bulk IN 0x81, OUT 0x02
inline constexpr std::uint16_t kUsbProductIdSerial = 0x5CE1;       // CDC-ACM variant
inline constexpr std::uint8_t kBulkInEndpoint = 0x81;
inline constexpr std::uint8_t kBulkOutEndpoint = 0x02;

// bmRequestType: vendor request to the device, data stage device-to-host / host-to-device.
inline constexpr std::uint8_t kRequestTypeIn = 0xC0;
inline constexpr std::uint8_t kRequestTypeOut = 0x40;

enum class Request : std::uint8_t {
  identify = 0x01,     // IN, 64 bytes: Identity
  get_stream = 0x02,   // IN, 32 bytes: StreamDescriptor of stream wIndex
  get_channel = 0x03,  // IN, 64 bytes: ChannelDescriptor of stream wValue, channel wIndex
  set_rate = 0x04,     // OUT, no data: stream wIndex samples at wValue Hz
  start = 0x05,        // OUT, no data: every stream starts sending frames, counters at 0
  stop = 0x06,         // OUT, no data: every stream stops
};
std::string_view to_string(Request request);  // "IDENTIFY", "GET_STREAM", ...

inline constexpr std::size_t kIdentityBytes = 64;
inline constexpr std::size_t kStreamDescriptorBytes = 32;
inline constexpr std::size_t kChannelDescriptorBytes = 64;

// Fixed-size text fields: printable ASCII without spaces or '=', NUL-padded; these are their
// widths in bytes, and so the longest text each may hold.
inline constexpr std::size_t kSerialChars = 16;
inline constexpr std::size_t kModelChars = 24;
inline constexpr std::size_t kFirmwareChars = 16;
inline constexpr std::size_t kStreamNameChars = 16;
inline constexpr std::size_t kChannelNameChars = 24;
inline constexpr std::size_t kMuscleChars = 12;
inline constexpr std::size_t kUnitChars = 8;

struct Identity {
  std::uint8_t protocol_version = kVersion;
  DeviceKind kind = DeviceKind::force_plate;
  std::uint8_t streams = 1;  // 1 … kMaxStreams
  std::string serial;        // "0042"
  std::string model;         // "SC-FP2"
  std::string firmware;      // "1.0.3"
};
inline constexpr std::uint8_t kMaxStreams = 8;

struct StreamDescriptor {
  std::string name;            // "force", "emg"
  float rate_hz = 1000.0f;     // > 0
  std::uint16_t channels = 1;  // 1 … kMaxChannels
  SampleFormat format = SampleFormat::float32;
  std::uint16_t samples_per_frame = 1;  // nominal rows per frame, 1 … kMaxSamplesPerFrame
};

// value = raw * scale + offset gives the channel in SI units (N, m, N·m, V).
struct ChannelDescriptor {
  std::string name;  // "left_fz"
  Quantity quantity = Quantity::other;
  std::optional<Plate> plate;  // force and COP channels
  std::optional<Side> side;    // EMG channels
  std::string muscle;          // EMG channels: "gmed"
  std::string unit;            // informational: "N", "m", "Nm", "V"
  float scale = 1.0f;          // finite, non-zero
  float offset = 0.0f;         // finite
};

// A parser's answer: the value, or an error naming what was wrong and where.
template <class T>
struct ParseResult {
  std::optional<T> value;
  std::string error;
  explicit operator bool() const { return value.has_value(); }
};

// ---- USB: setup packets and binary replies --------------------------------------------

struct ControlSetup {
  std::uint8_t request_type = kRequestTypeIn;
  std::uint8_t request = 0;
  std::uint16_t value = 0;
  std::uint16_t index = 0;
  std::uint16_t length = 0;  // wLength: bytes of the data stage
};

// A request as both transports carry it.
struct Command {
  Request request = Request::identify;
  std::uint8_t stream = 0;    // get_stream, get_channel, set_rate
  std::uint16_t channel = 0;  // get_channel
  std::uint16_t rate_hz = 0;  // set_rate, 1 … 65535
};

ControlSetup to_setup(const Command& command);
// For devices and simulators: the command a setup packet asks for, or why it is invalid.
ParseResult<Command> parse_setup(const ControlSetup& setup);

// Encoders throw std::invalid_argument naming the field when a value does not fit the layout.
std::array<std::uint8_t, kIdentityBytes> encode_identity(const Identity& identity);
std::array<std::uint8_t, kStreamDescriptorBytes> encode_stream(const StreamDescriptor& stream);
std::array<std::uint8_t, kChannelDescriptorBytes> encode_channel(const ChannelDescriptor& channel);

ParseResult<Identity> parse_identity(std::span<const std::uint8_t> bytes);
ParseResult<StreamDescriptor> parse_stream(std::span<const std::uint8_t> bytes);
ParseResult<ChannelDescriptor> parse_channel(std::span<const std::uint8_t> bytes);

// ---- Serial: ASCII lines ------------------------------------------------------------------
// Host to device: "IDENTIFY", "GET_STREAM 0", "GET_CHANNEL 0 3", "SET_RATE 0 1000", "START",
// "STOP". Device to host: "OK IDENTIFY version=1 kind=force_plate streams=1 serial=0042
// model=SC-FP2 firmware=1.0.3", "OK STREAM 0 name=force rate=1000 channels=12 format=float32
// samples=2", "OK CHANNEL 0 3 name=left_fz quantity=force_z plate=left side=- muscle=- unit=N
// scale=1 offset=0", "OK SET_RATE 0 1000", "OK START", "OK STOP", or "ERR <REQUEST> <text>".
// Every line ends in CR LF; parsers accept the line with or without it.

inline constexpr std::size_t kMaxLineChars = 255;  // without CR LF

std::string encode_command_line(const Command& command);
ParseResult<Command> parse_command_line(std::string_view line);

std::string encode_identity_line(const Identity& identity);
std::string encode_stream_line(std::uint8_t stream, const StreamDescriptor& descriptor);
std::string encode_channel_line(std::uint8_t stream, std::uint16_t channel,
                                const ChannelDescriptor& descriptor);
// "OK SET_RATE 0 1000", "OK START", "OK STOP".
std::string encode_ack_line(const Command& command);
// "ERR GET_STREAM no such stream 3"; `text` loses its line breaks.
std::string encode_error_line(Request request, std::string_view text);

// Each reply parser expects the reply to one request; an "ERR" line becomes an error that
// quotes the device's text.
ParseResult<Identity> parse_identity_line(std::string_view line);
ParseResult<StreamDescriptor> parse_stream_line(std::string_view line, std::uint8_t stream);
ParseResult<ChannelDescriptor> parse_channel_line(std::string_view line, std::uint8_t stream,
                                                  std::uint16_t channel);
// Empty when `line` acknowledges `command`, else what was wrong.
std::string check_ack_line(std::string_view line, const Command& command);

// Wire codes and names shared by both encodings ("force_plate", "force_z", "left" …).
std::string_view kind_name(DeviceKind kind);
std::optional<DeviceKind> kind_from_name(std::string_view name);
std::optional<SampleFormat> format_from_name(std::string_view name);
std::optional<Quantity> quantity_from_name(std::string_view name);

}  // namespace stridecue::protocol
