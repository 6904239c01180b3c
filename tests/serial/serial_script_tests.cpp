// The serial source against a tty replayed by umockdev (`umockdev-run -s`'s C API
// equivalent, umockdev_testbed_load_script): the ASCII exchange, then binary frames, with
// garbage and a corrupted frame between them.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "live/block_channel.hpp"
#include "serial/serial_device_source.hpp"
#include "serial/tty_script.hpp"
#include "support/lane_wait.hpp"
#include "usb/collect_blocks.hpp"
#include "usb/test_plate.hpp"
#include "usb/umockdev_testbed.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

const char* const kTtyDevice =
    "P: /devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/tty/ttyACM0\n"
    "N: ttyACM0\n"
    "E: DEVNAME=/dev/ttyACM0\n"
    "E: MAJOR=166\n"
    "E: MINOR=0\n"
    "E: SUBSYSTEM=tty\n"
    "E: ID_VENDOR_ID=1209\n"
    "E: ID_MODEL_ID=5ce1\n"
    "\n";

// The host's requests and the device's replies, in the order SerialDeviceSource sends them.
void exchange(TtyScript& script, const protocol::DeviceDescription& d, std::uint16_t rate) {
  script.host_writes(protocol::encode_command_line({protocol::Request::identify}));
  script.device_sends(protocol::encode_identity_line(d.identity));
  for (std::uint8_t s = 0; s < d.streams.size(); ++s) {
    script.host_writes(protocol::encode_command_line({protocol::Request::get_stream, s}));
    script.device_sends(protocol::encode_stream_line(s, d.streams[s]));
    for (std::uint16_t c = 0; c < d.channels[s].size(); ++c) {
      script.host_writes(protocol::encode_command_line({protocol::Request::get_channel, s, c}));
      script.device_sends(protocol::encode_channel_line(s, c, d.channels[s][c]));
    }
  }
  for (std::uint8_t s = 0; s < d.streams.size(); ++s) {
    const protocol::Command set_rate{protocol::Request::set_rate, s, 0, rate};
    script.host_writes(protocol::encode_command_line(set_rate));
    script.device_sends(protocol::encode_ack_line(set_rate));
  }
  script.host_writes(protocol::encode_command_line({protocol::Request::start}));
  script.device_sends(protocol::encode_ack_line({protocol::Request::start}));
}

}  // namespace

TEST_CASE("the ASCII exchange, then frames decoded to scaled samples, garbage skipped") {
  UmockdevTestbed testbed;
  REQUIRE(UmockdevTestbed::in_mock_environment());
  testbed.add_device(kTtyDevice);
  TtyScript script;
  exchange(script, test_plate_description(), kPlateRateHz);
  script.device_sends(plate_frame(0));
  script.device_sends(std::string_view("\x01garbage\x7f"));
  script.device_sends(plate_frame(1));
  auto corrupted = plate_frame(2);
  corrupted[protocol::kHeaderBytes + 1] ^= 0x01;
  script.device_sends(corrupted);
  for (std::uint32_t seq = 3; seq < 6; ++seq)
    script.device_sends(plate_frame(seq));
  script.write(testbed.file("acm0.script"));
  testbed.load_script("/dev/ttyACM0", testbed.file("acm0.script"));

  serial::SerialSourceOptions options;
  options.path = "/dev/ttyACM0";
  options.baud = 115200;
  serial::SerialDeviceSource source(options);
  REQUIRE(source.failure() == "");
  CHECK(source.is_live());
  CHECK(source.device_name() == "serial /dev/ttyACM0 (SC-FP2 serial 0042)");
  REQUIRE(source.layout().streams.size() == 1);
  CHECK(source.layout().streams[0].channels[2].name == "left_fx");

  Collected got;
  collect(source, got, [](const Collected& c) { return c.blocks.size() >= 5; });
  REQUIRE(got.blocks.size() == 5);
  const std::int64_t expected_first[] = {0, 4, 12, 16, 20};  // frame 2 was corrupted
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(got.blocks[i].first_sample == expected_first[i]);
    for (std::size_t r = 0; r < kPlateRowsPerFrame; ++r) {
      for (std::size_t c = 0; c < kPlateChannels; ++c) {
        CHECK(got.blocks[i].at(r, c) ==
              plate_value(expected_first[i] + static_cast<std::int64_t>(r), c));
      }
    }
  }
  REQUIRE_FALSE(got.events.empty());
  CHECK(got.events[0].kind == SourceEvent::Kind::connected);
  // The core publishes the decoder's counters when the read that held these frames is fully
  // fed, which may be just after the last block was handed over.
  auto counters = source.counters();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (counters.bad_frames == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    counters = source.counters();
  }
  CHECK(counters.bad_frames == 1);
  CHECK(counters.bytes_skipped >= 9);
  CHECK(counters.frames_missing == 1);
  CHECK(counters.reconnects == 0);
}

TEST_CASE("in the daemon's path the reader thread decodes frames straight into the lane") {
  UmockdevTestbed testbed;
  testbed.add_device(kTtyDevice);
  TtyScript script;
  exchange(script, test_plate_description(), kPlateRateHz);
  for (std::uint32_t seq = 0; seq < 6; ++seq)
    script.device_sends(plate_frame(seq));
  script.write(testbed.file("acm0.script"));
  testbed.load_script("/dev/ttyACM0", testbed.file("acm0.script"));

  BlockChannel channel(1);  // before the source: it writes into the lane until destroyed
  serial::SerialSourceOptions options;
  options.path = "/dev/ttyACM0";
  options.baud = 115200;
  serial::SerialDeviceSource source(options);
  REQUIRE(source.failure() == "");
  source.push_into(*channel.lanes.front());
  REQUIRE(test::wait_for_blocks(channel, 6) == 6);
  LaneMerge reader(channel, source.layout());
  std::uint16_t slot;
  for (std::int64_t i = 0; i < 6; ++i) {
    REQUIRE(reader.pop(slot));
    const SampleBlock& b = channel.pool[slot].header;
    const std::int64_t first = i * static_cast<std::int64_t>(kPlateRowsPerFrame);
    CHECK(b.first_sample == first);
    CHECK(b.receipt_ns > 0);
    for (std::size_t r = 0; r < kPlateRowsPerFrame; ++r) {
      for (std::size_t c = 0; c < kPlateChannels; ++c)
        CHECK(b.at(r, c) == plate_value(first + static_cast<std::int64_t>(r), c));
    }
  }
  CHECK_FALSE(reader.pop(slot));
  CHECK(channel.blocks_dropped.load() == 0);
  // Nothing went the other way, through the queue for next().
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::waiting);
  const auto events = source.take_events();  // any thread, once the source pushes
  REQUIRE_FALSE(events.empty());
  CHECK(events[0].kind == SourceEvent::Kind::connected);
}

TEST_CASE("a reply the host does not expect fails the source, naming the request") {
  UmockdevTestbed testbed;
  testbed.add_device(kTtyDevice);
  TtyScript script;
  script.host_writes(protocol::encode_command_line({protocol::Request::identify}));
  script.device_sends(protocol::encode_error_line(protocol::Request::identify, "busy"));
  script.write(testbed.file("err.script"));
  testbed.load_script("/dev/ttyACM0", testbed.file("err.script"));

  serial::SerialSourceOptions options;
  options.path = "/dev/ttyACM0";
  serial::SerialDeviceSource source(options);
  CHECK_THAT(source.failure(), Catch::Contains("serial /dev/ttyACM0: IDENTIFY reply"));
  CHECK_THAT(source.failure(), Catch::Contains("busy"));
}

TEST_CASE("a port that does not exist fails the source, naming the path") {
  serial::SerialSourceOptions options;
  options.path = "/nonexistent/ttyACM9";
  serial::SerialDeviceSource source(options);
  CHECK_THAT(source.failure(), Catch::Contains("open /nonexistent/ttyACM9"));
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::failed);
}
