// A stored session's blocks come back bit for bit, in their original order, with their layout;
// a session that cannot be read fails with the reason.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>

#include "store/stored_session_source.hpp"
#include "store_fixtures.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

bool same_bits(const std::vector<float>& a, std::span<const float> b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

}  // namespace

TEST_CASE("stored blocks replay bit for bit, in their original order") {
  TempDir dir("store-blocks");
  const std::string path = dir / "s.db";
  const float nan_payload = std::bit_cast<float>(std::uint32_t{0x7fc0'1234});
  const std::vector<OwnedBlock> blocks = {
      {0, 0, 1'000, 2, 2, {1.0f, -0.0f, std::numeric_limits<float>::denorm_min(), 3.5f}},
      {1, 0, 1'001, 3, 1, {nan_payload, std::numeric_limits<float>::infinity(), -1e-30f}},
      {1, 3, 2'000, 0, 1, {}},  // an empty block is kept too
      {0, 2, 2'001, 1, 2, {1e30f, -7.25f}},
  };
  std::int64_t id = 0;
  {
    StoreOptions o;
    o.path = path;
    SessionStore store(o);
    id = store.begin_session("alice", "{}", two_stream_layout(0.5)).id;
    store.begin_session("bob", "{}", two_stream_layout(0.5));  // its blocks must not leak in
    for (const OwnedBlock& b : blocks) {
      store.add_block(id, b.view());
      store.add_block(id + 1, b.view());
    }
  }
  StoredSessionSource source(path, id);
  REQUIRE(source.failure().empty());
  REQUIRE(source.layout().streams.size() == 2);
  CHECK(source.layout().streams[1].start_time_s == 0.5);
  CHECK(source.layout().streams[1].channels[0].side == Side::left);
  SampleBlock block;
  for (const OwnedBlock& want : blocks) {
    REQUIRE(source.next(block) == SourceStatus::block);
    CHECK(block.stream == want.stream);
    CHECK(block.first_sample == want.first_sample);
    CHECK(block.receipt_ns == want.receipt_ns);
    CHECK(block.channels == want.channels);
    CHECK(block.frames == want.frames);
    CHECK(same_bits(want.samples, block.samples));
  }
  CHECK(source.next(block) == SourceStatus::end);
  CHECK(source.next(block) == SourceStatus::end);
  CHECK(source.failure().empty());
}

TEST_CASE("a stored session that cannot be read fails with the reason") {
  TempDir dir("store-source-errors");
  const std::string path = dir / "s.db";
  SECTION("no database") {
    StoredSessionSource source(path, 1);
    CHECK_THAT(source.failure(), Catch::Contains("session 1 of " + path));
    SampleBlock block;
    CHECK(source.next(block) == SourceStatus::failed);
  }
  SECTION("no such session") {
    { SessionStore store(StoreOptions{path}); }
    StoredSessionSource source(path, 7);
    CHECK_THAT(source.failure(),
               Catch::Contains("session 7 of " + path) && Catch::Contains("no such session"));
  }
  SECTION("a block the layout does not have") {
    std::int64_t id = 0;
    {
      SessionStore store(StoreOptions{path});
      id = store.begin_session("alice", "{}", two_stream_layout(0.5)).id;
      const std::vector<float> samples(3, 1.0f);
      store.add_block(id, SampleBlock{2, 0, 0, 1, 3, samples});
    }
    StoredSessionSource source(path, id);
    REQUIRE(source.failure().empty());
    SampleBlock block;
    CHECK(source.next(block) == SourceStatus::failed);
    CHECK_THAT(source.failure(), Catch::Contains("stream 2"));
    CHECK(source.next(block) == SourceStatus::failed);
  }
}
