// What the USB and serial sources do alike around their ProtocolDevice core: hand a failure
// from the transport's thread to the consumer (next(), or the sink the transport pushes into),
// and the core's share of their counters.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "engine/sample_block.hpp"
#include "protocol/protocol_device.hpp"
#include "source/block_sink.hpp"
#include "source/sample_source.hpp"
#include "source/source_health.hpp"

namespace stridecue::protocol {

// Why a source failed. The transport thread may fail it at any time; the message becomes the
// consumer thread's own copy (SampleSource::failure() hands out a reference) when next() first
// sees the flag, so the consumer never reads a string the transport is writing.
class TransportFailure {
 public:
  // Before the transport thread starts: the consumer's message at once.
  void fail_at_start(std::string why);
  // On the transport thread.
  void fail(std::string why);
  bool failed() const { return failed_.load(std::memory_order_acquire); }
  // Consumer thread: failed(), with message() set from then on.
  bool seen_by_consumer();
  const std::string& message() const { return message_; }
  // The transport pushes into `sink` from now on: a failure closes it with its message (at
  // once when the source has failed already).
  void close_on_failure(BlockSink& sink);

 private:
  std::atomic<bool> failed_{false};
  std::string message_;  // consumer thread's copy
  std::mutex pending_mutex_;
  std::string pending_;        // written by the transport thread, under pending_mutex_
  BlockSink* sink_ = nullptr;  // under pending_mutex_
};

// A device source's push_into(): the core writes into `sink` from now on, and a failure closes
// it. `core` may be null only when the source failed at start.
void push_blocks(TransportFailure& failure, ProtocolDevice* core, BlockSink& sink);

// A device source's next(): failed once the transport has failed, else the core's oldest
// block, waiting up to `wait` for one (short, so the daemon can stop the source promptly).
// `core` may be null only when the source failed at start.
SourceStatus next_block(TransportFailure& failure, ProtocolDevice* core, SampleBlock& block,
                        std::chrono::milliseconds wait);

// Fills the counters both transports report from the core's (`Counters`: Serial- or
// UsbSourceCounters).
template <class Counters>
void copy_core_counters(const DeviceCounters& core, Counters& c) {
  c.bad_frames = core.decoder.crc_errors + core.decoder.bad_headers + core.frames_rejected;
  c.bytes_skipped = core.decoder.bytes_skipped;
  c.frames_missing = core.decoder.frames_missing;
  c.blocks_dropped = core.blocks_dropped;  // next()'s queue; the daemon's sink counts its own
  c.reconnects = core.reconnects;
}

// The health counters (GET /status) the core's share gives, after the transport's own.
template <class Counters>
void append_core_health(const Counters& c, std::vector<HealthCounter>& health) {
  health.insert(health.end(), {{"bad_frames", c.bad_frames},
                               {"bytes_skipped", c.bytes_skipped},
                               {"frames_missing", c.frames_missing},
                               {"blocks_dropped", c.blocks_dropped},
                               {"reconnects", c.reconnects}});
}

}  // namespace stridecue::protocol
