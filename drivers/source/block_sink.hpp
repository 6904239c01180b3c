// Where a producer writes its sample blocks: straight into a slot of the ring that carries them
// to the engine thread (docs/architecture.md, "One sample from USB to the cue"). A transport
// decodes a frame into the slot it claimed, on its own completion thread, and commits it; a
// file or the simulator goes through the daemon's pacing adapter, which does the same with a
// copy. So a sample crosses one hand-off between its producer and the engine, and a block
// that finds no free slot is dropped and counted in one place: the sink.
//
// Threads: one producer per sink calls claim(), commit(), has_room() and close(); the sink
// never blocks, allocates, locks or logs in claim() and commit().
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace stridecue {

// When the samples of a committed block were taken and received.
struct BlockStamp {
  std::int64_t first_sample = 0;  // the source's own sample index of the block's first frame
  std::int64_t receipt_ns = 0;    // host monotonic time the block's LAST sample arrived
  // A block too large for one slot goes in pieces: the frames of the same block still to come
  // after this piece (0 for a whole block or its last piece). The receipt time belongs to the
  // block's end, so a clock model (source/session_timeline.hpp) needs to know where that is.
  std::size_t frames_to_come = 0;
};

class BlockSink {
 public:
  virtual ~BlockSink() = default;

  // A free slot for `frames` × `channels` floats, frame-major, or an empty span when none is
  // free: the block is lost, and the sink has counted it. A claim that is not committed (the
  // frame turned out bad while it was written) is handed out again by the next claim.
  virtual std::span<float> claim(std::uint16_t stream, std::size_t frames,
                                 std::size_t channels) = 0;
  // Hands the claimed slot to the consumer and wakes it.
  virtual void commit(const BlockStamp& stamp) = 0;
  // The most floats (frames × channels) one slot holds: a producer splits larger blocks.
  virtual std::size_t slot_floats() const = 0;
  // Whether a claim would find a slot now. Only a source that may wait (an unpaced file) asks;
  // a device claims and, when there is no room, loses the block.
  virtual bool has_room() const = 0;
  // No more blocks: the source ended (`failure` empty) or failed (why, naming what and where).
  // Called once, off the per-sample path.
  virtual void close(const std::string& failure) = 0;
};

// A source whose transport thread can write into a sink itself (the USB and serial protocol
// devices, the Delsys bridge, analog plates behind one of those): an optional capability beside
// SampleSource, as SourceHealth is. The daemon asks for it; tools that read a device without
// the daemon (`stridecue devices`, tests) use next().
class PushSource {
 public:
  virtual ~PushSource() = default;
  // Whether push_into() may be called: a source that wraps another (analog plates around
  // their DAQ) pushes only when what it wraps does; else the daemon pulls it with next().
  virtual bool pushes() const { return true; }
  // From now on the transport thread claims, fills and commits every block into `sink` instead
  // of queueing it for next(), which must not be called any more; blocks queued before are
  // moved into the sink first. A failure closes the sink with its message. Call once, before
  // the consumer reads the sink; `sink` must outlive the source's threads. take_events() may
  // then be called from any thread.
  virtual void push_into(BlockSink& sink) = 0;
};

}  // namespace stridecue
