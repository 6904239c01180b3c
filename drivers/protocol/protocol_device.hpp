// The transport-independent core of a stridecue protocol device (docs/protocol.md). A
// transport (libusb, serial, TCP, a test) learns the device's descriptors through the control
// requests, builds one ProtocolDevice from them, then hands it the bytes of every completed
// transfer with the host's receipt time. The device decodes frames, checks them against the
// descriptors and scales them to SI units: straight into a slot of the daemon's ring when a
// sink is attached (push_into), else into a queue of SampleBlocks for SampleSource::next().
//
// One session timeline survives reconnects (DESIGN.md principle 4): a block's first_sample is
// the session sample index, not the device's raw counter. On the first connection the two are
// equal (the device's counter 0 is session time 0). After a loss the device's counter may
// restart at 0, so the first frame after it is placed by the host time elapsed since the last
// frame received, measured in samples; the gap stays a gap on the timeline.
//
// Threads: the transport's thread calls connected(), lost() and feed(); any thread may call
// take_events() and counters(); the source's consumer calls push_into() once, or pop() and
// pop_for(). With a sink, a frame is claimed, scaled, committed on the transport thread with
// no lock, allocation or logging (a short mutex guards only the device events, which are
// rare); without one, a short mutex guards the queue. The engine's real-time thread never
// calls into this class (blocks reach it through a ring).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "engine/sample_block.hpp"
#include "protocol/control_messages.hpp"
#include "protocol/frame_codec.hpp"
#include "source/block_sink.hpp"
#include "source/sample_source.hpp"

namespace stridecue::protocol {

// What a device said about itself: identify, then get_stream and get_channel for each.
struct DeviceDescription {
  Identity identity;
  std::vector<StreamDescriptor> streams;                 // identity.streams entries
  std::vector<std::vector<ChannelDescriptor>> channels;  // [stream][channel]
};

// Empty when the description is complete and consistent, else what is wrong and where
// ("stream 1 (emg): 16 channels described, descriptor says 8").
std::string validate(const DeviceDescription& description);
// The engine's view: one StreamInfo per stream, channels named and placed as described.
SourceLayout layout_of(const DeviceDescription& description);

struct DeviceCounters {
  std::uint64_t blocks_queued = 0;     // frames accepted and queued (or committed to the sink)
  std::uint64_t blocks_dropped = 0;    // next()'s queue: oldest blocks dropped when it was full
                                       // (with a sink, the sink counts what it cannot take)
  std::uint64_t samples_dropped = 0;   // sample rows in those blocks
  std::uint64_t frames_rejected = 0;   // stream, kind, channel count or format not as described
  std::uint64_t counter_restarts = 0;  // device counter went back without a reconnect
  std::uint64_t reconnects = 0;        // connected() after lost()
  std::uint64_t gap_samples = 0;       // session samples skipped when a stream was placed
                                       // again after a reconnect or counter restart
  DecoderCounters decoder;             // the frame decoder's counters
};

class ProtocolDevice {
 public:
  // `device` names it in events and errors ("usb 1-1 (SC-FP2 serial 0042)"). `queue_blocks`:
  // frames held for the consumer before the oldest is dropped. Throws std::invalid_argument
  // with validate()'s message when the description is not valid.
  ProtocolDevice(DeviceDescription description, std::string device,
                 std::size_t queue_blocks = 1024);

  const SourceLayout& layout() const { return layout_; }
  const DeviceDescription& description() const { return description_; }
  const std::string& device() const { return device_; }

  // ---- transport thread ----
  // The device answered and was started. The first call records `connected`; a call after
  // lost() prepares a resumption, recorded as `resumed` (with its gap) at the first frame.
  void connected(std::int64_t host_ns);
  // The device went away ("LIBUSB_ERROR_NO_DEVICE"). Buffered partial frames are forgotten.
  void lost(std::int64_t host_ns, std::string detail);
  // Bytes of one completed transfer, received at host monotonic time `receipt_ns`.
  void feed(std::span<const std::uint8_t> bytes, std::int64_t receipt_ns);
  // One frame decoded elsewhere (a transport with its own FrameDecoder).
  void accept(const DecodedFrame& frame, std::int64_t receipt_ns);
  // Between transfers (the transport's loop ticks at least every 50 ms): once a sink is
  // attached, moves the blocks queued before it into the sink, so none waits for the next
  // frame (a device that has stopped sending).
  void tick();

  // ---- consumer ----
  // From now on every accepted frame is written into `sink` on the transport thread (claimed,
  // scaled into the slot, committed); blocks still queued go first. Once, before the consumer
  // reads the sink; pop() has nothing from then on.
  void push_into(BlockSink& sink);
  // The oldest queued block, valid until the next pop; false when none is queued.
  bool pop(SampleBlock& block);
  // As pop(), waiting up to `timeout` for a block.
  bool pop_for(SampleBlock& block, std::chrono::milliseconds timeout);
  std::vector<SourceEvent> take_events();
  DeviceCounters counters() const;

 private:
  struct QueuedBlock {
    std::uint16_t stream = 0;
    std::int64_t first_sample = 0;
    std::int64_t receipt_ns = 0;
    std::size_t frames = 0;
    std::size_t channels = 0;
    std::vector<float> samples;
  };
  // Where a stream is on the session timeline.
  struct StreamClock {
    bool anchored = false;          // offset valid for this connection
    bool has_history = false;       // a frame of this stream was ever accepted
    std::int64_t offset = 0;        // session sample = device sample + offset
    std::int64_t next_device = 0;   // device counter expected next
    std::int64_t next_session = 0;  // session sample after the last accepted one
    std::int64_t last_receipt_ns = 0;
  };

  bool shape_matches(const FrameHeader& header) const;
  // Scales the frame's values into `out`; false when one came out NaN or infinite.
  bool scale(const FrameHeader& header, std::span<const float> values, std::span<float> out) const;
  // The session sample of the frame's first row; `gap` gets the samples skipped to get there.
  std::int64_t place_on_timeline(const FrameHeader& header, std::int64_t receipt_ns,
                                 std::int64_t& gap);
  std::int64_t session_sample_by_host_time(std::size_t stream, std::int64_t samples,
                                           std::int64_t receipt_ns) const;
  // After a frame was placed: the `resumed` event after a reconnect, the gap counters.
  void note_placed(std::uint16_t stream, std::int64_t receipt_ns, std::int64_t gap);
  void queue(QueuedBlock& staged);
  void flush_queue(BlockSink& sink);
  bool pop_locked(SampleBlock& block);

  DeviceDescription description_;
  SourceLayout layout_;
  std::string device_;
  std::vector<std::vector<float>> scales_;  // [stream][channel], contiguous for the hot loop
  std::vector<std::vector<float>> offsets_;

  // Transport thread only.
  FrameDecoder decoder_;
  std::vector<StreamClock> clocks_;
  QueuedBlock staged_;
  std::uint64_t restarts_ = 0;
  bool reconnected_ = false;  // connected() came after an earlier connection
  bool origin_known_ = false;
  std::int64_t origin_ns_ = 0;  // host time of session sample 0, from the first frame
  bool resuming_ = false;       // the next accepted frame records `resumed`
  bool flushed_ = false;        // the queue was moved into the sink

  std::atomic<BlockSink*> sink_{nullptr};
  // Counted by the transport thread per frame, read by any thread: atomics, not the mutex.
  struct FrameCounters {
    std::atomic<std::uint64_t> blocks_queued{0}, frames_rejected{0}, counter_restarts{0},
        gap_samples{0};
    std::atomic<std::uint64_t> frames{0}, crc_errors{0}, bad_headers{0}, bytes_skipped{0},
        sequence_gaps{0}, frames_missing{0};
  } frame_counters_;

  // Shared, under mutex_.
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::vector<QueuedBlock> ring_;
  std::size_t head_ = 0;  // oldest queued
  std::size_t size_ = 0;
  std::vector<float> popped_;  // the samples of the block last popped
  std::vector<SourceEvent> events_;
  DeviceCounters counters_;  // the queue's and the connections' share
  bool ever_connected_ = false;
  bool online_ = false;
};

}  // namespace stridecue::protocol
