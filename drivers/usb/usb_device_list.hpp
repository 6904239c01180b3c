// What is attached and supported, for `stridecue devices`: every USB device in the ID table
// (usb_ids.hpp), with where it sits and — for the libusb devices that answer — what it says
// it is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "usb/usb_ids.hpp"

namespace stridecue::usb {

struct AttachedUsbDevice {
  int bus = 0;
  std::string port_path;  // "1-1.2": what a selector's port= takes
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string name;  // the ID table's name
  UsbDriver driver = UsbDriver::libusb_bulk;
  // From IDENTIFY, when the device answered; empty otherwise.
  std::string serial;
  std::string model;
  std::string kind;  // "force_plate", "emg", "analog_plate"
  std::string firmware;
  // Why it could not be asked (no permission, claimed by another program…), or a note for
  // CDC-ACM devices, which the kernel serves as /dev/ttyACM*. Empty when it answered.
  std::string note;
};

// `identify`: open each bulk device and ask IDENTIFY (a device streaming to another program
// cannot be claimed and says so in `note`). Throws std::runtime_error if libusb cannot start.
std::vector<AttachedUsbDevice> list_usb_devices(bool identify = true);

}  // namespace stridecue::usb
