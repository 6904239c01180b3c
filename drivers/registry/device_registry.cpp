#include "registry/device_registry.hpp"

#include <array>

#include "net/delsys_driver.hpp"
#include "serial/serial_driver.hpp"
#include "usb/usb_driver.hpp"

namespace stridecue {

std::span<const DeviceDriver* const> device_drivers() {
  // A new device: its driver file, and one line here.
  static const std::array<const DeviceDriver*, 3> drivers{
      &usb::usb_device_driver(), &serial::serial_device_driver(), &delsys_device_driver()};
  return drivers;
}

const DeviceDriver* find_device_driver(std::string_view kind) {
  for (const DeviceDriver* d : device_drivers()) {
    if (d->kind == kind) return d;
  }
  return nullptr;
}

}  // namespace stridecue
