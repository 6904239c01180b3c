#include "usb/usb_control.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "protocol/control_exchange.hpp"
#include "usb/libusb_handles.hpp"

namespace stridecue::usb {

namespace {

struct TransferFreer {
  void operator()(libusb_transfer* transfer) const { libusb_free_transfer(transfer); }
};

void LIBUSB_CALL mark_done(libusb_transfer* transfer) {
  *static_cast<int*>(transfer->user_data) = 1;
}

}  // namespace

UsbControl::UsbControl(libusb_context* context, libusb_device_handle* handle, std::string where,
                       unsigned timeout_ms)
    : context_(context), handle_(handle), where_(std::move(where)), timeout_ms_(timeout_ms) {}

std::optional<std::vector<std::uint8_t>> UsbControl::transfer(const protocol::ControlSetup& setup,
                                                              std::string_view what) {
  std::vector<std::uint8_t> buffer(LIBUSB_CONTROL_SETUP_SIZE + setup.length, 0);
  libusb_fill_control_setup(buffer.data(), setup.request_type, setup.request, setup.value,
                            setup.index, setup.length);
  std::unique_ptr<libusb_transfer, TransferFreer> transfer(libusb_alloc_transfer(0));
  if (!transfer) {
    error_ = fmt::format("{}: {}: libusb_alloc_transfer failed", where_, what);
    return std::nullopt;
  }
  int done = 0;
  libusb_fill_control_transfer(transfer.get(), handle_, buffer.data(), mark_done, &done,
                               timeout_ms_);
  // The kernel files a control URB under ep0 IN or OUT by its bmRequestType (usbfs sets the
  // direction bit itself); saying so here changes nothing on hardware and lets umockdev's ioctl
  // replay, which only returns data for URBs on an IN endpoint, answer IN requests.
  const bool is_in = (setup.request_type & LIBUSB_ENDPOINT_IN) != 0;
  if (is_in) transfer->endpoint = LIBUSB_ENDPOINT_IN;

  const int rc = libusb_submit_transfer(transfer.get());
  if (rc != LIBUSB_SUCCESS) {
    error_ = fmt::format("{}: {}: submitting the control transfer failed: {}", where_, what,
                         error_name(rc));
    return std::nullopt;
  }
  while (done == 0) {
    timeval tick{0, 100'000};
    const int events = libusb_handle_events_timeout_completed(context_, &tick, &done);
    if (events != LIBUSB_SUCCESS && events != LIBUSB_ERROR_INTERRUPTED) {
      libusb_cancel_transfer(transfer.get());
      while (done == 0)
        libusb_handle_events_completed(context_, &done);
      error_ = fmt::format("{}: {}: handling libusb events failed: {}", where_, what,
                           error_name(events));
      return std::nullopt;
    }
  }
  if (transfer->status != LIBUSB_TRANSFER_COMPLETED) {
    error_ = fmt::format("{}: {}: {}", where_, what, transfer_status_name(transfer->status));
    return std::nullopt;
  }
  if (!is_in) return std::vector<std::uint8_t>{};
  // usbfs reports the data stage alone; umockdev's replay counts the setup packet as well.
  // A reply counts as whole when at least wLength bytes arrived either way.
  const auto received = static_cast<std::size_t>(std::max(transfer->actual_length, 0));
  if (received < setup.length) {
    error_ =
        fmt::format("{}: {}: short reply, {} of {} bytes", where_, what, received, setup.length);
    return std::nullopt;
  }
  const std::uint8_t* data = libusb_control_transfer_get_data(transfer.get());
  return std::vector<std::uint8_t>(data, data + setup.length);
}

std::optional<protocol::Identity> UsbControl::identify() {
  const protocol::Command command{protocol::Request::identify};
  const auto reply = transfer(protocol::to_setup(command), "IDENTIFY");
  if (!reply) return std::nullopt;
  auto identity = protocol::parse_identity(*reply);
  if (!identity) {
    error_ = fmt::format("{}: IDENTIFY reply: {}", where_, identity.error);
    return std::nullopt;
  }
  return identity.value;
}

std::optional<protocol::DeviceDescription> UsbControl::describe() {
  auto identity = identify();
  if (!identity) return std::nullopt;
  return describe(*identity);
}

std::optional<protocol::DeviceDescription> UsbControl::describe(
    const protocol::Identity& identity) {
  const protocol::DescriptionRequests requests{
      [this](std::uint8_t s) -> std::optional<protocol::ParseResult<protocol::StreamDescriptor>> {
        protocol::Command get_stream{protocol::Request::get_stream, s};
        const auto reply =
            transfer(protocol::to_setup(get_stream), fmt::format("GET_STREAM {}", s));
        if (!reply) return std::nullopt;
        return protocol::parse_stream(*reply);
      },
      [this](std::uint8_t s,
             std::uint16_t c) -> std::optional<protocol::ParseResult<protocol::ChannelDescriptor>> {
        protocol::Command get_channel{protocol::Request::get_channel, s, c};
        const auto reply =
            transfer(protocol::to_setup(get_channel), fmt::format("GET_CHANNEL {} {}", s, c));
        if (!reply) return std::nullopt;
        return protocol::parse_channel(*reply);
      }};
  return protocol::read_description(identity, where_, requests, error_);
}

bool UsbControl::command(const protocol::Command& command) {
  return transfer(protocol::to_setup(command), protocol::command_text(command)).has_value();
}

}  // namespace stridecue::usb
