#include "protocol/frame_codec.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

namespace stridecue::protocol {
namespace {

// CRC-32C, reflected polynomial 0x1EDC6F41, slicing by 8: eight table look-ups per 8 bytes
// instead of eight dependent shifts, since every received byte goes through it.
constexpr std::uint32_t kCastagnoliReflected = 0x82F63B78u;

struct CrcTables {
  std::uint32_t t[8][256];
};

constexpr CrcTables make_crc_tables() {
  CrcTables tables{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc >> 1) ^ ((crc & 1u) ? kCastagnoliReflected : 0u);
    tables.t[0][i] = crc;
  }
  for (std::uint32_t i = 0; i < 256; ++i) {
    for (int k = 1; k < 8; ++k) {
      const std::uint32_t prev = tables.t[k - 1][i];
      tables.t[k][i] = (prev >> 8) ^ tables.t[0][prev & 0xFFu];
    }
  }
  return tables;
}

constexpr CrcTables kCrc = make_crc_tables();

// Before any good frame sets the scale, look ahead once this much is buffered behind an
// incomplete frame.
constexpr std::size_t kProbeAfterBytes = 512;

std::uint16_t read_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
std::uint32_t read_u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
std::uint64_t read_u64(const std::uint8_t* p) {
  return static_cast<std::uint64_t>(read_u32(p)) |
         (static_cast<std::uint64_t>(read_u32(p + 4)) << 32);
}
void put_u16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v);
  p[1] = static_cast<std::uint8_t>(v >> 8);
}
void put_u32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
void put_u64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

bool known_kind(std::uint8_t kind) {
  return kind >= static_cast<std::uint8_t>(DeviceKind::force_plate) &&
         kind <= static_cast<std::uint8_t>(DeviceKind::analog_plate);
}

// The header at `p` if it is within the protocol's limits.
bool parse_header(const std::uint8_t* p, FrameHeader& h) {
  h.version = p[4];
  if (h.version != kVersion || !known_kind(p[5])) return false;
  h.kind = static_cast<DeviceKind>(p[5]);
  h.stream = p[6];
  h.format = static_cast<SampleFormat>(p[7]);
  h.sequence = read_u32(p + 8);
  h.first_sample = read_u64(p + 12);
  h.channels = read_u16(p + 20);
  h.samples = read_u16(p + 22);
  return frame_bytes(h) != 0;
}

// Rounds and clamps to [lo, hi]; NaN becomes 0 so a broken sensor cannot make the encoder
// write an arbitrary integer.
std::int32_t to_int(float v, std::int32_t lo, std::int32_t hi) {
  if (std::isnan(v)) return 0;
  const double r = std::nearbyint(static_cast<double>(v));
  if (r <= lo) return lo;
  if (r >= hi) return hi;
  return static_cast<std::int32_t>(r);
}

void decode_payload(const std::uint8_t* p, SampleFormat format, std::size_t count, float* out) {
  switch (format) {
    case SampleFormat::int16:
      for (std::size_t i = 0; i < count; ++i, p += 2) {
        out[i] = static_cast<float>(static_cast<std::int16_t>(read_u16(p)));
      }
      break;
    case SampleFormat::int24:
      for (std::size_t i = 0; i < count; ++i, p += 3) {
        // Shift the 24 bits to the top and back down arithmetically to sign-extend.
        const std::uint32_t raw = (static_cast<std::uint32_t>(p[0]) << 8) |
                                  (static_cast<std::uint32_t>(p[1]) << 16) |
                                  (static_cast<std::uint32_t>(p[2]) << 24);
        out[i] = static_cast<float>(static_cast<std::int32_t>(raw) >> 8);
      }
      break;
    case SampleFormat::float32:
      for (std::size_t i = 0; i < count; ++i, p += 4) {
        const std::uint32_t bits = read_u32(p);
        std::memcpy(&out[i], &bits, sizeof bits);
      }
      break;
  }
}

}  // namespace

std::uint32_t crc32c_portable(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  crc = ~crc;
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 8) {
    const std::uint32_t lo = crc ^ read_u32(p);
    const std::uint32_t hi = read_u32(p + 4);
    crc = kCrc.t[7][lo & 0xFFu] ^ kCrc.t[6][(lo >> 8) & 0xFFu] ^ kCrc.t[5][(lo >> 16) & 0xFFu] ^
          kCrc.t[4][lo >> 24] ^ kCrc.t[3][hi & 0xFFu] ^ kCrc.t[2][(hi >> 8) & 0xFFu] ^
          kCrc.t[1][(hi >> 16) & 0xFFu] ^ kCrc.t[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n-- > 0)
    crc = (crc >> 8) ^ kCrc.t[0][(crc ^ *p++) & 0xFFu];
  return ~crc;
}

namespace {

#if defined(__x86_64__)
// SSE 4.2's crc32 instruction computes exactly CRC-32C, 8 bytes per instruction.
__attribute__((target("sse4.2"))) std::uint32_t crc32c_hardware(std::span<const std::uint8_t> bytes,
                                                                std::uint32_t crc) {
  std::uint64_t c = ~crc;
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, sizeof word);
    c = __builtin_ia32_crc32di(c, word);
    p += 8;
    n -= 8;
  }
  auto c32 = static_cast<std::uint32_t>(c);
  while (n-- > 0)
    c32 = __builtin_ia32_crc32qi(c32, *p++);
  return ~c32;
}
bool crc32c_hardware_available() {
  return __builtin_cpu_supports("sse4.2");
}
#else
std::uint32_t crc32c_hardware(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  return crc32c_portable(bytes, crc);
}
bool crc32c_hardware_available() {
  return false;
}
#endif

}  // namespace

std::size_t bytes_per_value(SampleFormat format) {
  switch (format) {
    case SampleFormat::int16: return 2;
    case SampleFormat::int24: return 3;
    case SampleFormat::float32: return 4;
  }
  return 0;
}

std::string_view to_string(SampleFormat format) {
  switch (format) {
    case SampleFormat::int16: return "int16";
    case SampleFormat::int24: return "int24";
    case SampleFormat::float32: return "float32";
  }
  return "unknown";
}

std::uint32_t crc32c(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  // Every received byte goes through here: use the CPU's CRC-32C instruction when it has one.
  static const bool hardware = crc32c_hardware_available();
  return hardware ? crc32c_hardware(bytes, crc) : crc32c_portable(bytes, crc);
}

std::size_t frame_bytes(const FrameHeader& header) {
  const std::size_t bpv = bytes_per_value(header.format);
  if (bpv == 0 || header.channels == 0 || header.channels > kMaxChannels || header.samples == 0 ||
      header.samples > kMaxSamplesPerFrame) {
    return 0;
  }
  return kHeaderBytes + std::size_t{header.channels} * header.samples * bpv + kCrcBytes;
}

void append_frame(const FrameHeader& header, std::span<const float> values,
                  std::vector<std::uint8_t>& out) {
  if (header.version != kVersion) {
    throw std::invalid_argument("frame header: version " + std::to_string(header.version) +
                                ", the protocol is version " + std::to_string(kVersion));
  }
  if (!known_kind(static_cast<std::uint8_t>(header.kind))) {
    throw std::invalid_argument("frame header: unknown device kind " +
                                std::to_string(static_cast<int>(header.kind)));
  }
  const std::size_t total = frame_bytes(header);
  if (total == 0) {
    throw std::invalid_argument(
        "frame header: format " + std::to_string(static_cast<int>(header.format)) + ", " +
        std::to_string(header.channels) + " channels, " + std::to_string(header.samples) +
        " samples; limits are formats 1-3, 1-" + std::to_string(kMaxChannels) + " channels, 1-" +
        std::to_string(kMaxSamplesPerFrame) + " samples");
  }
  const std::size_t count = std::size_t{header.channels} * header.samples;
  if (values.size() != count) {
    throw std::invalid_argument("frame values: " + std::to_string(values.size()) + " values for " +
                                std::to_string(header.samples) + " samples × " +
                                std::to_string(header.channels) + " channels");
  }
  const std::size_t start = out.size();
  out.resize(start + total);
  std::uint8_t* p = out.data() + start;
  std::copy(kSync.begin(), kSync.end(), p);
  p[4] = header.version;
  p[5] = static_cast<std::uint8_t>(header.kind);
  p[6] = header.stream;
  p[7] = static_cast<std::uint8_t>(header.format);
  put_u32(p + 8, header.sequence);
  put_u64(p + 12, header.first_sample);
  put_u16(p + 20, header.channels);
  put_u16(p + 22, header.samples);
  std::uint8_t* q = p + kHeaderBytes;
  for (const float v : values) {
    switch (header.format) {
      case SampleFormat::int16:
        put_u16(q, static_cast<std::uint16_t>(to_int(v, -32768, 32767)));
        q += 2;
        break;
      case SampleFormat::int24: {
        const auto raw = static_cast<std::uint32_t>(to_int(v, -8388608, 8388607));
        q[0] = static_cast<std::uint8_t>(raw);
        q[1] = static_cast<std::uint8_t>(raw >> 8);
        q[2] = static_cast<std::uint8_t>(raw >> 16);
        q += 3;
        break;
      }
      case SampleFormat::float32: {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &v, sizeof bits);
        put_u32(q, bits);
        q += 4;
        break;
      }
    }
  }
  put_u32(q, crc32c({p, total - kCrcBytes}));
}

std::vector<std::uint8_t> encode_frame(const FrameHeader& header, std::span<const float> values) {
  std::vector<std::uint8_t> out;
  append_frame(header, values, out);
  return out;
}

FrameDecoder::FrameDecoder() {
  last_sequence_.fill(-1);
}

void FrameDecoder::reset() {
  buffer_.clear();
  begin_ = 0;
  probed_up_to_ = 0;
  last_sequence_.fill(-1);
}

void FrameDecoder::append(std::span<const std::uint8_t> bytes) {
  if (begin_ > 0) {
    // Move the unconsumed tail (at most one partial frame) to the front; erase keeps capacity.
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(begin_));
    probed_up_to_ = probed_up_to_ > begin_ ? probed_up_to_ - begin_ : 0;
    begin_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

void FrameDecoder::drop_byte() {
  ++begin_;
  ++counters_.bytes_skipped;
}

bool FrameDecoder::good_frame_ahead(std::size_t frame_start, std::size_t claimed_bytes) {
  const std::size_t end = std::min(buffer_.size(), frame_start + claimed_bytes);
  std::size_t pos = std::max(probed_up_to_, frame_start + 1);
  for (; pos + kHeaderBytes <= end; ++pos) {
    const std::uint8_t* p = buffer_.data() + pos;
    if (std::memcmp(p, kSync.data(), kSync.size()) != 0) continue;
    FrameHeader h;
    if (!parse_header(p, h)) continue;
    const std::size_t total = frame_bytes(h);
    if (pos + total > buffer_.size()) break;  // not complete yet: look again when it is
    if (crc32c({p, total - kCrcBytes}) == read_u32(p + total - kCrcBytes)) return true;
  }
  probed_up_to_ = pos;
  return false;
}

bool FrameDecoder::next_frame(DecodedFrame& frame) {
  for (;;) {
    // Find the next sync, keeping a partial one at the end of the buffer.
    const std::size_t size = buffer_.size();
    std::size_t pos = begin_;
    while (pos < size) {
      const std::size_t n = std::min(kSync.size(), size - pos);
      if (std::memcmp(buffer_.data() + pos, kSync.data(), n) == 0) break;
      ++pos;
    }
    counters_.bytes_skipped += pos - begin_;
    begin_ = pos;
    if (size - begin_ < kHeaderBytes) return false;

    const std::uint8_t* p = buffer_.data() + begin_;
    FrameHeader& h = frame.header;
    if (!parse_header(p, h)) {
      ++counters_.bad_headers;
      drop_byte();
      continue;
    }
    const std::size_t total = frame_bytes(h);
    if (size - begin_ < total) {
      if (size - begin_ > 2 * std::max(largest_frame_, kProbeAfterBytes) &&
          good_frame_ahead(begin_, total)) {
        ++counters_.bad_headers;
        drop_byte();
        continue;
      }
      return false;
    }
    if (crc32c({p, total - kCrcBytes}) != read_u32(p + total - kCrcBytes)) {
      ++counters_.crc_errors;
      drop_byte();
      continue;
    }

    const std::size_t count = std::size_t{h.channels} * h.samples;
    if (values_.size() < count) values_.resize(count);
    decode_payload(p + kHeaderBytes, h.format, count, values_.data());
    frame.values = std::span<const float>(values_.data(), count);

    std::int64_t& last = last_sequence_[h.stream];
    if (last >= 0) {
      const std::uint32_t skipped = h.sequence - static_cast<std::uint32_t>(last) - 1u;
      // A huge skip is a sequence that went back (a device restart or a repeat), not a loss.
      if (skipped != 0 && skipped < 0x80000000u) {
        ++counters_.sequence_gaps;
        counters_.frames_missing += skipped;
      }
    }
    last = h.sequence;
    ++counters_.frames;
    largest_frame_ = std::max(largest_frame_, total);
    begin_ += total;
    probed_up_to_ = 0;
    return true;
  }
}

}  // namespace stridecue::protocol
