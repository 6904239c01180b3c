// The device core: descriptors to layout, frames to scaled blocks, one timeline across
// reconnects, a bounded queue, and the events a live source reports.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "frame_fixtures.hpp"
#include "protocol/protocol_device.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;
using namespace stridecue::protocol;

namespace {

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kT0 = 5'000 * kMs;  // host monotonic time at connection

// Feeds frame `k` of a 1 kHz, 2-samples-per-frame stream whose device counter starts at
// `counter_base`, received at `receipt_ns`. Raw left = 2k, right = 2k + 1 in both rows.
void feed_frame(ProtocolDevice& device, std::uint32_t sequence, std::uint64_t first_sample,
                std::int64_t receipt_ns) {
  const float left = 2.0f * static_cast<float>(sequence);
  const std::vector<float> raw = {left, left + 1, left, left + 1};
  device.feed(test::split_belt_frame(sequence, first_sample, raw), receipt_ns);
}

std::vector<SampleBlock> drain(ProtocolDevice& device) {
  std::vector<SampleBlock> out;
  SampleBlock b;
  while (device.pop(b))
    out.push_back(b);  // samples are not kept: only the block's header
  return out;
}

}  // namespace

TEST_CASE("The layout comes from the descriptors so the engine finds its channels",
          "[protocol][device]") {
  const ProtocolDevice device(test::split_belt_description(), "test SC-FP2 0042");
  const SourceLayout& layout = device.layout();
  REQUIRE(layout.streams.size() == 1);
  const StreamInfo& force = layout.streams[0];
  CHECK(force.name == "force");
  CHECK(force.rate_hz == 1000.0);
  CHECK(force.start_time_s == 0.0);
  REQUIRE(force.channels.size() == 2);
  CHECK(force.channels[1].name == "right_fz");
  CHECK(force.find(Quantity::force_z, Plate::left) == 0u);
  CHECK(force.find(Quantity::force_z, Plate::right) == 1u);
  CHECK_FALSE(force.find(Quantity::force_z, Plate::belt));
}

TEST_CASE("Inconsistent descriptions are refused with what is wrong", "[protocol][device]") {
  DeviceDescription d = test::split_belt_description();
  d.streams[0].channels = 3;
  CHECK_THAT(validate(d), Catch::Contains("stream 0 (force): 2 channels described") &&
                              Catch::Contains("says 3"));
  CHECK_THROWS_WITH(ProtocolDevice(d, "dev"), Catch::Contains("dev: stream 0"));
  d = test::split_belt_description();
  d.channels[0][1].plate = Plate::left;
  CHECK_THAT(validate(d), Catch::Contains("channels 0 and 1 both measure fz on plate left"));
  d = test::split_belt_description();
  d.identity.streams = 2;
  CHECK_THAT(validate(d), Catch::Contains("1 streams described, the identity says 2"));
  d = test::split_belt_description();
  d.channels[0][0].scale = NAN;
  CHECK_THAT(validate(d), Catch::Contains("stream 0: channel \"left_fz\": scale"));
  CHECK(validate(test::split_belt_description()).empty());
}

TEST_CASE("Frames become blocks scaled to SI units with their receipt time", "[protocol][device]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  const std::vector<float> raw = {100, -100, 32767, -32768};
  device.feed(test::split_belt_frame(0, 0, raw), kT0 + 2 * kMs);
  SampleBlock b;
  REQUIRE(device.pop(b));
  CHECK(b.stream == 0);
  CHECK(b.first_sample == 0);
  CHECK(b.receipt_ns == kT0 + 2 * kMs);
  CHECK(b.frames == 2);
  CHECK(b.channels == 2);
  CHECK(b.at(0, 0) == 60.0f);  // 100 × 0.5 + 10
  CHECK(b.at(0, 1) == -40.0f);
  CHECK(b.at(1, 0) == 16393.5f);
  CHECK(b.at(1, 1) == -16374.0f);
  CHECK_FALSE(device.pop(b));
  CHECK(device.counters().blocks_queued == 1);
  CHECK(device.counters().decoder.frames == 1);
}

TEST_CASE("Frames that disagree with the descriptors are rejected and counted",
          "[protocol][device]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  const auto send = [&](FrameHeader h) {
    device.feed(encode_frame(h, std::vector<float>(std::size_t{h.channels} * h.samples, 1.0f)),
                kT0);
  };
  send(test::frame_header(3, 2, SampleFormat::int16, 0));        // channel count
  send(test::frame_header(2, 2, SampleFormat::float32, 1));      // format
  send(test::frame_header(2, 2, SampleFormat::int16, 2, 0, 1));  // no stream 1
  FrameHeader emg = test::frame_header(2, 2, SampleFormat::int16, 3);
  emg.kind = DeviceKind::emg;  // another kind of device
  send(emg);
  send(test::frame_header(2, 2, SampleFormat::int16, 4));  // this one is right
  const DeviceCounters c = device.counters();
  CHECK(c.frames_rejected == 4);
  CHECK(c.blocks_queued == 1);
  CHECK(c.decoder.frames == 5);
  CHECK(drain(device).size() == 1);
}

TEST_CASE("Non-finite values after scaling reject the frame", "[protocol][device]") {
  DeviceDescription d = test::split_belt_description();
  d.streams[0].format = SampleFormat::float32;
  ProtocolDevice device(d, "dev");
  device.connected(kT0);
  device.feed(encode_frame(test::frame_header(2, 1, SampleFormat::float32, 0),
                           std::vector<float>{1.0f, std::nanf("")}),
              kT0);
  device.feed(encode_frame(test::frame_header(2, 1, SampleFormat::float32, 1),
                           std::vector<float>{1.0f, 3e38f}),  // × 0.5 + 10 is finite
              kT0);
  CHECK(device.counters().frames_rejected == 1);
  CHECK(drain(device).size() == 1);
}

TEST_CASE("A full queue drops its oldest blocks and counts them", "[protocol][device]") {
  ProtocolDevice device(test::split_belt_description(), "dev", 4);
  device.connected(kT0);
  for (std::uint32_t k = 0; k < 10; ++k)
    feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
  const DeviceCounters c = device.counters();
  CHECK(c.blocks_queued == 10);
  CHECK(c.blocks_dropped == 6);
  CHECK(c.samples_dropped == 12);
  std::vector<std::int64_t> firsts;
  SampleBlock b;
  while (device.pop(b)) {
    firsts.push_back(b.first_sample);
    CHECK(b.at(0, 0) == 0.5f * static_cast<float>(b.first_sample) + 10.0f);  // its own data
  }
  CHECK(firsts == std::vector<std::int64_t>{12, 14, 16, 18});
}

TEST_CASE("One timeline across a reconnect whose device counter restarts at 0",
          "[protocol][device][timeline]") {
  ProtocolDevice device(test::split_belt_description(), "usb 1-1 (SC-FP2 serial 0042)");
  device.connected(kT0);
  for (std::uint32_t k = 0; k < 50; ++k)
    feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
  // 100 samples, the last received at t0 + 100 ms. Unplugged; back 500 ms later, counting
  // from 0 again.
  device.lost(kT0 + 105 * kMs, "LIBUSB_ERROR_NO_DEVICE");
  device.connected(kT0 + 590 * kMs);
  for (std::uint32_t k = 0; k < 5; ++k)
    feed_frame(device, k, 2u * k, kT0 + (602 + 2 * k) * kMs);

  const auto blocks = drain(device);
  REQUIRE(blocks.size() == 55);
  CHECK(blocks[49].first_sample == 98);
  // The first sample received 602 ms after t0 belongs 500 samples after the 100th.
  CHECK(blocks[50].first_sample == 600);
  CHECK(blocks[51].first_sample == 602);
  CHECK(blocks[54].first_sample == 608);

  const auto events = device.take_events();
  REQUIRE(events.size() == 3);
  CHECK(events[0].kind == SourceEvent::Kind::connected);
  CHECK(events[0].host_ns == kT0);
  CHECK(events[0].device == "usb 1-1 (SC-FP2 serial 0042)");
  CHECK(events[1].kind == SourceEvent::Kind::lost);
  CHECK(events[1].detail == "LIBUSB_ERROR_NO_DEVICE");
  CHECK(events[1].host_ns == kT0 + 105 * kMs);
  CHECK(events[2].kind == SourceEvent::Kind::resumed);
  CHECK(events[2].host_ns == kT0 + 602 * kMs);
  CHECK(events[2].gap_s == Approx(0.5));
  CHECK(device.take_events().empty());

  const DeviceCounters c = device.counters();
  CHECK(c.reconnects == 1);
  CHECK(c.gap_samples == 500);
  CHECK(c.counter_restarts == 0);
  CHECK(c.decoder.sequence_gaps == 0);  // the decoder forgot the old sequence on reconnect
}

TEST_CASE("A device that kept counting through the loss is placed by its own counter",
          "[protocol][device][timeline]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  for (std::uint32_t k = 0; k < 50; ++k)
    feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
  device.lost(kT0 + 101 * kMs, "LIBUSB_ERROR_IO");
  device.connected(kT0 + 300 * kMs);
  // Its counter says sample 600; the host's clock, 3.7 ms late with USB jitter, says 603.
  feed_frame(device, 300, 600, kT0 + 605'700'000);
  const auto blocks = drain(device);
  REQUIRE(blocks.size() == 51);
  CHECK(blocks[50].first_sample == 600);
  const auto events = device.take_events();
  REQUIRE(events.size() == 3);
  CHECK(events[2].gap_s == Approx(0.5));
}

TEST_CASE("A counter that goes back without a reconnect is re-placed by host time",
          "[protocol][device][timeline]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  for (std::uint32_t k = 0; k < 10; ++k)
    feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
  feed_frame(device, 0, 0, kT0 + 30 * kMs);  // a firmware reset: counter 0, 10 ms later
  feed_frame(device, 1, 2, kT0 + 32 * kMs);
  const auto blocks = drain(device);
  REQUIRE(blocks.size() == 12);
  CHECK(blocks[10].first_sample == 28);
  CHECK(blocks[11].first_sample == 30);
  CHECK(device.counters().counter_restarts == 1);
  CHECK(device.counters().gap_samples == 8);  // 10 ms later, less the frame's 2 samples
  // Events only for connection changes.
  CHECK(device.take_events().size() == 1);
}

TEST_CASE("A lost frame inside a connection leaves its gap on the timeline",
          "[protocol][device][timeline]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  feed_frame(device, 0, 0, kT0 + 2 * kMs);
  feed_frame(device, 2, 4, kT0 + 6 * kMs);  // frame 1 lost on the way
  const auto blocks = drain(device);
  REQUIRE(blocks.size() == 2);
  CHECK(blocks[1].first_sample == 4);
  CHECK(device.counters().decoder.frames_missing == 1);
}

TEST_CASE("A corrupted transfer costs one frame and shows in the decoder counters",
          "[protocol][device]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  const std::vector<float> raw = {1, 2, 3, 4};
  auto bad = test::split_belt_frame(1, 2, raw);
  bad[kHeaderBytes] ^= 0x01;
  device.feed(test::split_belt_frame(0, 0, raw), kT0);
  device.feed(bad, kT0);
  device.feed(test::split_belt_frame(2, 4, raw), kT0);
  CHECK(drain(device).size() == 2);
  CHECK(device.counters().decoder.crc_errors == 1);
  CHECK(device.counters().decoder.frames_missing == 1);
}

TEST_CASE("Feeding and popping allocate nothing in steady state", "[protocol][device][alloc]") {
  ProtocolDevice device(test::split_belt_description(), "dev", 8);
  device.connected(kT0);
  std::vector<std::vector<std::uint8_t>> frames;
  for (std::uint32_t k = 0; k < 100; ++k) {
    const float v = static_cast<float>(k);
    frames.push_back(test::split_belt_frame(k, 2u * k, std::vector<float>{v, v, v, v}));
  }
  SampleBlock b;
  for (std::uint32_t k = 0; k < 10; ++k) {  // warm up: the decoder's buffer grows
    device.feed(frames[k], kT0 + k);
    REQUIRE(device.pop(b));
  }
  double sum = 0;
  test::start_counting_allocations();
  for (std::uint32_t k = 10; k < 100; ++k) {
    device.feed(frames[k], kT0 + k);
    if (device.pop(b)) sum += b.at(1, 1);
  }
  const long allocations = test::stop_counting_allocations();
  CHECK(allocations == 0);
  CHECK(sum == Approx(0.5 * (10 + 99) * 90 / 2.0 + 10 * 90));
}

TEST_CASE("A transport thread and a source thread hand blocks over",
          "[protocol][device][threads]") {
  ProtocolDevice device(test::split_belt_description(), "dev", 64);
  constexpr std::uint32_t kFrames = 3000;
  std::thread transport([&] {
    device.connected(kT0);
    for (std::uint32_t k = 0; k < kFrames; ++k) {
      feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
    }
  });
  std::uint64_t popped = 0;
  std::int64_t last_first = -1;
  bool increasing = true;
  bool values_match = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  SampleBlock b;
  for (;;) {
    if (device.pop_for(b, std::chrono::milliseconds(50))) {
      ++popped;
      increasing = increasing && b.first_sample > last_first;
      values_match =
          values_match && b.at(1, 0) == 0.5f * static_cast<float>(b.first_sample) + 10.0f;
      last_first = b.first_sample;
      continue;
    }
    const DeviceCounters c = device.counters();
    if (c.blocks_queued == kFrames && popped + c.blocks_dropped == kFrames) break;
    if (std::chrono::steady_clock::now() > deadline) break;
  }
  transport.join();
  const DeviceCounters c = device.counters();
  CHECK(c.blocks_queued == kFrames);
  CHECK(popped + c.blocks_dropped == kFrames);
  CHECK(increasing);
  CHECK(values_match);
  CHECK(last_first == 2 * (kFrames - 1));
}

namespace {

// A sink with a few slots of its own, in place of the daemon's lane: what was claimed and
// committed, and a refusal when full (counted, as a lane counts it).
struct RecordingSink final : BlockSink {
  struct Committed {
    std::uint16_t stream;
    BlockStamp stamp;
    std::vector<float> samples;
  };
  explicit RecordingSink(std::size_t slots) : free_slots(slots) {
    storage.resize(64);
    committed.reserve(64);
  }
  std::span<float> claim(std::uint16_t stream, std::size_t frames, std::size_t channels) override {
    ++claims;
    if (!holding) {
      if (free_slots == 0) {
        ++dropped;
        return {};
      }
      --free_slots;
      holding = true;
    }
    claimed_stream = stream;
    claimed_floats = frames * channels;
    return {storage.data(), claimed_floats};
  }
  void commit(const BlockStamp& stamp) override {
    holding = false;
    ++commits;
    last = stamp;
    if (!keep) return;  // counts only: allocates nothing
    committed.push_back(
        {claimed_stream, stamp,
         std::vector<float>(storage.begin(),
                            storage.begin() + static_cast<std::ptrdiff_t>(claimed_floats))});
  }
  std::size_t slot_floats() const override { return storage.size(); }
  bool has_room() const override { return holding || free_slots > 0; }
  void close(const std::string& why) override { closed_with = why; }

  std::size_t free_slots;
  bool holding = false;
  std::vector<float> storage;
  std::uint16_t claimed_stream = 0;
  std::size_t claimed_floats = 0;
  std::size_t claims = 0, dropped = 0, commits = 0;
  bool keep = true;
  BlockStamp last;
  std::vector<Committed> committed;
  std::string closed_with;
};

}  // namespace

TEST_CASE("With a sink, frames are scaled straight into its slots, queued blocks first",
          "[protocol][device][sink]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  device.connected(kT0);
  feed_frame(device, 0, 0, kT0 + 2 * kMs);  // before the sink: queued for next()
  feed_frame(device, 1, 2, kT0 + 4 * kMs);
  RecordingSink sink(100);
  device.push_into(sink);
  CHECK(sink.committed.empty());  // moved over by the transport thread, not this one
  device.tick();                  // its loop's tick (or its next frame)
  CHECK(sink.committed.size() == 2);
  for (std::uint32_t k = 2; k < 4; ++k)
    feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
  REQUIRE(sink.committed.size() == 4);
  for (std::uint32_t k = 0; k < 4; ++k) {
    const auto& c = sink.committed[k];
    CHECK(c.stream == 0);
    CHECK(c.stamp.first_sample == 2 * k);
    CHECK(c.stamp.receipt_ns == kT0 + 2 * (k + 1) * kMs);
    CHECK(c.stamp.frames_to_come == 0);
    // Left: raw 2k × 0.5 + 10; right as described (frame_fixtures.hpp).
    REQUIRE(c.samples.size() == 4);
    CHECK(c.samples[0] == Approx(2.0f * static_cast<float>(k) * 0.5f + 10.0f));
    CHECK(c.samples[2] == c.samples[0]);
  }
  SampleBlock b;
  CHECK_FALSE(device.pop(b));  // nothing for next() any more
  CHECK(device.counters().blocks_queued == 4);
  CHECK(device.counters().blocks_dropped == 0);
}

TEST_CASE("With a sink, a frame with no slot is lost to the sink's count, the timeline goes on",
          "[protocol][device][sink]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  RecordingSink sink(2);
  device.push_into(sink);
  device.connected(kT0);
  for (std::uint32_t k = 0; k < 3; ++k)
    feed_frame(device, k, 2u * k, kT0 + 2 * (k + 1) * kMs);
  CHECK(sink.dropped == 1);  // the third frame found no slot
  sink.free_slots = 1;       // the consumer gave one back
  feed_frame(device, 3, 6, kT0 + 8 * kMs);
  REQUIRE(sink.committed.size() == 3);
  CHECK(sink.committed[2].stamp.first_sample == 6);  // placed where the device said
  CHECK(device.counters().blocks_queued == 3);
  CHECK(device.counters().gap_samples == 0);
}

TEST_CASE("With a sink, a frame found non-finite while written leaves its slot to the next",
          "[protocol][device][sink]") {
  DeviceDescription d = test::split_belt_description();
  d.streams[0].format = SampleFormat::float32;
  ProtocolDevice device(d, "dev");
  RecordingSink sink(1);
  device.push_into(sink);
  device.connected(kT0);
  device.feed(encode_frame(test::frame_header(2, 1, SampleFormat::float32, 0),
                           std::vector<float>{1.0f, std::nanf("")}),
              kT0);
  CHECK(sink.committed.empty());
  CHECK(sink.holding);  // claimed, not committed
  device.feed(encode_frame(test::frame_header(2, 1, SampleFormat::float32, 1),
                           std::vector<float>{4.0f, 2.0f}),
              kT0 + kMs);
  REQUIRE(sink.committed.size() == 1);  // the one slot served the good frame
  CHECK(sink.dropped == 0);
  CHECK(sink.committed[0].samples[0] == Approx(4.0f * 0.5f + 10.0f));
  CHECK(device.counters().frames_rejected == 1);
}

TEST_CASE("With a sink, the transport thread allocates nothing per frame",
          "[protocol][device][sink][alloc]") {
  ProtocolDevice device(test::split_belt_description(), "dev");
  RecordingSink sink(1000);
  device.push_into(sink);
  device.connected(kT0);
  std::vector<std::vector<std::uint8_t>> frames;
  for (std::uint32_t k = 0; k < 50; ++k) {
    const float left = 2.0f * static_cast<float>(k);
    const std::vector<float> raw = {left, left + 1, left, left + 1};
    frames.push_back(test::split_belt_frame(k, 2u * k, raw));
  }
  sink.keep = false;
  device.feed(frames[0], kT0 + 2 * kMs);  // the decoder's buffer grows once
  test::start_counting_allocations();
  for (std::uint32_t k = 1; k < 50; ++k)
    device.feed(frames[k], kT0 + 2 * (k + 1) * kMs);
  const long allocations = test::stop_counting_allocations();
  CHECK(sink.commits == 50);
  CHECK(sink.last.first_sample == 98);
  CHECK(allocations == 0);
}
