// Several sources feeding one session: a clinic's force plates (USB, serial or an analog DAQ)
// and its EMG system (a Delsys Trigno over TCP) arrive on separate transports, on separate
// clocks, and the engine wants one SampleSource (docs/devices.md, "One session, two devices").
//
// Layout: the children's streams concatenated, child 0's first; each block's stream index is
// offset by its child's first stream. Stream names must be unique across children and no two
// children may measure the same plate: the constructor refuses either, naming both children.
//
// Live children (devices) each get a thread that calls their next() in a loop: a device may
// block for ~40 ms, so two devices cannot share a thread without delaying each other. Each
// block is copied into a buffer from a pool sized at construction (a child's samples are only
// valid until its next call) and queued; when the queue is full the OLDEST block is dropped
// and counted, since a device cannot wait. next() pops with a poll_s timeout (`waiting`).
//
// Session timeline (DESIGN.md principle 2), live children only: devices start their sample
// counters at unrelated moments. The merge keeps a host reference time T0, the receipt of the
// first block from any child minus that block's duration, and gives each child stream, at its
// first block, the counter offset that puts that block's end at its receipt time on the T0
// timeline:  offset = round((receipt_ns − T0)·rate − (counter + frames)), applied to every
// later block's first_sample. Session time of a merged sample = (counter + offset) / rate, so
// the merged live streams have start_time_s 0. A child's own gap handling after a reconnect
// keeps its counter continuous in host time, so the offset stays valid across a reconnect.
//   The offset inherits the first block's transport latency (one USB transfer or TCP read:
//   typically a few ms). Device clocks also drift apart: two crystals 50 ppm apart part by
//   3 ms a minute, 0.18 s an hour, which would move every EMG window against its contact. So
//   each stream's clock is measured against the host's (receipt times against counters, least
//   squares over the whole session, from drift_min_span_s on) and every stream of the other
//   children follows the first child's clock: its first_sample gains (slow clock) or loses
//   (fast clock) one index at a time, so that its session time keeps to the reference's. The
//   fit averages the transports' latency jitter over thousands of blocks; the host clock's own
//   rate cancels out, as both sides are measured against it.
//
// Offline children (trial files, the simulator) already share one session timeline, so they
// are read on the caller's thread, without copies or offsets, the child furthest behind in
// session time first. Live and offline children cannot be mixed (a merge of paced and unpaced
// sources has no single pace): the constructor refuses it.
//
// One child failing fails the merge (a session without its force plate is useless): failure()
// is that child's failure prefixed with its name. The merge ends when every child has ended.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "source/sample_source.hpp"
#include "source/source_health.hpp"

namespace stridecue {

struct MergedChild {
  std::unique_ptr<SampleSource> source;
  std::string name;  // names the device in errors: "force plates (usb 1-1)", "delsys 10.0.0.5"
};

struct MergeOptions {
  std::size_t queue_blocks = 256;       // blocks waiting for next(); beyond, the oldest is dropped
  std::size_t floats_per_block = 8192;  // one pool buffer; a larger child block goes in pieces
  double poll_s = 0.04;                 // next() returns `waiting` after this long without data
  // Keep the other children's streams on the first child's clock (see above), once both
  // clocks have been measured over drift_min_span_s of data.
  bool correct_drift = true;
  double drift_min_span_s = 10.0;
};

class MergedSource final : public SampleSource, public SourceHealth {
 public:
  // Throws std::invalid_argument naming the children involved: no children, a null one, a
  // duplicate stream name, two children on one plate, live mixed with offline, a stream
  // without a rate. A child that failed at construction makes failure() non-empty instead.
  explicit MergedSource(std::vector<MergedChild> children, MergeOptions options = {});
  ~MergedSource() override;  // stops and joins the child threads
  MergedSource(const MergedSource&) = delete;
  MergedSource& operator=(const MergedSource&) = delete;

  const SourceLayout& layout() const override { return layout_; }
  // Live: starts the child threads on the first call. Call from one thread.
  SourceStatus next(SampleBlock& block) override;
  // Set once, before the terminal `failed`; read it on the thread that calls next().
  const std::string& failure() const override { return failure_; }
  bool is_live() const override { return live_; }
  // Every child's events, in the order the child threads saw them.
  std::vector<SourceEvent> take_events() override;

  // The rest may be called from any thread.
  std::size_t child_count() const { return children_.size(); }
  std::size_t first_stream(std::size_t child) const { return children_.at(child).first_stream; }
  // Blocks (or pieces of blocks) dropped because the queue was full.
  std::uint64_t blocks_dropped() const { return dropped_.load(std::memory_order_relaxed); }
  // Live: the counter offset given to merged stream `stream` at its first block; empty before
  // it, and always for offline children.
  std::optional<std::int64_t> counter_offset(std::size_t stream) const;
  // Live: the stream's clock against the host's, in ppm (positive: the device's samples reach
  // the host later and later, its clock runs slow), from at least min_span_s of data.
  std::optional<double> drift_ppm(std::size_t stream, double min_span_s = 10.0) const;
  // Live: sample indices the drift correction has added to the stream so far (negative:
  // removed); 0 for the first child's streams, which are the reference.
  std::int64_t drift_correction(std::size_t stream) const;
  // Each child's counters as "<child>.<counter>", and the merge's own blocks_dropped.
  std::vector<HealthCounter> health() const override;

 private:
  struct Child {
    std::unique_ptr<SampleSource> source;
    std::string name;
    std::size_t first_stream = 0;
    bool ended = false;
    double offline_time_s = 0.0;  // offline: session end time of the last block handed out
  };
  // One merged stream's clock model; guarded by mutex_.
  struct StreamClock {
    double rate_hz = 0.0;
    std::optional<std::int64_t> offset;
    // Least squares of receipt against counter, relative to the first block (x, y in seconds).
    std::int64_t first_receipt_ns = 0;
    std::int64_t first_end = 0;
    double n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0, span_s = 0.0;
    std::int64_t drift_samples = 0;  // added to first_sample to follow the reference clock

    // Host seconds per device second, once min_span_s of data are in.
    std::optional<double> slope(double min_span_s) const;
  };
  struct Buffer {
    SampleBlock header;  // samples points into storage
    std::vector<float> storage;
  };

  void check_children() const;
  SourceStatus next_offline(SampleBlock& block);
  SourceStatus next_live(SampleBlock& block);
  void run_child(std::size_t index);
  void deliver(std::size_t child, const SampleBlock& block);
  std::int64_t session_first_sample(std::size_t stream, const SampleBlock& block);
  void follow_reference_clock(StreamClock& clock, std::int64_t end) const;
  void fail(const Child& child, const std::string& why);

  std::vector<Child> children_;
  MergeOptions options_;
  SourceLayout layout_;
  bool live_ = false;
  std::string failure_;

  // Live: the pool and the queue (indices into pool_), all sized at construction.
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<Buffer> pool_;
  std::vector<std::size_t> free_;
  std::vector<std::size_t> queue_;  // ring of queue_blocks places
  std::size_t queue_head_ = 0;
  std::size_t queue_size_ = 0;
  std::optional<std::size_t> held_;  // the buffer the last next() handed out
  std::vector<StreamClock> clocks_;
  std::optional<std::int64_t> t0_ns_;
  std::size_t children_ended_ = 0;
  std::string child_failure_;  // first child failure, named; copied to failure_ by next()
  std::vector<SourceEvent> events_;
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::optional<SourceStatus> terminal_;
};

}  // namespace stridecue
