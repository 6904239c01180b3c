// Raw sample blocks as the store keeps them since schema 2 (docs/store.md, `block_chunks`): a
// run of consecutive blocks, of any stream, in the order they arrived, packed into one row. A
// treadmill sends ~1000 blocks a second (two plates, 2 ms blocks); one row per block cost the
// recorder thread an INSERT and an index update each, the largest part of its CPU. One row per
// ~0.1 s keeps every block exactly as it came (header and float32 samples) at a fraction.
//
// A chunk is two BLOBs:
//   heads: per block kChunkHeadBytes, little-endian: stream u32, frames u32, channels u32, a
//          reserved u32 (0), first_sample i64, receipt_ns i64;
//   data:  the blocks' samples one block after the other, each frame-major float32
//          little-endian (sample_blob.hpp); a block holds frames × channels of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/sample_block.hpp"

namespace stridecue {

inline constexpr std::size_t kChunkHeadBytes = 32;

// One block's header as stored.
struct StoredBlockHead {
  std::uint32_t stream = 0;
  std::uint32_t frames = 0;
  std::uint32_t channels = 0;
  std::int64_t first_sample = 0;
  std::int64_t receipt_ns = 0;
};

// Packs blocks into a chunk's two BLOBs. Writer thread only; clear() keeps the capacity, so a
// builder reused chunk after chunk stops allocating once it has held its largest chunk.
class BlockChunkBuilder {
 public:
  // Copies the block's first frames × channels samples; `block.samples` must hold them.
  void add(const SampleBlock& block);
  void clear();

  std::size_t blocks() const { return blocks_; }
  bool empty() const { return blocks_ == 0; }
  std::size_t bytes() const { return heads_.size() + data_.size(); }
  std::span<const unsigned char> heads() const { return heads_; }
  std::span<const unsigned char> data() const { return data_; }

 private:
  std::size_t blocks_ = 0;
  std::vector<unsigned char> heads_, data_;
};

// Walks one stored chunk's blocks. The spans must stay valid while it is used (a statement's
// BLOBs stay valid until its next step).
class BlockChunkReader {
 public:
  // Checks that the BLOBs hold `block_count` heads and exactly their samples; on a mismatch
  // returns what is wrong (empty: fine) and reads no block.
  std::string open(std::int64_t block_count, std::span<const unsigned char> heads,
                   std::span<const unsigned char> data);
  // The next block's header and its samples' bytes; false after the last.
  bool next(StoredBlockHead& head, std::span<const unsigned char>& sample_bytes);

 private:
  std::span<const unsigned char> heads_, data_;
  std::size_t block_ = 0, blocks_ = 0, data_at_ = 0;
};

}  // namespace stridecue
