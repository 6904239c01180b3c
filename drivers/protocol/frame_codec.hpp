// The stridecue device protocol's data frames (docs/protocol.md): encoding, for devices,
// bridges and tests, and a streaming decoder that finds frames in a byte stream, checks them
// and resynchronises after garbage or a corrupted frame. The same frames travel over USB bulk
// transfers, a CDC-ACM serial port or a TCP socket; the decoder does not care which.
//
// Frame layout, all fields little-endian (24-byte header, payload, CRC):
//   offset size field
//   0      4    sync            'S' 'C' 'U' 'E'
//   4      1    version         1
//   5      1    device_kind     DeviceKind
//   6      1    stream          index of the device's stream (0 … streams-1)
//   7      1    sample_format   SampleFormat
//   8      4    sequence        frame counter per stream, wraps at 2^32
//   12     8    first_sample    device sample counter of the payload's first sample row
//   20     2    channels        1 … kMaxChannels
//   22     2    samples         sample rows in this frame, 1 … kMaxSamplesPerFrame
//   24     n    payload         samples × channels values, row-major, each 2, 3 or 4 bytes
//   24+n   4    crc32c          CRC-32C (Castagnoli) of bytes 0 … 24+n-1
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace stridecue::protocol {

inline constexpr std::array<std::uint8_t, 4> kSync = {'S', 'C', 'U', 'E'};
inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 24;
inline constexpr std::size_t kCrcBytes = 4;
inline constexpr std::uint16_t kMaxChannels = 64;
inline constexpr std::uint16_t kMaxSamplesPerFrame = 1024;

enum class DeviceKind : std::uint8_t {
  force_plate = 1,   // forces in N, COP in m, free moment in N·m, as Quantity says
  emg = 2,           // surface EMG, volts after the channel's scale
  analog_plate = 3,  // a plate's raw Fx Fy Fz Mx My Mz amplifier outputs in volts
};

enum class SampleFormat : std::uint8_t { int16 = 1, int24 = 2, float32 = 3 };

// Bytes per value; 0 for a format the protocol does not define.
std::size_t bytes_per_value(SampleFormat format);
std::string_view to_string(SampleFormat format);

struct FrameHeader {
  std::uint8_t version = kVersion;
  DeviceKind kind = DeviceKind::force_plate;
  std::uint8_t stream = 0;
  SampleFormat format = SampleFormat::float32;
  std::uint32_t sequence = 0;
  std::uint64_t first_sample = 0;
  std::uint16_t channels = 0;
  std::uint16_t samples = 0;
};

// One decoded frame. Integer formats are widened to float unscaled (int24 is exact in a
// float); the device layer applies each channel's scale and offset. `values` holds
// samples × channels floats, row-major, and is valid only during the callback.
struct DecodedFrame {
  FrameHeader header;
  std::span<const float> values;
};

// CRC-32C; `crc` is the result for the bytes before these, to continue a running CRC. Uses
// the CPU's CRC-32C instruction (SSE 4.2) when there is one, else crc32c_portable.
std::uint32_t crc32c(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);
// The same by table look-up (slicing by 8), for CPUs without the instruction.
std::uint32_t crc32c_portable(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

// A whole frame for `header` and `values` (samples × channels, row-major). Integer formats
// round and clamp each value to the format's range. Throws std::invalid_argument when the
// header is out of the protocol's limits or `values` has the wrong size.
std::vector<std::uint8_t> encode_frame(const FrameHeader& header, std::span<const float> values);
// As encode_frame, appending to `out`: no allocation once `out` has the capacity.
void append_frame(const FrameHeader& header, std::span<const float> values,
                  std::vector<std::uint8_t>& out);
// Bytes of a whole frame for `header` (header, payload and CRC); 0 when out of limits.
std::size_t frame_bytes(const FrameHeader& header);

struct DecoderCounters {
  std::uint64_t frames = 0;          // good frames delivered
  std::uint64_t crc_errors = 0;      // a well-formed header whose CRC did not match
  std::uint64_t bad_headers = 0;     // sync found, header out of limits (version, sizes…),
                                     // or its length ran past a later good frame
  std::uint64_t bytes_skipped = 0;   // bytes dropped while looking for the next sync
  std::uint64_t sequence_gaps = 0;   // frames whose sequence skipped ahead of the last one
  std::uint64_t frames_missing = 0;  // sum of those skips: frames the device sent and we lost
};

// Streaming decoder. Feed it bytes as they arrive, in pieces of any size; each good frame is
// handed to the callback as soon as its last byte arrives. After a CRC error or a bad header
// it drops one byte and searches for the next sync, so one corrupted frame costs that frame
// only. Allocates only while its buffer grows to the largest frame seen, never per frame.
class FrameDecoder {
 public:
  FrameDecoder();

  template <class OnFrame>
  void feed(std::span<const std::uint8_t> bytes, OnFrame&& on_frame) {
    append(bytes);
    DecodedFrame frame;
    while (next_frame(frame))
      on_frame(static_cast<const DecodedFrame&>(frame));
  }

  const DecoderCounters& counters() const { return counters_; }
  // Forget buffered bytes and sequence history (after a reconnect).
  void reset();

 private:
  void append(std::span<const std::uint8_t> bytes);
  bool next_frame(DecodedFrame& frame);
  bool good_frame_ahead(std::size_t frame_start, std::size_t claimed_bytes);
  void drop_byte();

  std::vector<std::uint8_t> buffer_;
  std::size_t begin_ = 0;  // first unconsumed byte of buffer_
  std::vector<float> values_;
  std::array<std::int64_t, 256> last_sequence_{};  // per stream; -1: none yet
  // A corrupted header can claim a long frame and hold back the good frames behind it until
  // its bytes arrive. Once more than twice the largest good frame is buffered behind an
  // incomplete one, the decoder looks for a complete good frame inside the claimed length.
  std::size_t largest_frame_ = 0;
  std::size_t probed_up_to_ = 0;  // buffer offset the look-ahead has searched to
  DecoderCounters counters_;
};

}  // namespace stridecue::protocol
