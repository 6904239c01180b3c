// udev/70-stridecue.rules, generated from the USB drivers' table of supported devices
// (drivers/usb/usb_ids.hpp), so a new device ID cannot be supported by the code and refused
// by the system. `stridecue devices --udev-rules` prints it; a test keeps the shipped file
// identical.
#pragma once

#include <string>

namespace stridecue {

std::string udev_rules_text();

}  // namespace stridecue
