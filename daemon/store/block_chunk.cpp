#include "store/block_chunk.hpp"

#include <fmt/format.h>

#include "store/sample_blob.hpp"

namespace stridecue {
namespace {

void put_le(std::vector<unsigned char>& out, std::uint64_t value, std::size_t bytes) {
  for (std::size_t b = 0; b < bytes; ++b)
    out.push_back(static_cast<unsigned char>(value >> (8 * b)));
}

std::uint64_t get_le(std::span<const unsigned char> in, std::size_t at, std::size_t bytes) {
  std::uint64_t value = 0;
  for (std::size_t b = 0; b < bytes; ++b)
    value |= static_cast<std::uint64_t>(in[at + b]) << (8 * b);
  return value;
}

StoredBlockHead head_at(std::span<const unsigned char> heads, std::size_t block) {
  const std::size_t at = block * kChunkHeadBytes;
  StoredBlockHead h;
  h.stream = static_cast<std::uint32_t>(get_le(heads, at, 4));
  h.frames = static_cast<std::uint32_t>(get_le(heads, at + 4, 4));
  h.channels = static_cast<std::uint32_t>(get_le(heads, at + 8, 4));
  h.first_sample = static_cast<std::int64_t>(get_le(heads, at + 16, 8));
  h.receipt_ns = static_cast<std::int64_t>(get_le(heads, at + 24, 8));
  return h;
}

std::size_t sample_bytes_of(const StoredBlockHead& h) {
  return std::size_t{h.frames} * std::size_t{h.channels} * kStoredSampleBytes;
}

}  // namespace

void BlockChunkBuilder::add(const SampleBlock& block) {
  put_le(heads_, block.stream, 4);
  put_le(heads_, block.frames, 4);
  put_le(heads_, block.channels, 4);
  put_le(heads_, 0, 4);
  put_le(heads_, static_cast<std::uint64_t>(block.first_sample), 8);
  put_le(heads_, static_cast<std::uint64_t>(block.receipt_ns), 8);
  append_samples(block.samples.first(block.frames * block.channels), data_);
  ++blocks_;
}

void BlockChunkBuilder::clear() {
  blocks_ = 0;
  heads_.clear();
  data_.clear();
}

std::string BlockChunkReader::open(std::int64_t block_count, std::span<const unsigned char> heads,
                                   std::span<const unsigned char> data) {
  heads_ = {};
  data_ = {};
  block_ = blocks_ = data_at_ = 0;
  if (block_count < 0 || heads.size() != static_cast<std::size_t>(block_count) * kChunkHeadBytes) {
    return fmt::format("a chunk of {} blocks has {} bytes of headers, not {} per block",
                       block_count, heads.size(), kChunkHeadBytes);
  }
  const auto count = static_cast<std::size_t>(block_count);
  std::size_t expected = 0;
  for (std::size_t b = 0; b < count; ++b) {
    // Checked against what is left, not summed first: a damaged header must not overflow.
    const StoredBlockHead h = head_at(heads, b);
    const std::uint64_t samples = std::uint64_t{h.frames} * std::uint64_t{h.channels};
    if (samples > (data.size() - expected) / kStoredSampleBytes) {
      return fmt::format(
          "block {} of a chunk claims {} frames × {} channels, more than the chunk's {} bytes of "
          "samples hold",
          b, h.frames, h.channels, data.size());
    }
    expected += static_cast<std::size_t>(samples) * kStoredSampleBytes;
  }
  if (expected != data.size()) {
    return fmt::format("a chunk of {} blocks holds {} bytes of samples, its headers say {}", count,
                       data.size(), expected);
  }
  heads_ = heads;
  data_ = data;
  blocks_ = count;
  return {};
}

bool BlockChunkReader::next(StoredBlockHead& head, std::span<const unsigned char>& sample_bytes) {
  if (block_ >= blocks_) return false;
  head = head_at(heads_, block_++);
  const std::size_t size = sample_bytes_of(head);
  sample_bytes = data_.subspan(data_at_, size);
  data_at_ += size;
  return true;
}

}  // namespace stridecue
