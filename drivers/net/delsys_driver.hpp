// A Delsys Trigno EMG system over its SDK's TCP ports, as a registered device driver
// (source.kind = "delsys", or source.emg = "delsys" beside a force source;
// drivers/source/device_driver.hpp).
#pragma once

#include "source/device_driver.hpp"

namespace stridecue {

const DeviceDriver& delsys_device_driver();

}  // namespace stridecue
