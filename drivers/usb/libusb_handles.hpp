// Owners for libusb's C handles, and the names of its error codes, so every early return
// releases what was opened and every error message says which libusb error it was.
#pragma once

#include <libusb.h>

#include <memory>
#include <string>

namespace stridecue::usb {

struct ContextCloser {
  void operator()(libusb_context* context) const { libusb_exit(context); }
};
using ContextPtr = std::unique_ptr<libusb_context, ContextCloser>;

// Releases the claimed interface before closing, as a device expects of a polite host.
struct HandleCloser {
  void operator()(libusb_device_handle* handle) const {
    libusb_release_interface(handle, 0);
    libusb_close(handle);
  }
};
using HandlePtr = std::unique_ptr<libusb_device_handle, HandleCloser>;

struct DeviceUnref {
  void operator()(libusb_device* device) const { libusb_unref_device(device); }
};
using DevicePtr = std::unique_ptr<libusb_device, DeviceUnref>;

struct DeviceListFreer {
  void operator()(libusb_device** list) const { libusb_free_device_list(list, 1); }
};
using DeviceListPtr = std::unique_ptr<libusb_device*, DeviceListFreer>;

// "LIBUSB_ERROR_NO_DEVICE" for an error code, "LIBUSB_TRANSFER_STALL" for a transfer status.
inline std::string error_name(int code) {
  return libusb_error_name(code);
}
std::string transfer_status_name(libusb_transfer_status status);

// A vendor-class device has no kernel driver, but a generic one may have bound to it. Done
// by hand rather than with libusb's auto-detach, whose combined disconnect-and-claim ioctl
// older kernels (and umockdev) do not know.
inline void detach_kernel_driver(libusb_device_handle* handle, int interface_number) {
  if (libusb_kernel_driver_active(handle, interface_number) == 1) {
    libusb_detach_kernel_driver(handle, interface_number);
  }
}

// A fresh context, or throws std::runtime_error naming the libusb error.
ContextPtr make_context();

// Bus and ports as Linux names them in sysfs: "1-1", "3-2.4".
std::string port_path(libusb_device* device);

}  // namespace stridecue::usb
