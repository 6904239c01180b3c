// A umockdev testbed for one test (../shared/RECIPES.md): fake sysfs devices, their /dev
// nodes answered by ioctl or read/write scripts, and uevents for hotplug. The test program
// must run under `umockdev-wrapper` (tests.cmake sets it as CTest's emulator).
#pragma once

#include <umockdev.h>

#include <fmt/format.h>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace stridecue::test {

class UmockdevTestbed {
 public:
  UmockdevTestbed() : testbed_(umockdev_testbed_new()) {
    char pattern[] = "/tmp/stridecue-umockdev-XXXXXX";
    if (mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~UmockdevTestbed() {
    g_object_unref(testbed_);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  UmockdevTestbed(const UmockdevTestbed&) = delete;
  UmockdevTestbed& operator=(const UmockdevTestbed&) = delete;

  // Only true under umockdev-wrapper; call after construction (umockdev caches the answer).
  static bool in_mock_environment() { return umockdev_in_mock_environment() != 0; }

  // Where a test writes its scripts; removed with the testbed.
  std::string file(const std::string& name) const { return (dir_ / name).string(); }

  void add_device(const std::string& description) {
    GError* error = nullptr;
    if (!umockdev_testbed_add_from_string(testbed_, description.c_str(), &error)) {
      const std::string why = error->message;
      g_error_free(error);
      throw std::runtime_error("umockdev_testbed_add_from_string: " + why);
    }
  }
  void remove_device(const std::string& syspath) {
    umockdev_testbed_remove_device(testbed_, syspath.c_str());
  }
  void load_ioctl(const std::string& devnode, const std::string& path) {
    GError* error = nullptr;
    if (!umockdev_testbed_load_ioctl(testbed_, devnode.c_str(), path.c_str(), &error)) {
      const std::string why = error->message;
      g_error_free(error);
      throw std::runtime_error("umockdev_testbed_load_ioctl: " + why);
    }
  }
  void load_script(const std::string& devnode, const std::string& path) {
    GError* error = nullptr;
    if (!umockdev_testbed_load_script(testbed_, devnode.c_str(), path.c_str(), &error)) {
      const std::string why = error->message;
      g_error_free(error);
      throw std::runtime_error("umockdev_testbed_load_script: " + why);
    }
  }
  UMockdevTestbed* raw() { return testbed_; }

  void uevent(const std::string& syspath, const char* action) {
    umockdev_testbed_uevent(testbed_, syspath.c_str(), action);
  }

 private:
  UMockdevTestbed* testbed_;
  std::filesystem::path dir_;
};

// A USB device as usbfs shows it: bus 1, port `port` of the root hub, device number
// `devnum` (a replugged device comes back with a new one), one vendor-class interface with
// bulk IN 0x81 and bulk OUT 0x02.
struct FakeUsbDevice {
  std::uint16_t vendor_id = 0x1209;
  std::uint16_t product_id = 0x5CE0;
  int port = 1;
  int devnum = 2;

  std::string syspath() const {
    return fmt::format("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-{}", port);
  }
  std::string devnode() const { return fmt::format("/dev/bus/usb/001/{:03}", devnum); }

  std::string description() const {
    const auto lo = [](std::uint16_t v) { return v & 0xff; };
    const auto hi = [](std::uint16_t v) { return v >> 8; };
    const std::string descriptors = fmt::format(
        "12010002000000{:02X}{:02X}{:02X}{:02X}{:02X}000100000001"
        "09022000010100803209040000"
        "02FF0000000705810200020007050202000200",
        0x40, lo(vendor_id), hi(vendor_id), lo(product_id), hi(product_id));
    // The descriptor above: bMaxPacketSize0 64, bcdDevice 1.00, no string descriptors.
    return fmt::format(
        "P: /devices/pci0000:00/0000:00:14.0/usb1/1-{port}\n"
        "N: bus/usb/001/{devnum:03}={desc}\n"
        "E: BUSNUM=001\nE: DEVNAME=/dev/bus/usb/001/{devnum:03}\nE: DEVNUM={devnum:03}\n"
        "E: DEVTYPE=usb_device\nE: DRIVER=usb\nE: ID_BUS=usb\nE: ID_MODEL_ID={pid:04x}\n"
        "E: ID_VENDOR_ID={vid:04x}\nE: MAJOR=189\nE: MINOR={minor}\n"
        "E: PRODUCT={vid:x}/{pid:x}/100\nE: SUBSYSTEM=usb\nE: TYPE=0/0/0\n"
        "A: bConfigurationValue=1\nA: bDeviceClass=00\nA: bNumConfigurations=1\n"
        "A: bNumInterfaces= 1\nA: busnum=1\\n\nH: descriptors={desc}\nA: dev=189:{minor}\n"
        "A: devnum={devnum}\\n\nA: devpath={port}\nA: idProduct={pid:04x}\n"
        "A: idVendor={vid:04x}\nA: speed=480\n\n",
        fmt::arg("port", port), fmt::arg("devnum", devnum), fmt::arg("desc", descriptors),
        fmt::arg("vid", vendor_id), fmt::arg("pid", product_id), fmt::arg("minor", devnum - 1));
  }
};

}  // namespace stridecue::test
