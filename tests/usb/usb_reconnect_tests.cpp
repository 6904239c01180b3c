// Unplug mid-stream (URB status -19) and the device coming back: by hotplug ARRIVED, or by
// polling with back-off where hotplug is not used. The replugged device gets a new device
// number, as on real hardware, with its own replay script; its counter restarts at 0.
#include <catch2/catch.hpp>

#include <thread>

#include "usb/collect_blocks.hpp"
#include "usb/ioctl_script.hpp"
#include "usb/test_plate.hpp"
#include "usb/umockdev_testbed.hpp"
#include "usb/usb_device_source.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

constexpr std::size_t kTransferBytes = 512;
constexpr auto kUnpluggedFor = std::chrono::milliseconds(300);

IoctlScript session_script(std::uint32_t frames) {
  IoctlScript script(kTransferBytes);
  script.exchange(test_plate_description(), kPlateRateHz);
  for (std::uint32_t seq = 0; seq < frames; ++seq)
    script.bulk_in(plate_frame(seq));
  script.bulk_status(-19);
  return script;
}

std::size_t count(const Collected& c, SourceEvent::Kind kind) {
  std::size_t n = 0;
  for (const auto& e : c.events)
    n += e.kind == kind ? 1 : 0;
  return n;
}

void unplug_and_replug(bool use_hotplug) {
  UmockdevTestbed testbed;
  REQUIRE(UmockdevTestbed::in_mock_environment());
  const FakeUsbDevice first{};
  plug(testbed, first, session_script(3), "first.ioctl");

  usb::UsbSourceOptions options;
  options.selector = {0x1209, 0x5CE0, {}, {}};
  options.transfers_in_flight = 1;
  options.transfer_bytes = kTransferBytes;
  options.use_hotplug = use_hotplug;
  usb::UsbDeviceSource source(options);
  REQUIRE(source.failure() == "");

  Collected got;
  collect(source, got, lost_and_drained);
  REQUIRE(got.blocks.size() == 3);
  REQUIRE(got.event(SourceEvent::Kind::lost) != nullptr);
  CHECK(got.event(SourceEvent::Kind::lost)->detail == "LIBUSB_ERROR_NO_DEVICE");

  // The cable is out for a while, then the device re-enumerates at the same port.
  testbed.uevent(first.syspath(), "remove");
  testbed.remove_device(first.syspath());
  std::this_thread::sleep_for(kUnpluggedFor);
  FakeUsbDevice again = first;
  again.devnum = 3;
  plug(testbed, again, session_script(4), "again.ioctl");
  testbed.uevent(again.syspath(), "add");

  collect(source, got, [](const Collected& c) {
    return c.blocks.size() >= 7 && count(c, SourceEvent::Kind::lost) >= 2;
  });
  REQUIRE(got.blocks.size() == 7);
  const auto* resumed = got.event(SourceEvent::Kind::resumed);
  REQUIRE(resumed != nullptr);
  CHECK(resumed->device == "usb 1-1 (SC-FP2 serial 0042)");
  // The gap is at least the time the cable was out, and the timeline shows it.
  const double unplugged_s = std::chrono::duration<double>(kUnpluggedFor).count();
  CHECK(resumed->gap_s >= unplugged_s);
  const std::int64_t end_before = 3 * kPlateRowsPerFrame;
  const std::int64_t first_after = got.blocks[3].first_sample;
  CHECK(first_after >= end_before + static_cast<std::int64_t>(unplugged_s * kPlateRateHz));
  CHECK(static_cast<double>(first_after - end_before) / kPlateRateHz ==
        Approx(resumed->gap_s).margin(2.0 * kPlateRowsPerFrame / kPlateRateHz));
  // After the gap the samples are the device's from its counter 0 on, contiguous again.
  for (std::size_t i = 3; i < 7; ++i) {
    const auto k = static_cast<std::int64_t>((i - 3) * kPlateRowsPerFrame);
    CHECK(got.blocks[i].first_sample == first_after + k);
    for (std::size_t r = 0; r < kPlateRowsPerFrame; ++r) {
      for (std::size_t c = 0; c < kPlateChannels; ++c) {
        CHECK(got.blocks[i].at(r, c) == plate_value(k + static_cast<std::int64_t>(r), c));
      }
    }
  }
  CHECK(got.events.front().kind == SourceEvent::Kind::connected);
  CHECK(count(got, SourceEvent::Kind::connected) == 1);
  CHECK(count(got, SourceEvent::Kind::resumed) == 1);
  CHECK(source.counters().reconnects == 1);
}

}  // namespace

TEST_CASE("unplugged mid-stream, back on a hotplug add: lost, resumed, the gap kept") {
  unplug_and_replug(true);
}

TEST_CASE("unplugged mid-stream, found again by polling with back-off") {
  unplug_and_replug(false);
}

TEST_CASE("no matching device attached fails the source, naming the selector") {
  UmockdevTestbed testbed;
  usb::UsbSourceOptions options;
  options.selector = {0x1209, 0x5CE0, "0099", {}};
  usb::UsbDeviceSource source(options);
  CHECK_THAT(source.failure(), Catch::Contains("1209:5ce0,serial=0099"));
  CHECK_THAT(source.failure(), Catch::Contains("no such device"));
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::failed);
  CHECK(source.layout().streams.empty());
}

TEST_CASE("a device whose serial is not the selected one is not opened") {
  UmockdevTestbed testbed;
  IoctlScript script(kTransferBytes);
  script.control_in({protocol::Request::identify},
                    protocol::encode_identity(test_plate_description().identity));
  plug(testbed, FakeUsbDevice{}, script, "identify.ioctl");
  usb::UsbSourceOptions options;
  options.selector = {0x1209, 0x5CE0, "0099", {}};
  usb::UsbDeviceSource source(options);
  CHECK_THAT(source.failure(), Catch::Contains("serial 0042 is not the selected 0099"));
}
