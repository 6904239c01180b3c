#include "usb/libusb_handles.hpp"

#include <fmt/format.h>
#include <array>
#include <cstdint>
#include <stdexcept>

namespace stridecue::usb {

std::string transfer_status_name(libusb_transfer_status status) {
  switch (status) {
    case LIBUSB_TRANSFER_COMPLETED: return "LIBUSB_TRANSFER_COMPLETED";
    case LIBUSB_TRANSFER_ERROR: return "LIBUSB_TRANSFER_ERROR";
    case LIBUSB_TRANSFER_TIMED_OUT: return "LIBUSB_TRANSFER_TIMED_OUT";
    case LIBUSB_TRANSFER_CANCELLED: return "LIBUSB_TRANSFER_CANCELLED";
    case LIBUSB_TRANSFER_STALL: return "LIBUSB_TRANSFER_STALL";
    case LIBUSB_TRANSFER_NO_DEVICE: return "LIBUSB_TRANSFER_NO_DEVICE";
    case LIBUSB_TRANSFER_OVERFLOW: return "LIBUSB_TRANSFER_OVERFLOW";
  }
  return fmt::format("libusb transfer status {}", static_cast<int>(status));
}

ContextPtr make_context() {
  libusb_context* context = nullptr;
  const int rc = libusb_init(&context);
  if (rc != LIBUSB_SUCCESS) {
    throw std::runtime_error(fmt::format("libusb_init failed: {}", error_name(rc)));
  }
  return ContextPtr(context);
}

std::string port_path(libusb_device* device) {
  std::array<std::uint8_t, 8> ports{};
  const int count = libusb_get_port_numbers(device, ports.data(), static_cast<int>(ports.size()));
  std::string path = fmt::format("{}", libusb_get_bus_number(device));
  for (int i = 0; i < count; ++i) {
    path += (i == 0 ? '-' : '.');
    path += fmt::format("{}", ports[static_cast<std::size_t>(i)]);
  }
  return path;
}

}  // namespace stridecue::usb
