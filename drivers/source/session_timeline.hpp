// One session timeline for devices on unrelated clocks (DESIGN.md principle 2): a stage in
// front of each device's sink that rewrites its blocks' sample indices onto the timeline, on
// the device's own producer thread, so the engine thread only reads the rings.
//
// Devices start their sample counters at unrelated moments. The timeline keeps a host
// reference time T0, the receipt of the first block from any device minus that block's
// duration (set once, by compare-exchange: whichever device's thread gets there first), and
// gives each stream, at its first block, the counter offset that puts that block's end at its
// receipt time on the T0 timeline:  offset = round((receipt_ns − T0)·rate − (counter + frames)),
// applied to every later block's first_sample. Session time of a sample = (counter + offset)
// / rate, so every stream starts at session time 0. A device's own gap handling after a
// reconnect keeps its counter continuous in host time, so the offset stays valid across it.
//   The offset inherits the first block's transport latency (one USB transfer or TCP read:
// typically a few ms). Device clocks also drift apart: two crystals 50 ppm apart part by 3 ms
// a minute, 0.18 s an hour, which would move every EMG window against its contact. So each
// stream's clock is measured against the host's (receipt times against counters, least
// squares over the whole session, from drift_min_span_s on) and every stream of the other
// devices follows the first device's clock (its first stream, the reference, whose rate its
// stage publishes in an atomic): a following stream's first_sample gains (slow clock) or loses
// (fast clock) one index at a time, so that its session time keeps to the reference's. The fit
// averages the transports' latency jitter over thousands of blocks; the host clock's own rate
// cancels out, as both sides are measured against it.
//
// Threads: each stage is written by its device's producer thread only (claim/commit, as any
// BlockSink); its figures (counter_offset, drift_ppm, drift_correction) are atomics that any
// thread may read. Nothing here locks or allocates per block.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "source/block_sink.hpp"

namespace stridecue {

struct TimelineOptions {
  // Keep the other devices' streams on the first device's clock, once both clocks have been
  // measured over drift_min_span_s of data.
  bool correct_drift = true;
  double drift_min_span_s = 10.0;
};

// What the stages of one session share: T0 and the reference clock's rate.
class SessionTimeline {
 public:
  explicit SessionTimeline(TimelineOptions options = {}) : options_(options) {}
  const TimelineOptions& options() const { return options_; }

  // T0, set by the first caller to `candidate`; every caller gets the one in force.
  std::int64_t t0_ns(std::int64_t candidate);
  // The reference stream's host seconds per device second, once measured.
  void publish_reference(double host_s_per_device_s);
  std::optional<double> reference() const;

 private:
  static constexpr std::int64_t kUnset = std::numeric_limits<std::int64_t>::min();
  TimelineOptions options_;
  std::atomic<std::int64_t> t0_ns_{kUnset};
  std::atomic<double> reference_{0.0};  // 0: not measured yet
};

class TimelineStage final : public BlockSink {
 public:
  // `first_stream`: the device's first stream in the session's layout (its blocks' stream
  // indices are offset by it). `rates_hz`: the device's streams. `is_reference`: the first
  // device, whose first stream's clock the others follow. `name` prefixes its failure.
  TimelineStage(SessionTimeline& timeline, std::string name, std::size_t first_stream,
                std::vector<double> rates_hz, bool is_reference);
  // Before the first block: where the stage's blocks go (the device's lane).
  void connect(BlockSink& downstream) { downstream_ = &downstream; }

  // Producer thread (BlockSink).
  std::span<float> claim(std::uint16_t stream, std::size_t frames, std::size_t channels) override;
  void commit(const BlockStamp& stamp) override;
  std::size_t slot_floats() const override { return downstream_->slot_floats(); }
  bool has_room() const override { return downstream_->has_room(); }
  void close(const std::string& failure) override;

  // Any thread; `stream` is the device's own stream index.
  // The counter offset given to the stream at its first block; empty before it.
  std::optional<std::int64_t> counter_offset(std::size_t stream) const;
  // The stream's clock against the host's, in ppm (positive: the device's samples reach the
  // host later and later, its clock runs slow), from at least min_span_s of data.
  std::optional<double> drift_ppm(std::size_t stream, double min_span_s) const;
  // Sample indices the drift correction has added so far (negative: removed); 0 for the
  // reference device's streams.
  std::int64_t drift_correction(std::size_t stream) const;

 private:
  struct StreamClock {
    double rate_hz = 0.0;
    bool anchored = false;
    std::int64_t offset = 0;
    // Least squares of receipt against counter, relative to the first block (x, y in seconds).
    std::int64_t first_receipt_ns = 0;
    std::int64_t first_end = 0;
    double n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, span_s = 0.0;
    std::int64_t drift_samples = 0;
    // Published for other threads.
    std::atomic<std::int64_t> published_offset{std::numeric_limits<std::int64_t>::min()};
    std::atomic<double> published_slope{0.0};  // 0: fewer than 3 blocks
    std::atomic<double> published_span_s{0.0};
    std::atomic<std::int64_t> published_drift{0};

    // Host seconds per device second, or 0 before three blocks.
    double slope() const;
  };

  std::int64_t session_first_sample(StreamClock& clock, const BlockStamp& stamp);
  void follow_reference_clock(StreamClock& clock, std::int64_t end) const;

  SessionTimeline& timeline_;
  std::string name_;
  std::size_t first_stream_;
  bool is_reference_;
  std::vector<StreamClock> clocks_;  // sized at construction
  BlockSink* downstream_ = nullptr;
  std::size_t claimed_stream_ = 0;
  std::size_t claimed_frames_ = 0;
};

}  // namespace stridecue
