// The packing of raw blocks into one row (store/block_chunk.hpp): blocks come back as they went
// in, and a damaged row is refused with what is wrong rather than read past its end.
#include <catch2/catch.hpp>
#include <cstring>
#include <limits>

#include "store/block_chunk.hpp"
#include "store/sample_blob.hpp"

using namespace stridecue;

namespace {

std::vector<float> read_floats(std::span<const unsigned char> bytes) {
  std::vector<float> out;
  decode_samples(bytes, out);
  return out;
}

}  // namespace

TEST_CASE("a chunk gives back its blocks, headers and samples, in order") {
  const std::vector<float> a = {1.0f, -0.0f, 2.5f, std::numeric_limits<float>::infinity()};
  const std::vector<float> b = {7.0f};
  const std::vector<float> c = {3.0f, 4.0f, 5.0f, 6.0f, 99.0f};  // one sample more than used
  BlockChunkBuilder builder;
  builder.add(SampleBlock{0, 1'000, -5, 2, 2, a});
  builder.add(SampleBlock{65535, std::numeric_limits<std::int64_t>::min(),
                          std::numeric_limits<std::int64_t>::max(), 1, 1, b});
  builder.add(SampleBlock{2, 3, 4, 0, 3, {}});  // an empty block is kept
  builder.add(SampleBlock{1, 0, 0, 2, 2, c});
  REQUIRE(builder.blocks() == 4);
  CHECK(builder.heads().size() == 4 * kChunkHeadBytes);
  CHECK(builder.data().size() == (4 + 1 + 0 + 4) * sizeof(float));

  BlockChunkReader reader;
  REQUIRE(reader.open(4, builder.heads(), builder.data()).empty());
  StoredBlockHead h;
  std::span<const unsigned char> bytes;
  REQUIRE(reader.next(h, bytes));
  CHECK(h.stream == 0);
  CHECK(h.frames == 2);
  CHECK(h.channels == 2);
  CHECK(h.first_sample == 1'000);
  CHECK(h.receipt_ns == -5);
  CHECK(read_floats(bytes) == a);
  CHECK(std::signbit(read_floats(bytes)[1]));
  REQUIRE(reader.next(h, bytes));
  CHECK(h.stream == 65535);
  CHECK(h.first_sample == std::numeric_limits<std::int64_t>::min());
  CHECK(h.receipt_ns == std::numeric_limits<std::int64_t>::max());
  CHECK(read_floats(bytes) == b);
  REQUIRE(reader.next(h, bytes));
  CHECK(h.frames == 0);
  CHECK(h.channels == 3);
  CHECK(bytes.empty());
  REQUIRE(reader.next(h, bytes));
  CHECK(read_floats(bytes) == std::vector<float>(c.begin(), c.begin() + 4));
  CHECK_FALSE(reader.next(h, bytes));

  // Cleared, the builder starts a new chunk.
  builder.clear();
  CHECK(builder.empty());
  builder.add(SampleBlock{3, 0, 0, 1, 1, b});
  REQUIRE(reader.open(1, builder.heads(), builder.data()).empty());
  REQUIRE(reader.next(h, bytes));
  CHECK(h.stream == 3);
  CHECK_FALSE(reader.next(h, bytes));
}

TEST_CASE("a damaged chunk is refused, saying what does not add up") {
  const std::vector<float> a = {1.0f, 2.0f, 3.0f, 4.0f};
  BlockChunkBuilder builder;
  builder.add(SampleBlock{0, 0, 0, 2, 2, a});
  builder.add(SampleBlock{1, 0, 0, 1, 2, a});
  std::vector<unsigned char> heads(builder.heads().begin(), builder.heads().end());
  std::vector<unsigned char> data(builder.data().begin(), builder.data().end());
  BlockChunkReader reader;
  StoredBlockHead h;
  std::span<const unsigned char> bytes;

  SECTION("fewer headers than blocks") {
    CHECK_THAT(reader.open(3, heads, data), Catch::Contains("64 bytes of headers"));
  }
  SECTION("samples missing") {
    data.pop_back();
    CHECK_THAT(reader.open(2, heads, data), Catch::Contains("more than the chunk's 23 bytes"));
  }
  SECTION("samples left over") {
    data.push_back(0);
    CHECK_THAT(reader.open(2, heads, data),
               Catch::Contains("holds 25 bytes of samples, its headers say 24"));
  }
  SECTION("a header claiming 2^32 - 1 frames × 2^32 - 1 channels does not wrap around") {
    std::memset(heads.data() + kChunkHeadBytes + 4, 0xff, 8);
    CHECK_THAT(reader.open(2, heads, data), Catch::Contains("block 1 of a chunk claims"));
  }
  // Refused: nothing to read.
  CHECK_FALSE(reader.next(h, bytes));
}
