// Several bulk IN transfers in flight (the default 4), against a device emulated at the
// usbfs ioctl level: umockdev's script replay serves one URB at a time, its custom ioctl
// handler serves as many as the host submits.
#include <catch2/catch.hpp>

#include <thread>

#include "usb/collect_blocks.hpp"
#include "usb/emulated_usbfs.hpp"
#include "usb/test_plate.hpp"
#include "usb/umockdev_testbed.hpp"
#include "usb/usb_device_source.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("four bulk IN transfers in flight deliver every frame in order") {
  UmockdevTestbed testbed;
  REQUIRE(UmockdevTestbed::in_mock_environment());
  const FakeUsbDevice device{};
  testbed.add_device(device.description());
  EmulatedUsbfs usbfs(test_plate_description(), {});
  usbfs.attach(testbed.raw(), device.devnode());

  {
    usb::UsbSourceOptions options;
    options.selector = {0x1209, 0x5CE0, {}, {}};
    options.transfer_bytes = 512;
    REQUIRE(options.transfers_in_flight == 4);  // the default
    usb::UsbDeviceSource source(options);
    REQUIRE(source.failure() == "");

    // The device has nothing to send yet: every transfer the host submitted waits at once.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (usbfs.max_bulk_in_flight() < 4 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(usbfs.max_bulk_in_flight() == 4);
    std::vector<std::vector<std::uint8_t>> payloads;
    for (std::uint32_t seq = 0; seq < 12; ++seq)
      payloads.push_back(plate_frame(seq));
    usbfs.send(payloads);

    Collected got;
    collect(source, got, [](const Collected& c) { return c.blocks.size() >= 12; });
    REQUIRE(got.blocks.size() == 12);
    for (std::size_t i = 0; i < 12; ++i) {
      const auto first = static_cast<std::int64_t>(i * kPlateRowsPerFrame);
      CHECK(got.blocks[i].first_sample == first);
      CHECK(got.blocks[i].at(3, 2) == plate_value(first + 3, 2));
    }
    CHECK(usbfs.max_bulk_in_flight() == 4);  // never more than asked for
    CHECK(source.counters().transfers == 12);
    CHECK(source.counters().frames_missing == 0);
    CHECK(usbfs.commands() == std::vector<std::string>{"SET_RATE 0 1000", "START"});
  }
  // Closing the source stops the device and takes back the transfers still waiting.
  CHECK(usbfs.commands().back() == "STOP");
}
