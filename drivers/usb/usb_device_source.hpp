// A stridecue protocol device on USB (vendor class, bulk IN), as a SampleSource.
//
// Threads: the constructor opens the device and learns its description on the calling thread
// (layout() must be valid from construction), then starts ONE event thread that owns the
// libusb context from then on: it handles every libusb event, keeps the bulk IN transfers in
// flight, feeds completed transfers to the protocol device core and reconnects after an
// unplug. A dedicated thread rather than next()'s caller, because the receipt time of a
// transfer is stamped when libusb completes it: if completions waited for the consumer to
// call next(), a busy consumer would shift every receipt time and hide the delay from the
// latency figures. In the daemon (push_into) the event thread decodes each frame straight
// into a claimed slot of the device's lane to the engine thread; a tool without the daemon
// calls next(), which takes finished blocks from the core's queue, waiting at most ~40 ms.
//
// Unplug (LIBUSB_ERROR_NO_DEVICE, or a hotplug LEFT): the transfers are cancelled, the device
// closed and a `lost` event raised. The device is reopened on a hotplug ARRIVED that matches
// the selector, or — where libusb has no hotplug — by trying every 100 ms, doubling to 2 s.
// After reopening: identify (the same serial and streams as before, else it is another
// device), set rate, start; the core places the next frames on the session timeline after the
// gap and raises `resumed` with gap_s.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "protocol/protocol_device.hpp"
#include "protocol/transport_source.hpp"
#include "source/block_sink.hpp"
#include "source/sample_source.hpp"
#include "source/source_health.hpp"
#include "usb/bulk_in_stream.hpp"
#include "usb/libusb_handles.hpp"
#include "usb/usb_selector.hpp"

namespace stridecue::usb {

struct UsbSourceOptions {
  UsbSelector selector;
  std::size_t transfers_in_flight = 4;
  std::size_t transfer_bytes = 16384;  // per bulk IN transfer; frames may span transfers
  // Rate to set per stream (SET_RATE), by stream index; missing entries: the described rate.
  std::vector<std::uint16_t> rates_hz;
  // false: find a returning device by polling even where libusb reports hotplug support.
  bool use_hotplug = true;
  std::chrono::milliseconds retry_first{100};  // polling back-off: first wait, doubling
  std::chrono::milliseconds retry_max{2000};   // to this
  std::size_t queue_blocks = 1024;             // blocks held for next() before dropping
  unsigned control_timeout_ms = 1000;
};

struct UsbSourceCounters {
  std::uint64_t transfers = 0;  // bulk IN transfers completed with data
  std::uint64_t bytes = 0;
  std::uint64_t stalls = 0;           // endpoint stalls cleared
  std::uint64_t transfer_errors = 0;  // other failed transfers (resubmitted)
  std::uint64_t bad_frames = 0;       // CRC errors + bad headers + frames not as described
  std::uint64_t bytes_skipped = 0;    // garbage skipped while resynchronising
  std::uint64_t frames_missing = 0;   // sequence numbers skipped: frames the device sent, lost
  std::uint64_t blocks_dropped = 0;   // queued blocks dropped because next() fell behind
  std::uint64_t reconnects = 0;
};

class UsbDeviceSource : public SampleSource, public SourceHealth, public PushSource {
 public:
  explicit UsbDeviceSource(UsbSourceOptions options);
  ~UsbDeviceSource() override;
  UsbDeviceSource(const UsbDeviceSource&) = delete;
  UsbDeviceSource& operator=(const UsbDeviceSource&) = delete;

  const SourceLayout& layout() const override;
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_.message(); }
  bool is_live() const override { return true; }
  std::vector<SourceEvent> take_events() override;
  // The daemon's path: the transport thread decodes each frame into a slot of `sink`.
  void push_into(BlockSink& sink) override;

  UsbSourceCounters counters() const;
  std::vector<HealthCounter> health() const override;
  // "usb 1-1 (SC-FP2 serial 0042)"; the selector while nothing was opened.
  const std::string& device_name() const { return name_; }
  // What the device said about itself at the first connection.
  const protocol::DeviceDescription* description() const;

 private:
  enum class State : std::uint8_t { connected, draining, closed };
  struct Opened {
    DevicePtr device;  // referenced while open
    HandlePtr handle;
    std::string port;
    protocol::DeviceDescription description;
  };

  std::optional<Opened> open_matching(std::string& why);
  std::optional<Opened> open_one(libusb_device* device, const std::string& port, std::string& why);
  std::string start_streaming(Opened& opened);
  void adopt(Opened opened);
  void run();
  void lose(std::string detail);
  void close_device();
  void try_reconnect();
  void shut_down();
  void drain_transfers();
  static int LIBUSB_CALL on_hotplug(libusb_context* context, libusb_device* device,
                                    libusb_hotplug_event event, void* self);

  UsbSourceOptions options_;
  std::string name_;
  SourceLayout empty_layout_;

  ContextPtr context_;
  std::unique_ptr<protocol::ProtocolDevice> core_;
  BulkCounters bulk_counters_;
  std::unique_ptr<BulkInStream> bulk_;

  // Event thread only (and the constructor, before it starts).
  State state_ = State::closed;
  DevicePtr device_;
  HandlePtr handle_;
  std::string expected_serial_;
  bool hotplug_ = false;
  libusb_hotplug_callback_handle hotplug_handle_{};
  bool arrival_seen_ = false;  // an ARRIVED since the loss: start trying
  std::chrono::steady_clock::time_point next_try_{};
  std::chrono::milliseconds retry_wait_{};

  std::atomic<bool> stop_{false};
  protocol::TransportFailure failure_;
  std::thread thread_;
};

}  // namespace stridecue::usb
