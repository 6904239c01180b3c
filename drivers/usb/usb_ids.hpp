// The USB devices stridecue supports, by vendor and product ID. The lead generates
// udev/70-stridecue.rules from this table (TAG+="uaccess"), so adding a row here is half of
// supporting a new device; docs/devices.md has the other half.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "protocol/control_messages.hpp"

namespace stridecue::usb {

// Which driver serves a device: the libusb bulk transport, or the kernel's cdc_acm driver
// (a /dev/ttyACM* port) read by the serial transport.
enum class UsbDriver : std::uint8_t { libusb_bulk, cdc_acm_serial };
std::string_view to_string(UsbDriver driver);  // "usb", "serial"

struct UsbDeviceId {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string_view name;
  UsbDriver driver = UsbDriver::libusb_bulk;
};

inline constexpr std::array kSupportedUsbDevices = {
    UsbDeviceId{protocol::kUsbVendorId, protocol::kUsbProductIdVendorClass,
                "stridecue device (vendor class, bulk)", UsbDriver::libusb_bulk},
    UsbDeviceId{protocol::kUsbVendorId, protocol::kUsbProductIdSerial,
                "stridecue device (CDC-ACM serial)", UsbDriver::cdc_acm_serial},
};

inline std::span<const UsbDeviceId> supported_usb_devices() {
  return kSupportedUsbDevices;
}

// The table's row for vid:pid, if stridecue supports it.
inline std::optional<UsbDeviceId> find_supported(std::uint16_t vendor_id,
                                                 std::uint16_t product_id) {
  for (const auto& id : kSupportedUsbDevices) {
    if (id.vendor_id == vendor_id && id.product_id == product_id) return id;
  }
  return std::nullopt;
}

}  // namespace stridecue::usb
