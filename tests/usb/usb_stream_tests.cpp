// The USB source against a replayed device (umockdev ioctl scripts): the control exchange,
// frames decoded to exact samples, a stall, garbage and a corrupted frame.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

#include "live/block_channel.hpp"
#include "support/lane_wait.hpp"
#include "usb/collect_blocks.hpp"
#include "usb/ioctl_script.hpp"
#include "usb/test_plate.hpp"
#include "usb/umockdev_testbed.hpp"
#include "usb/usb_device_source.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

constexpr std::size_t kTransferBytes = 512;

usb::UsbSourceOptions replay_options() {
  usb::UsbSourceOptions options;
  options.selector = {0x1209, 0x5CE0, {}, {}};
  // umockdev's ioctl replay serves one URB at a time (RECIPES.md); hardware gets the default 4.
  options.transfers_in_flight = 1;
  options.transfer_bytes = kTransferBytes;
  return options;
}

void check_plate_block(const BlockCopy& block, std::int64_t device_first_sample) {
  REQUIRE(block.frames == kPlateRowsPerFrame);
  REQUIRE(block.channels == kPlateChannels);
  for (std::size_t r = 0; r < block.frames; ++r) {
    for (std::size_t c = 0; c < block.channels; ++c) {
      INFO("device sample " << device_first_sample + static_cast<std::int64_t>(r) << " channel "
                            << c);
      CHECK(block.at(r, c) == plate_value(device_first_sample + static_cast<std::int64_t>(r), c));
    }
  }
}

bool has_lost(const Collected& c) {
  return lost_and_drained(c);
}

}  // namespace

TEST_CASE("in the daemon's path the event thread decodes frames straight into the lane") {
  UmockdevTestbed testbed;
  IoctlScript script(kTransferBytes);
  script.exchange(test_plate_description(), kPlateRateHz);
  for (std::uint32_t seq = 0; seq < 6; ++seq)
    script.bulk_in(plate_frame(seq));
  script.bulk_status(-19);
  plug(testbed, FakeUsbDevice{}, script, "push.ioctl");

  BlockChannel channel(1);  // before the source: it writes into the lane until destroyed
  usb::UsbDeviceSource source(replay_options());
  REQUIRE(source.failure() == "");
  source.push_into(*channel.lanes.front());
  // Frames the event thread decoded before push_into() were queued for next(): they follow
  // into the lane, at its next tick.
  REQUIRE(test::wait_for_blocks(channel, 6) == 6);
  LaneMerge reader(channel, source.layout());
  std::uint16_t slot;
  for (std::size_t i = 0; i < 6; ++i) {
    REQUIRE(reader.pop(slot));
    const SampleBlock& b = channel.pool[slot].header;
    CHECK(b.first_sample == static_cast<std::int64_t>(i * kPlateRowsPerFrame));
    CHECK(b.receipt_ns > 0);
    check_plate_block(BlockCopy::of(b), static_cast<std::int64_t>(i * kPlateRowsPerFrame));
    channel.free.try_push(slot);
  }
  CHECK(channel.blocks_dropped.load() == 0);
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::waiting);  // nothing through next()'s queue
  CHECK_FALSE(channel.source_ended());                 // unplugged is not failed: it may come back
}

TEST_CASE("identify, set rate and start, then frames decode to scaled samples") {
  UmockdevTestbed testbed;
  REQUIRE(UmockdevTestbed::in_mock_environment());
  IoctlScript script(kTransferBytes);
  script.exchange(test_plate_description(), kPlateRateHz);
  std::size_t bytes = 0;
  for (std::uint32_t seq = 0; seq < 6; ++seq) {
    const auto frame = plate_frame(seq);
    bytes += frame.size();
    script.bulk_in(frame);
  }
  script.bulk_status(-19);  // the recording ends with the cable pulled: nothing replays twice
  plug(testbed, FakeUsbDevice{}, script, "stream.ioctl");

  usb::UsbDeviceSource source(replay_options());
  REQUIRE(source.failure() == "");
  CHECK(source.is_live());
  CHECK(source.device_name() == "usb 1-1 (SC-FP2 serial 0042)");
  const auto& layout = source.layout();
  REQUIRE(layout.streams.size() == 1);
  CHECK(layout.streams[0].name == "force");
  CHECK(layout.streams[0].rate_hz == 1000.0);
  REQUIRE(layout.streams[0].channels.size() == 3);
  CHECK(layout.streams[0].channels[0].name == "left_fz");
  CHECK(layout.streams[0].find(Quantity::force_z, Plate::right) == std::size_t{1});

  Collected got;
  collect(source, got, [](const Collected& c) { return c.blocks.size() >= 6 && has_lost(c); });
  REQUIRE(got.blocks.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(got.blocks[i].first_sample == static_cast<std::int64_t>(i * kPlateRowsPerFrame));
    CHECK(got.blocks[i].receipt_ns > 0);
    check_plate_block(got.blocks[i], static_cast<std::int64_t>(i * kPlateRowsPerFrame));
  }
  REQUIRE(got.events.size() == 2);
  CHECK(got.events[0].kind == SourceEvent::Kind::connected);
  CHECK(got.events[0].device == "usb 1-1 (SC-FP2 serial 0042)");
  CHECK(got.events[1].kind == SourceEvent::Kind::lost);
  CHECK(got.events[1].detail == "LIBUSB_ERROR_NO_DEVICE");

  const auto counters = source.counters();
  CHECK(counters.transfers == 6);
  CHECK(counters.bytes == bytes);
  CHECK(counters.bad_frames == 0);
  CHECK(counters.bytes_skipped == 0);
  CHECK(counters.stalls == 0);
  CHECK(counters.reconnects == 0);
}

TEST_CASE("a SET_RATE the device does not expect fails the source, naming the request") {
  UmockdevTestbed testbed;
  IoctlScript script(kTransferBytes);
  script.exchange(test_plate_description(), 500);  // the device expects 500 Hz …
  script.bulk_status(-19);
  plug(testbed, FakeUsbDevice{}, script, "rate.ioctl");

  auto options = replay_options();
  options.rates_hz = {1000};  // … the host asks for 1000 Hz: the OUT bytes differ
  usb::UsbDeviceSource source(options);
  CHECK_THAT(source.failure(), Catch::Contains("SET_RATE 0 1000"));
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::failed);
}

TEST_CASE("a stall mid-stream is cleared and the stream goes on") {
  UmockdevTestbed testbed;
  IoctlScript script(kTransferBytes);
  script.exchange(test_plate_description(), kPlateRateHz);
  for (std::uint32_t seq = 0; seq < 3; ++seq)
    script.bulk_in(plate_frame(seq));
  script.bulk_status(-32);  // EPIPE: the endpoint halted
  for (std::uint32_t seq = 3; seq < 6; ++seq)
    script.bulk_in(plate_frame(seq));
  script.bulk_status(-19);
  plug(testbed, FakeUsbDevice{}, script, "stall.ioctl");

  usb::UsbDeviceSource source(replay_options());
  REQUIRE(source.failure() == "");
  Collected got;
  collect(source, got, [](const Collected& c) { return c.blocks.size() >= 6 && has_lost(c); });
  REQUIRE(got.blocks.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(got.blocks[i].first_sample == static_cast<std::int64_t>(i * kPlateRowsPerFrame));
    check_plate_block(got.blocks[i], static_cast<std::int64_t>(i * kPlateRowsPerFrame));
  }
  const auto counters = source.counters();
  CHECK(counters.stalls == 1);
  CHECK(counters.transfers == 6);
  CHECK(counters.frames_missing == 0);
  // The stall is not a loss: the only lost event is the final unplug, after all six frames.
  REQUIRE(got.events.size() == 2);
  CHECK(got.events[1].kind == SourceEvent::Kind::lost);
}

TEST_CASE("garbage and a corrupted frame are skipped and counted, the decoder resyncs") {
  UmockdevTestbed testbed;
  IoctlScript script(kTransferBytes);
  script.exchange(test_plate_description(), kPlateRateHz);

  const std::vector<std::uint8_t> garbage = {0x00, 0xFF, 'S', 'C', 0x13, 0x37, 0x42};
  auto first = garbage;
  const auto frame0 = plate_frame(0);
  first.insert(first.end(), frame0.begin(), frame0.end());
  script.bulk_in(first);  // garbage, then a good frame

  auto corrupted = plate_frame(1);
  corrupted[protocol::kHeaderBytes + 3] ^= 0x40;  // one payload bit: the CRC no longer matches
  script.bulk_in(corrupted);

  const auto frame2 = plate_frame(2);
  const auto frame3 = plate_frame(3);
  const std::size_t half = frame2.size() / 2;
  script.bulk_in(std::span(frame2).first(half));  // a frame split across two transfers
  std::vector<std::uint8_t> rest(frame2.begin() + static_cast<std::ptrdiff_t>(half), frame2.end());
  rest.insert(rest.end(), frame3.begin(), frame3.end());
  script.bulk_in(rest);
  script.bulk_status(-19);
  plug(testbed, FakeUsbDevice{}, script, "garbage.ioctl");

  usb::UsbDeviceSource source(replay_options());
  REQUIRE(source.failure() == "");
  Collected got;
  collect(source, got, [](const Collected& c) { return has_lost(c); });
  REQUIRE(got.blocks.size() == 3);
  const std::int64_t expected_first[] = {0, 8, 12};  // frames 0, 2 and 3; frame 1 is gone
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(got.blocks[i].first_sample == expected_first[i]);
    check_plate_block(got.blocks[i], expected_first[i]);
  }
  const auto counters = source.counters();
  CHECK(counters.bad_frames == 1);
  CHECK(counters.bytes_skipped >= garbage.size());
  CHECK(counters.frames_missing == 1);
  CHECK(counters.transfers == 4);
}
