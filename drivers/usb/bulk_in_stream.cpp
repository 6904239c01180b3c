#include "usb/bulk_in_stream.hpp"

#include <fmt/format.h>
#include <chrono>

#include "realtime/monotonic_clock.hpp"
#include "usb/libusb_handles.hpp"

namespace stridecue::usb {

BulkInStream::BulkInStream(std::uint8_t endpoint, std::size_t in_flight, std::size_t transfer_bytes,
                           BulkCounters& counters, OnData on_data, OnGone on_gone)
    : endpoint_(endpoint),
      transfer_bytes_(transfer_bytes),
      counters_(counters),
      on_data_(std::move(on_data)),
      on_gone_(std::move(on_gone)) {
  for (std::size_t i = 0; i < in_flight; ++i) {
    transfers_.push_back(libusb_alloc_transfer(0));
    buffers_.emplace_back(transfer_bytes_);
  }
}

BulkInStream::~BulkInStream() {
  for (auto* transfer : transfers_)
    libusb_free_transfer(transfer);
}

std::string BulkInStream::start(libusb_device_handle* handle) {
  handle_ = handle;
  stopping_ = false;
  for (std::size_t i = 0; i < transfers_.size(); ++i) {
    if (transfers_[i] == nullptr) return "libusb_alloc_transfer failed";
    // No timeout: a device that has nothing to say is not an error.
    libusb_fill_bulk_transfer(transfers_[i], handle, endpoint_, buffers_[i].data(),
                              static_cast<int>(transfer_bytes_), on_complete, this, 0);
    const int rc = libusb_submit_transfer(transfers_[i]);
    if (rc != LIBUSB_SUCCESS) {
      cancel();
      return fmt::format("submitting bulk IN transfer {} on endpoint 0x{:02x}: {}", i, endpoint_,
                         error_name(rc));
    }
    ++in_flight_;
  }
  return {};
}

void BulkInStream::cancel() {
  stopping_ = true;
  for (auto* transfer : transfers_) {
    // Fails harmlessly (NOT_FOUND) for transfers already completed or never submitted.
    if (transfer != nullptr) libusb_cancel_transfer(transfer);
  }
}

void LIBUSB_CALL BulkInStream::on_complete(libusb_transfer* transfer) {
  static_cast<BulkInStream*>(transfer->user_data)->complete(transfer);
}

void BulkInStream::complete(libusb_transfer* transfer) {
  // First, before any work: this is the receipt time the session timeline keeps.
  const std::int64_t receipt_ns = monotonic_ns();
  --in_flight_;
  switch (transfer->status) {
    case LIBUSB_TRANSFER_COMPLETED: {
      const auto length = static_cast<std::size_t>(transfer->actual_length);
      counters_.transfers.fetch_add(1, std::memory_order_relaxed);
      counters_.bytes.fetch_add(length, std::memory_order_relaxed);
      if (length > 0 && !stopping_) on_data_({transfer->buffer, length}, receipt_ns);
      resubmit(transfer);
      return;
    }
    case LIBUSB_TRANSFER_STALL: {
      counters_.stalls.fetch_add(1, std::memory_order_relaxed);
      if (stopping_) return;
      const int rc = libusb_clear_halt(handle_, endpoint_);
      if (rc == LIBUSB_ERROR_NO_DEVICE) return gone("LIBUSB_ERROR_NO_DEVICE (clearing a stall)");
      resubmit(transfer);
      return;
    }
    case LIBUSB_TRANSFER_NO_DEVICE: return gone("LIBUSB_ERROR_NO_DEVICE");
    case LIBUSB_TRANSFER_CANCELLED: return;
    case LIBUSB_TRANSFER_ERROR:
    case LIBUSB_TRANSFER_TIMED_OUT:
    case LIBUSB_TRANSFER_OVERFLOW:
      counters_.errors.fetch_add(1, std::memory_order_relaxed);
      resubmit(transfer);
      return;
  }
}

void BulkInStream::resubmit(libusb_transfer* transfer) {
  if (stopping_) return;
  const int rc = libusb_submit_transfer(transfer);
  if (rc == LIBUSB_SUCCESS) {
    ++in_flight_;
    return;
  }
  gone(fmt::format("{} (resubmitting a bulk IN transfer)", error_name(rc)));
}

void BulkInStream::gone(std::string detail) {
  if (stopping_) return;
  cancel();
  on_gone_(std::move(detail));
}

}  // namespace stridecue::usb
