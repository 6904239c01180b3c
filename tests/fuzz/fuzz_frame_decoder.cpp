// libFuzzer harness for the protocol's frame decoder and the device core behind it. The first
// four bytes seed the split points, so the fuzzer explores frames cut across transfers at
// every place; the rest is the byte stream. Regression inputs live in corpus/frame_decoder/.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "protocol/frame_codec.hpp"
#include "protocol/protocol_device.hpp"

namespace {

using namespace stridecue;
using namespace stridecue::protocol;

// A two-stream device whose stream 0 matches the seeds' 3-channel float32 frames, so
// fuzzed frames reach the scaling and timeline code, not only the rejection.
DeviceDescription fuzz_description() {
  DeviceDescription d;
  d.identity.model = "fuzz";
  d.identity.streams = 2;
  StreamDescriptor force;
  force.name = "force";
  force.channels = 3;
  force.samples_per_frame = 2;
  StreamDescriptor emg = force;
  emg.name = "emg";
  emg.format = SampleFormat::int24;
  emg.channels = 1;
  d.streams = {force, emg};
  ChannelDescriptor c;
  c.quantity = Quantity::other;
  c.name = "a";
  ChannelDescriptor c2 = c;
  c2.name = "b";
  ChannelDescriptor c3 = c;
  c3.name = "c";
  d.channels = {{c, c2, c3}, {c}};
  return d;
}

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  std::uint32_t state = static_cast<std::uint32_t>(data[0] | (data[1] << 8) | (data[2] << 16) |
                                                   (static_cast<std::uint32_t>(data[3]) << 24));
  const std::span<const std::uint8_t> bytes(data + 4, size - 4);

  FrameDecoder decoder;
  ProtocolDevice device(fuzz_description(), "fuzz", 16);
  device.connected(0);
  std::uint64_t frames = 0;
  std::int64_t receipt = 0;
  std::size_t at = 0;
  while (at < bytes.size()) {
    state = state * 1664525u + 1013904223u;
    const std::size_t piece = std::min<std::size_t>(1 + (state >> 20) % 97, bytes.size() - at);
    const auto chunk = bytes.subspan(at, piece);
    decoder.feed(chunk, [&](const DecodedFrame& f) {
      ++frames;
      const FrameHeader& h = f.header;
      check(frame_bytes(h) != 0);
      check(f.values.size() == std::size_t{h.channels} * h.samples);
      // A decoded frame re-encodes to a frame that decodes to the same header and values.
      const auto again = encode_frame(h, f.values);
      FrameDecoder second;
      std::size_t seen = 0;
      second.feed(again, [&](const DecodedFrame& g) {
        ++seen;
        check(g.header.sequence == h.sequence && g.header.first_sample == h.first_sample);
        check(g.values.size() == f.values.size());
      });
      check(seen == 1);
    });
    receipt += 1'000'000;
    device.feed(chunk, receipt);
    if ((state & 0x300u) == 0) device.lost(receipt, "fuzz");
    if ((state & 0x300u) == 0x100u) device.connected(receipt);
    SampleBlock block;
    while (device.pop(block))
      check(block.samples.size() == block.frames * block.channels);
    at += piece;
  }
  const DecoderCounters& c = decoder.counters();
  check(c.frames == frames);
  check(c.bytes_skipped <= bytes.size());
  return 0;
}
