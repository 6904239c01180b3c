// Several bulk IN transfers kept in flight on one endpoint, so the device never waits for the
// host to resubmit. Runs entirely on the libusb event thread: completions are stamped with the
// host's monotonic time the moment libusb hands them back and passed on; a stall is cleared
// and the transfer resubmitted; a vanished device stops the stream and is reported once.
#pragma once

#include <libusb.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace stridecue::usb {

struct BulkCounters {
  std::atomic<std::uint64_t> transfers{0};  // completed with data
  std::atomic<std::uint64_t> bytes{0};
  std::atomic<std::uint64_t> stalls{0};  // cleared with libusb_clear_halt
  std::atomic<std::uint64_t> errors{0};  // other failed transfers, resubmitted
};

class BulkInStream {
 public:
  // Bytes of one completed transfer and the host monotonic time of its completion.
  using OnData = std::function<void(std::span<const std::uint8_t>, std::int64_t receipt_ns)>;
  // The device is gone: the libusb error or transfer status that said so.
  using OnGone = std::function<void(std::string detail)>;

  BulkInStream(std::uint8_t endpoint, std::size_t in_flight, std::size_t transfer_bytes,
               BulkCounters& counters, OnData on_data, OnGone on_gone);
  ~BulkInStream();  // only once idle(): libusb must not hold a transfer being freed
  BulkInStream(const BulkInStream&) = delete;
  BulkInStream& operator=(const BulkInStream&) = delete;

  // Submits every transfer on `handle`. Empty on success, else the libusb error.
  std::string start(libusb_device_handle* handle);
  // Cancels what is in flight; completions keep arriving until idle().
  void cancel();
  bool idle() const { return in_flight_ == 0; }

 private:
  static void LIBUSB_CALL on_complete(libusb_transfer* transfer);
  void complete(libusb_transfer* transfer);
  void resubmit(libusb_transfer* transfer);
  void gone(std::string detail);

  std::uint8_t endpoint_;
  std::size_t transfer_bytes_;
  BulkCounters& counters_;
  OnData on_data_;
  OnGone on_gone_;
  libusb_device_handle* handle_ = nullptr;
  std::vector<libusb_transfer*> transfers_;
  std::vector<std::vector<std::uint8_t>> buffers_;
  std::size_t in_flight_ = 0;
  bool stopping_ = false;  // cancelled or gone: completions are not resubmitted
};

}  // namespace stridecue::usb
