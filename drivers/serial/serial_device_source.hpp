// A stridecue protocol device on a serial port (CDC-ACM 1209:5ce1 as /dev/ttyACM*, or any
// bridge behind an FTDI /dev/ttyUSB*), as a SampleSource: ASCII control lines, then binary
// frames after START.
//
// Threads: like the USB source. The constructor opens the port and learns the description on
// the calling thread (layout() is valid from construction); then ONE reader thread owns the
// port: it stamps each read with the host's monotonic time as it completes, feeds the bytes to
// the protocol device core (which, in the daemon, decodes them straight into the device's lane
// to the engine thread: push_into), and when the port fails or disappears (the cable is
// pulled and the kernel removes /dev/ttyACM0) raises `lost`, closes it and reopens the same
// path every 100 ms, doubling to 2 s, until the device answers again with the same serial and
// streams.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "protocol/protocol_device.hpp"
#include "protocol/transport_source.hpp"
#include "serial/serial_link.hpp"
#include "source/block_sink.hpp"
#include "source/sample_source.hpp"
#include "source/source_health.hpp"

namespace stridecue::serial {

struct SerialSourceOptions {
  std::string path;        // "/dev/ttyACM0", "/dev/ttyUSB0"
  unsigned baud = 921600;  // CDC-ACM ignores it; an FTDI bridge needs the device's rate
  std::vector<std::uint16_t> rates_hz;  // SET_RATE per stream; missing: the described rate
  std::chrono::milliseconds reply_timeout{1000};
  std::chrono::milliseconds retry_first{100};
  std::chrono::milliseconds retry_max{2000};
  std::size_t queue_blocks = 1024;
  std::size_t read_bytes = 4096;
};

struct SerialSourceCounters {
  std::uint64_t reads = 0;  // reads that brought bytes
  std::uint64_t bytes = 0;
  std::uint64_t bad_frames = 0;      // CRC errors + bad headers + frames not as described
  std::uint64_t bytes_skipped = 0;   // garbage skipped while resynchronising
  std::uint64_t frames_missing = 0;  // sequence numbers skipped
  std::uint64_t blocks_dropped = 0;  // queued blocks dropped because next() fell behind
  std::uint64_t reconnects = 0;
};

class SerialDeviceSource : public SampleSource, public SourceHealth, public PushSource {
 public:
  explicit SerialDeviceSource(SerialSourceOptions options);
  ~SerialDeviceSource() override;
  SerialDeviceSource(const SerialDeviceSource&) = delete;
  SerialDeviceSource& operator=(const SerialDeviceSource&) = delete;

  const SourceLayout& layout() const override;
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_.message(); }
  bool is_live() const override { return true; }
  std::vector<SourceEvent> take_events() override;
  // The daemon's path: the transport thread decodes each frame into a slot of `sink`.
  void push_into(BlockSink& sink) override;

  SerialSourceCounters counters() const;
  std::vector<HealthCounter> health() const override;
  // "serial /dev/ttyACM0 (SC-FP2 serial 0042)".
  const std::string& device_name() const { return name_; }

 private:
  // Opens the port and runs the exchange; the description, or nullopt with `why`.
  std::optional<protocol::DeviceDescription> connect(std::string& why);
  std::string start_streaming(const protocol::DeviceDescription& description);
  void run();
  void lose(std::string detail);

  SerialSourceOptions options_;
  std::string name_;
  SourceLayout empty_layout_;
  std::unique_ptr<protocol::ProtocolDevice> core_;
  SerialLink link_;  // reader thread only, once it runs
  std::string expected_serial_;
  std::vector<std::uint8_t> buffer_;

  std::atomic<std::uint64_t> reads_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<bool> stop_{false};
  protocol::TransportFailure failure_;
  std::thread thread_;
};

}  // namespace stridecue::serial
