// A block's samples as a BLOB: IEEE-754 float32, little-endian, frame-major — exactly the
// floats of SampleBlock::samples, whatever the host's byte order, so a stored session reads back
// bit for bit (NaN payloads and signed zeros included).
#pragma once

#include <span>
#include <vector>

namespace stridecue {

inline constexpr std::size_t kStoredSampleBytes = 4;

// Appends the samples' bytes to what `bytes` holds.
void append_samples(std::span<const float> samples, std::vector<unsigned char>& bytes);
// `bytes.size()` must be a multiple of kStoredSampleBytes.
void decode_samples(std::span<const unsigned char> bytes, std::vector<float>& samples);

}  // namespace stridecue
