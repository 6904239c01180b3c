// `stridecue devices`' listing against fake devices, the ID table, and selector parsing.
#include <catch2/catch.hpp>

#include "usb/ioctl_script.hpp"
#include "usb/test_plate.hpp"
#include "usb/umockdev_testbed.hpp"
#include "usb/usb_device_list.hpp"
#include "usb/usb_ids.hpp"
#include "usb/usb_selector.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("list_usb_devices shows supported devices, with what IDENTIFY says") {
  UmockdevTestbed testbed;
  REQUIRE(UmockdevTestbed::in_mock_environment());
  const FakeUsbDevice bulk{0x1209, 0x5CE0, 1, 2};
  const FakeUsbDevice serial{0x1209, 0x5CE1, 2, 3};
  const FakeUsbDevice other{0x1234, 0x5678, 3, 4};
  IoctlScript script(512);
  script.control_in({protocol::Request::identify},
                    protocol::encode_identity(test_plate_description().identity));
  testbed.add_device(bulk.description());
  script.write(testbed.file("identify.ioctl"), bulk.devnode());
  testbed.load_ioctl(bulk.devnode(), testbed.file("identify.ioctl"));
  testbed.add_device(serial.description());
  testbed.add_device(other.description());

  auto devices = usb::list_usb_devices();
  REQUIRE(devices.size() == 2);
  std::sort(devices.begin(), devices.end(),
            [](const auto& a, const auto& b) { return a.port_path < b.port_path; });
  CHECK(devices[0].port_path == "1-1");
  CHECK(devices[0].bus == 1);
  CHECK(devices[0].product_id == 0x5CE0);
  CHECK(devices[0].driver == usb::UsbDriver::libusb_bulk);
  CHECK(devices[0].serial == "0042");
  CHECK(devices[0].model == "SC-FP2");
  CHECK(devices[0].kind == "force_plate");
  CHECK(devices[0].firmware == "1.0.3");
  CHECK(devices[0].note == "");
  CHECK(devices[1].port_path == "1-2");
  CHECK(devices[1].product_id == 0x5CE1);
  CHECK(devices[1].driver == usb::UsbDriver::cdc_acm_serial);
  CHECK(devices[1].serial == "");
  CHECK_THAT(devices[1].note, Catch::Contains("ttyACM"));
}

TEST_CASE("the ID table holds the vendor-class and CDC-ACM devices") {
  const auto ids = usb::supported_usb_devices();
  REQUIRE(ids.size() == 2);
  CHECK(usb::find_supported(0x1209, 0x5CE0)->driver == usb::UsbDriver::libusb_bulk);
  CHECK(usb::find_supported(0x1209, 0x5CE1)->driver == usb::UsbDriver::cdc_acm_serial);
  CHECK_FALSE(usb::find_supported(0x1209, 0x5CE2).has_value());
  static_assert(usb::kSupportedUsbDevices[0].vendor_id == 0x1209);
}

TEST_CASE("selectors parse, and bad ones say which part is wrong") {
  auto plain = usb::parse_usb_selector("1209:5ce0");
  REQUIRE(plain.selector);
  CHECK(plain.selector->vendor_id == 0x1209);
  CHECK(plain.selector->product_id == 0x5CE0);
  CHECK(plain.selector->serial.empty());

  auto full = usb::parse_usb_selector("1209:5CE0,serial=0042,port=1-1.2");
  REQUIRE(full.selector);
  CHECK(full.selector->serial == "0042");
  CHECK(full.selector->port_path == "1-1.2");
  CHECK(full.selector->to_string() == "1209:5ce0,serial=0042,port=1-1.2");

  CHECK_THAT(usb::parse_usb_selector("12095ce0").error, Catch::Contains("expected VID:PID"));
  CHECK_THAT(usb::parse_usb_selector("12g9:5ce0").error, Catch::Contains("vendor ID \"12g9\""));
  CHECK_THAT(usb::parse_usb_selector("1209:5ce0,port=1.2").error, Catch::Contains("port \"1.2\""));
  CHECK_THAT(usb::parse_usb_selector("1209:5ce0,colour=red").error,
             Catch::Contains("unknown key \"colour\""));
  CHECK_THAT(usb::parse_usb_selector("1209:5ce0,serial=").error, Catch::Contains("needs a value"));
}
