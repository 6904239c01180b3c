#include "usb/usb_device_list.hpp"

#include <fmt/format.h>

#include "usb/libusb_handles.hpp"
#include "usb/usb_control.hpp"

namespace stridecue::usb {

namespace {

void ask_identity(libusb_context* context, libusb_device* device, AttachedUsbDevice& found) {
  libusb_device_handle* raw = nullptr;
  if (const int rc = libusb_open(device, &raw); rc != LIBUSB_SUCCESS) {
    found.note = fmt::format("cannot open: {}{}", error_name(rc),
                             rc == LIBUSB_ERROR_ACCESS ? " (udev rules not installed?)" : "");
    return;
  }
  detach_kernel_driver(raw, 0);
  if (const int rc = libusb_claim_interface(raw, 0); rc != LIBUSB_SUCCESS) {
    found.note = fmt::format("cannot claim interface 0: {}{}", error_name(rc),
                             rc == LIBUSB_ERROR_BUSY ? " (in use by another program?)" : "");
    libusb_close(raw);
    return;
  }
  HandlePtr handle(raw);
  UsbControl control(context, raw, "usb " + found.port_path, 500);
  if (auto identity = control.identify()) {
    found.serial = identity->serial;
    found.model = identity->model;
    found.firmware = identity->firmware;
    found.kind = std::string(protocol::kind_name(identity->kind));
  } else {
    found.note = control.error();
  }
}

}  // namespace

std::vector<AttachedUsbDevice> list_usb_devices(bool identify) {
  auto context = make_context();
  libusb_device** raw = nullptr;
  const auto count = libusb_get_device_list(context.get(), &raw);
  if (count < 0) return {};
  DeviceListPtr list(raw);
  std::vector<AttachedUsbDevice> attached;
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor descriptor{};
    if (libusb_get_device_descriptor(raw[i], &descriptor) != LIBUSB_SUCCESS) continue;
    const auto id = find_supported(descriptor.idVendor, descriptor.idProduct);
    if (!id) continue;
    AttachedUsbDevice found;
    found.bus = libusb_get_bus_number(raw[i]);
    found.port_path = port_path(raw[i]);
    found.vendor_id = descriptor.idVendor;
    found.product_id = descriptor.idProduct;
    found.name = std::string(id->name);
    found.driver = id->driver;
    if (id->driver == UsbDriver::cdc_acm_serial) {
      found.note = "served by the kernel's cdc_acm driver: use its /dev/ttyACM* port";
    } else if (identify) {
      ask_identity(context.get(), raw[i], found);
    }
    attached.push_back(std::move(found));
  }
  return attached;
}

std::string_view to_string(UsbDriver driver) {
  switch (driver) {
    case UsbDriver::libusb_bulk: return "usb";
    case UsbDriver::cdc_acm_serial: return "serial";
  }
  return "usb";
}

}  // namespace stridecue::usb
