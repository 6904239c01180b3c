// The stridecue device protocol over a serial port (CDC-ACM or an FTDI bridge), as a registered
// device driver (source.kind = "serial"; drivers/source/device_driver.hpp).
#pragma once

#include "source/device_driver.hpp"

namespace stridecue::serial {

const DeviceDriver& serial_device_driver();

}  // namespace stridecue::serial
