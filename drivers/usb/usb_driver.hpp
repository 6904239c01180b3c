// The libusb bulk transport of the stridecue device protocol, as a registered device driver
// (source.kind = "usb"; drivers/source/device_driver.hpp).
#pragma once

#include "source/device_driver.hpp"

namespace stridecue::usb {

const DeviceDriver& usb_device_driver();

}  // namespace stridecue::usb
