#include "store/sample_blob.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>

namespace stridecue {

static_assert(sizeof(float) == kStoredSampleBytes && std::numeric_limits<float>::is_iec559,
              "the store keeps samples as IEEE-754 float32");

void append_samples(std::span<const float> samples, std::vector<unsigned char>& bytes) {
  const std::size_t at = bytes.size();
  bytes.resize(at + samples.size() * kStoredSampleBytes);
  unsigned char* out = bytes.data() + at;
  if constexpr (std::endian::native == std::endian::little) {
    if (!samples.empty()) std::memcpy(out, samples.data(), samples.size() * kStoredSampleBytes);
  } else {
    for (std::size_t i = 0; i < samples.size(); ++i) {
      const auto bits = std::bit_cast<std::uint32_t>(samples[i]);
      for (std::size_t b = 0; b < kStoredSampleBytes; ++b)
        out[i * kStoredSampleBytes + b] = static_cast<unsigned char>(bits >> (8 * b));
    }
  }
}

void decode_samples(std::span<const unsigned char> bytes, std::vector<float>& samples) {
  samples.resize(bytes.size() / kStoredSampleBytes);
  if constexpr (std::endian::native == std::endian::little) {
    if (!samples.empty()) std::memcpy(samples.data(), bytes.data(), samples.size() * 4);
  } else {
    for (std::size_t i = 0; i < samples.size(); ++i) {
      std::uint32_t bits = 0;
      for (std::size_t b = 0; b < kStoredSampleBytes; ++b)
        bits |= static_cast<std::uint32_t>(bytes[i * kStoredSampleBytes + b]) << (8 * b);
      samples[i] = std::bit_cast<float>(bits);
    }
  }
}

}  // namespace stridecue
