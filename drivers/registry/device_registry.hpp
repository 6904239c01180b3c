// Every device driver stridecue has, in one list (drivers/source/device_driver.hpp). The rest
// of the program asks here, by kind, and never names a particular driver: the settings table
// takes their keys, the problems check their rules, the CLI opens them, `stridecue devices
// --udev-rules` writes their USB IDs.
#pragma once

#include <span>
#include <string_view>

#include "source/device_driver.hpp"

namespace stridecue {

std::span<const DeviceDriver* const> device_drivers();
const DeviceDriver* find_device_driver(std::string_view kind);

}  // namespace stridecue
