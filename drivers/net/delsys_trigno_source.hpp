// A Delsys Trigno EMG system through its SDK server (Trigno Control Utility) over TCP, as a
// live SampleSource (docs/delsys.md).
//
// The command port (50040) greets with a banner line and takes ASCII commands ending in
// <CR><LF><CR><LF>; it answers each with a line ("OK", "INVALID COMMAND", "YES", a number).
// The EMG data port (50043) streams rows of 16 little-endian float32 volts, one per sensor
// slot, at the sensor rate. The source connects both, asks whether its sensors are paired and
// at what rate they sample, sends START, and hands out the mapped channels as stream "emg".
//
// Live, two ways (PushSource): in the daemon, push_into() starts the source's own thread
// (sc-delsys), which runs the sockets and decodes each read's rows straight into a claimed
// slot of the engine's lane; tools and tests without the daemon call next(), which never blocks
// longer than options.poll_s, returns `waiting` while nothing is ready, while connecting and
// while the server is away, and runs all socket work on the caller's thread (one Asio
// io_context). Either way each block's receipt_ns is stamped when its bytes are read. When either
// socket drops, the data port falls silent for data_timeout_s, or the server stops answering, the
// source reconnects with back-off (100 ms doubling to 2 s) and sends START again. Events:
// `connected` after the first START, `lost` when a running link drops, `resumed` (gap_s) at the
// first data after it; the sample counter jumps by the host time elapsed, so the session timeline
// keeps the gap.
//
// Fails (for good) only on a bad configuration or when the server states a rate other than
// the configured one (the stream's layout cannot change once built).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "net/trigno_options.hpp"
#include "source/block_sink.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class DelsysTrignoSource final : public SampleSource, public PushSource {
 public:
  explicit DelsysTrignoSource(DelsysTrignoOptions options);
  ~DelsysTrignoSource() override;
  DelsysTrignoSource(const DelsysTrignoSource&) = delete;
  DelsysTrignoSource& operator=(const DelsysTrignoSource&) = delete;

  const SourceLayout& layout() const override;
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override;
  bool is_live() const override { return true; }
  std::vector<SourceEvent> take_events() override;
  void push_into(BlockSink& sink) override;

  // What the link is doing, for logs and the overlay: "streaming", "connecting to … (attempt
  // 3)", "no banner from … within 2.0 s; retrying in 0.4 s". Same thread as next(); not once
  // the source pushes.
  const std::string& status() const;
  // The server's greeting, and what it said of the rate and the sensors, from the last
  // connection.
  const std::string& banner() const;
  std::uint64_t connections() const;  // START acknowledged, counted

 private:
  class Link;
  std::unique_ptr<Link> link_;
};

}  // namespace stridecue
