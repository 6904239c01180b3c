// The frame codec: CRC-32C, the byte layout, and encode/decode round trips for every format.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string_view>

#include "frame_fixtures.hpp"
#include "protocol/frame_codec.hpp"

using namespace stridecue;
using namespace stridecue::protocol;

namespace {

std::vector<DecodedFrame> decode_all(FrameDecoder& decoder, std::span<const std::uint8_t> bytes,
                                     std::vector<std::vector<float>>& values) {
  std::vector<DecodedFrame> frames;
  decoder.feed(bytes, [&](const DecodedFrame& f) {
    frames.push_back(f);
    values.emplace_back(f.values.begin(), f.values.end());
  });
  return frames;
}

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace

TEST_CASE("CRC-32C has the Castagnoli check value", "[protocol][crc]") {
  CHECK(crc32c(bytes_of("123456789")) == 0xE3069283u);
  CHECK(crc32c(bytes_of("")) == 0x00000000u);
  // RFC 3720 B.4: 32 bytes of zeros.
  const std::vector<std::uint8_t> zeros(32, 0);
  CHECK(crc32c(zeros) == 0x8A9136AAu);
}

TEST_CASE("The instruction and the table give the same CRC-32C", "[protocol][crc]") {
  CHECK(crc32c_portable(bytes_of("123456789")) == 0xE3069283u);
  std::vector<std::uint8_t> data(1000);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>(i * 131 + 7);
  for (std::size_t length = 0; length <= 40; ++length) {
    const auto piece = std::span<const std::uint8_t>(data).subspan(3, length);  // unaligned
    CHECK(crc32c(piece) == crc32c_portable(piece));
    CHECK(crc32c(piece, 0x12345678u) == crc32c_portable(piece, 0x12345678u));
  }
  CHECK(crc32c(data) == crc32c_portable(data));
}

TEST_CASE("CRC-32C continues across pieces at any split", "[protocol][crc]") {
  std::vector<std::uint8_t> data(100);
  for (std::size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>(i * 37 + 11);
  const std::uint32_t whole = crc32c(data);
  for (std::size_t split = 0; split <= data.size(); ++split) {
    const std::span<const std::uint8_t> all(data);
    CHECK(crc32c(all.subspan(split), crc32c(all.first(split))) == whole);
  }
}

TEST_CASE("A frame's bytes follow the documented layout", "[protocol][codec]") {
  const auto h =
      test::frame_header(2, 1, SampleFormat::int16, 0x01020304u, 0x1122334455667788ull, 3);
  const std::vector<float> values = {-2.0f, 258.0f};
  const auto bytes = encode_frame(h, values);
  REQUIRE(bytes.size() == kHeaderBytes + 4 + kCrcBytes);
  CHECK(frame_bytes(h) == bytes.size());
  const std::vector<std::uint8_t> header_and_payload(bytes.begin(), bytes.end() - 4);
  const std::vector<std::uint8_t> expected = {
      'S',  'C',  'U',  'E',  1,    1,    3,    1,     // sync, version, kind, stream, format
      0x04, 0x03, 0x02, 0x01,                          // sequence
      0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,  // first sample
      2,    0,    1,    0,                             // channels, samples
      0xFE, 0xFF, 0x02, 0x01};                         // -2, 258
  CHECK(header_and_payload == expected);
  const std::uint32_t crc = crc32c(header_and_payload);
  CHECK(bytes[28] == (crc & 0xFF));
  CHECK(bytes[31] == (crc >> 24));
}

TEST_CASE("float32 frames round-trip bit for bit", "[protocol][codec]") {
  const auto h = test::frame_header(12, 2, SampleFormat::float32, 7, 14);
  std::vector<float> values = test::ramp(24, -3.25f);
  values[5] = std::numeric_limits<float>::denorm_min();
  values[6] = -0.0f;
  FrameDecoder decoder;
  std::vector<std::vector<float>> got;
  const auto frames = decode_all(decoder, encode_frame(h, values), got);
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].header.sequence == 7);
  CHECK(frames[0].header.first_sample == 14);
  CHECK(frames[0].header.channels == 12);
  CHECK(frames[0].header.samples == 2);
  REQUIRE(got[0].size() == values.size());
  CHECK(std::memcmp(got[0].data(), values.data(), values.size() * sizeof(float)) == 0);
  CHECK(std::signbit(got[0][6]));
}

TEST_CASE("int16 frames round, clamp and keep their sign", "[protocol][codec]") {
  const auto h = test::frame_header(6, 1, SampleFormat::int16, 0);
  const std::vector<float> values = {-32768.0f, 32767.0f, 1e9f, -1e9f, 2.6f, -2.6f};
  FrameDecoder decoder;
  std::vector<std::vector<float>> got;
  decode_all(decoder, encode_frame(h, values), got);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == std::vector<float>{-32768.0f, 32767.0f, 32767.0f, -32768.0f, 3.0f, -3.0f});
}

TEST_CASE("int24 frames sign-extend, round and clamp", "[protocol][codec]") {
  const auto h = test::frame_header(8, 1, SampleFormat::int24, 0);
  const std::vector<float> values = {-8388608.0f, 8388607.0f, -1.0f, 1.0f,
                                     1e8f,        -1e8f,      -0.4f, std::nanf("")};
  const auto bytes = encode_frame(h, values);
  // -1 is 0xFFFFFF on the wire: three bytes, the top bit set.
  CHECK(bytes[kHeaderBytes + 6] == 0xFF);
  CHECK(bytes[kHeaderBytes + 7] == 0xFF);
  CHECK(bytes[kHeaderBytes + 8] == 0xFF);
  FrameDecoder decoder;
  std::vector<std::vector<float>> got;
  decode_all(decoder, bytes, got);
  REQUIRE(got.size() == 1);
  CHECK(got[0] == std::vector<float>{-8388608.0f, 8388607.0f, -1.0f, 1.0f, 8388607.0f, -8388608.0f,
                                     0.0f, 0.0f});
}

TEST_CASE("The encoder refuses headers outside the limits and values of the wrong size",
          "[protocol][codec]") {
  auto h = test::frame_header(2, 2, SampleFormat::float32, 0);
  CHECK_THROWS_AS(encode_frame(h, test::ramp(3, 0)), std::invalid_argument);
  h.channels = kMaxChannels + 1;
  CHECK_THROWS_WITH(encode_frame(h, test::ramp(2u * h.channels, 0)),
                    Catch::Contains("65 channels"));
  h = test::frame_header(1, kMaxSamplesPerFrame + 1, SampleFormat::float32, 0);
  CHECK_THROWS_AS(encode_frame(h, test::ramp(h.samples, 0)), std::invalid_argument);
  h = test::frame_header(1, 1, static_cast<SampleFormat>(9), 0);
  CHECK(frame_bytes(h) == 0);
  CHECK_THROWS_AS(encode_frame(h, test::ramp(1, 0)), std::invalid_argument);
  h = test::frame_header(1, 1, SampleFormat::float32, 0);
  h.version = 2;
  CHECK_THROWS_WITH(encode_frame(h, test::ramp(1, 0)), Catch::Contains("version 2"));
}

TEST_CASE("Format names and sizes", "[protocol][codec]") {
  CHECK(bytes_per_value(SampleFormat::int16) == 2);
  CHECK(bytes_per_value(SampleFormat::int24) == 3);
  CHECK(bytes_per_value(SampleFormat::float32) == 4);
  CHECK(bytes_per_value(static_cast<SampleFormat>(0)) == 0);
  CHECK(to_string(SampleFormat::int24) == "int24");
}
