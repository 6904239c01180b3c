// The streaming decoder: pieces of any size, garbage, corrupted frames, sequence gaps.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "frame_fixtures.hpp"
#include "protocol/frame_codec.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;
using namespace stridecue::protocol;

namespace {

struct Seen {
  std::vector<std::uint32_t> sequences;
  std::vector<float> first_values;
};

void feed(FrameDecoder& decoder, std::span<const std::uint8_t> bytes, Seen& seen) {
  decoder.feed(bytes, [&](const DecodedFrame& f) {
    seen.sequences.push_back(f.header.sequence);
    seen.first_values.push_back(f.values[0]);
  });
}

std::vector<std::uint8_t> stream_of(std::initializer_list<std::uint32_t> sequences) {
  std::vector<std::uint8_t> out;
  for (const std::uint32_t s : sequences) {
    const auto frame = test::ramp_frame(s);
    out.insert(out.end(), frame.begin(), frame.end());
  }
  return out;
}

}  // namespace

TEST_CASE("Frames fed one byte at a time decode as when fed whole", "[protocol][decoder]") {
  const auto bytes = stream_of({0, 1, 2, 3, 4});
  FrameDecoder decoder;
  Seen seen;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    feed(decoder, std::span(bytes).subspan(i, 1), seen);
    // A frame comes out exactly when its last byte arrives.
    CHECK(seen.sequences.size() == (i + 1) / test::ramp_frame(0).size());
  }
  CHECK(seen.sequences == std::vector<std::uint32_t>{0, 1, 2, 3, 4});
  CHECK(seen.first_values == std::vector<float>{0, 100, 200, 300, 400});
  CHECK(decoder.counters().frames == 5);
  CHECK(decoder.counters().bytes_skipped == 0);
}

TEST_CASE("Frames split at every pair of points decode the same", "[protocol][decoder]") {
  const auto bytes = stream_of({10, 11, 12});
  for (std::size_t a = 0; a <= bytes.size(); a += 7) {
    for (std::size_t b = a; b <= bytes.size(); b += 5) {
      FrameDecoder decoder;
      Seen seen;
      const std::span<const std::uint8_t> all(bytes);
      feed(decoder, all.subspan(0, a), seen);
      feed(decoder, all.subspan(a, b - a), seen);
      feed(decoder, all.subspan(b), seen);
      CHECK(seen.sequences == std::vector<std::uint32_t>{10, 11, 12});
    }
  }
}

TEST_CASE("Garbage before and between frames is skipped and counted", "[protocol][decoder]") {
  std::vector<std::uint8_t> bytes = {'x',  'S', 'C', 'U',
                                     0x00, 'S', 'S', 'C'};  // 8, with false syncs
  const auto f0 = test::ramp_frame(0);
  const auto f1 = test::ramp_frame(1);
  bytes.insert(bytes.end(), f0.begin(), f0.end());
  const std::vector<std::uint8_t> between = {'S', 'C', 'U', 0xFF, 0x01};  // 5
  bytes.insert(bytes.end(), between.begin(), between.end());
  bytes.insert(bytes.end(), f1.begin(), f1.end());
  bytes.push_back('S');  // a possible start of the next sync is kept, not skipped
  FrameDecoder decoder;
  Seen seen;
  feed(decoder, bytes, seen);
  CHECK(seen.sequences == std::vector<std::uint32_t>{0, 1});
  CHECK(decoder.counters().bytes_skipped == 13);
  CHECK(decoder.counters().crc_errors == 0);
  CHECK(decoder.counters().bad_headers == 0);
}

TEST_CASE("A flipped payload bit loses that frame only", "[protocol][decoder]") {
  auto bytes = stream_of({0, 1, 2});
  const std::size_t frame = test::ramp_frame(0).size();
  bytes[frame + kHeaderBytes + 5] ^= 0x10;  // inside frame 1's payload
  FrameDecoder decoder;
  Seen seen;
  feed(decoder, bytes, seen);
  CHECK(seen.sequences == std::vector<std::uint32_t>{0, 2});
  const DecoderCounters& c = decoder.counters();
  CHECK(c.frames == 2);
  CHECK(c.crc_errors == 1);
  CHECK(c.bad_headers == 0);
  CHECK(c.bytes_skipped == frame);  // the whole corrupted frame, searched byte by byte
  CHECK(c.sequence_gaps == 1);
  CHECK(c.frames_missing == 1);
}

TEST_CASE("A header out of limits is counted and the next frame decodes", "[protocol][decoder]") {
  auto bytes = stream_of({0, 1});
  bytes[20] = 0;  // frame 0 claims 0 channels
  bytes[21] = 0;
  FrameDecoder decoder;
  Seen seen;
  feed(decoder, bytes, seen);
  CHECK(seen.sequences == std::vector<std::uint32_t>{1});
  CHECK(decoder.counters().bad_headers == 1);
  CHECK(decoder.counters().crc_errors == 0);

  SECTION("so is a wrong version") {
    auto v2 = stream_of({0, 1});
    v2[4] = 2;
    FrameDecoder d2;
    Seen s2;
    feed(d2, v2, s2);
    CHECK(s2.sequences == std::vector<std::uint32_t>{1});
    CHECK(d2.counters().bad_headers == 1);
  }
}

TEST_CASE("A header claiming a long frame does not hold back the frames behind it",
          "[protocol][decoder]") {
  // 64 channels × 1024 float32 samples: 256 KiB that never come.
  auto bogus = encode_frame(test::frame_header(64, 1024, SampleFormat::float32, 99),
                            std::vector<float>(65536, 0.0f));
  bogus.resize(kHeaderBytes + 10);
  std::vector<std::uint8_t> bytes = bogus;
  std::vector<std::uint32_t> expected;
  for (std::uint32_t s = 0; s < 40; ++s) {
    const auto f = test::ramp_frame(s);
    bytes.insert(bytes.end(), f.begin(), f.end());
    expected.push_back(s);
  }
  FrameDecoder decoder;
  Seen seen;
  const std::span<const std::uint8_t> all(bytes);
  for (std::size_t at = 0; at < bytes.size(); at += 52) {
    feed(decoder, all.subspan(at, std::min<std::size_t>(52, bytes.size() - at)), seen);
  }
  CHECK(seen.sequences == expected);
  CHECK(decoder.counters().bad_headers == 1);
  CHECK(decoder.counters().bytes_skipped == bogus.size());
}

TEST_CASE("Sequence gaps are counted per stream, wrap and restart are not gaps",
          "[protocol][decoder]") {
  std::vector<std::uint8_t> bytes;
  const auto add = [&](std::uint32_t sequence, std::uint8_t stream) {
    const auto f = encode_frame(test::frame_header(1, 1, SampleFormat::int16, sequence, 0, stream),
                                std::vector<float>{1.0f});
    bytes.insert(bytes.end(), f.begin(), f.end());
  };
  add(0, 0);
  add(1, 0);
  add(5, 0);  // 3 lost
  add(0, 1);  // stream 1 has its own sequence
  add(6, 0);
  add(1, 1);
  add(0xFFFFFFFFu, 1);  // a jump of 2^32-2 is a restart, not a loss
  add(0, 1);            // wrap
  add(0, 0);            // restart of stream 0
  add(3, 1);            // 2 lost
  FrameDecoder decoder;
  Seen seen;
  feed(decoder, bytes, seen);
  CHECK(decoder.counters().frames == 10);
  CHECK(decoder.counters().sequence_gaps == 2);
  CHECK(decoder.counters().frames_missing == 5);
}

TEST_CASE("reset() forgets a partial frame and the sequence history", "[protocol][decoder]") {
  const auto f0 = test::ramp_frame(0);
  const auto f7 = test::ramp_frame(7);
  FrameDecoder decoder;
  Seen seen;
  feed(decoder, f0, seen);
  feed(decoder, std::span(f7).first(30), seen);
  decoder.reset();
  feed(decoder, f7, seen);
  CHECK(seen.sequences == std::vector<std::uint32_t>{0, 7});
  CHECK(decoder.counters().sequence_gaps == 0);  // 0 then 7 across a reset is no gap
  CHECK(decoder.counters().bytes_skipped == 0);
}

TEST_CASE("Decoding allocates nothing once the buffer has grown", "[protocol][decoder][alloc]") {
  std::vector<std::uint8_t> bytes;
  for (std::uint32_t s = 0; s < 200; ++s) {
    const auto f = encode_frame(test::frame_header(16, 20, SampleFormat::int24, s, s * 20u),
                                test::ramp(320, static_cast<float>(s)));
    bytes.insert(bytes.end(), f.begin(), f.end());
  }
  FrameDecoder decoder;
  std::size_t frames = 0;
  float sum = 0.0f;
  const auto on_frame = [&](const DecodedFrame& f) {
    ++frames;
    sum += f.values[319];
  };
  const std::span<const std::uint8_t> all(bytes);
  decoder.feed(all.first(bytes.size() / 2), on_frame);  // grows the buffers
  test::start_counting_allocations();
  for (std::size_t at = bytes.size() / 2; at < bytes.size(); at += 333) {
    decoder.feed(all.subspan(at, std::min<std::size_t>(333, bytes.size() - at)), on_frame);
  }
  const long allocations = test::stop_counting_allocations();
  CHECK(frames == 200);
  CHECK(sum > 0.0f);
  CHECK(allocations == 0);
}
