// Runs a source's producers, each writing into its own lane of the block channel
// (live/block_channel.hpp), and gathers what happens to its devices for the main thread.
//
// A producer is one device, or the whole source when it is a file or the simulator:
//  - a device that pushes (PushSource: the USB and serial protocol devices, the Delsys bridge,
//    analog plates behind a USB or serial DAQ) writes its blocks into its lane from its own
//    transport thread; no thread here;
//  - any other source is pulled by a thread of its own, the pacing adapter: next(), copy into
//    a claimed slot, commit. A trial file or the simulator is paced like a device: each block
//    is committed when a real device would have finished sampling it, stamped with the host's
//    monotonic time at that moment (an unpaced one, pace 0, waits for a free slot instead of
//    dropping). A live device that only pulls (analog plates around a DAQ that cannot push)
//    is not paced and keeps the receipt time its driver stamped.
// A live merge of devices (source/merged_source.hpp) has one producer per device, each behind
// its timeline stage; the engine thread reads their lanes in session-time order.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "live/block_channel.hpp"
#include "source/block_sink.hpp"
#include "source/sample_source.hpp"
#include "source/source_health.hpp"

namespace stridecue {

class SourceFeeder {
 public:
  // The lanes `source` needs in the channel: one per device of a live merge, else one.
  static std::size_t lanes_for(const SampleSource& source);

  // `pace`: times real time; 0 hands blocks over as fast as the engine takes them. Throws
  // std::invalid_argument when the channel has too few lanes for the source.
  SourceFeeder(std::unique_ptr<SampleSource> source, BlockChannel& channel, double pace,
               double duration_s);
  ~SourceFeeder();
  void start();
  void stop();

  const SourceLayout& layout() const { return source_->layout(); }
  // Why the source stopped early, naming the device; empty when it ended cleanly or still runs.
  std::string failure() const;
  bool live() const { return live_; }
  // Blocks come at the pace of time (a device, or a paced file or simulator), not as fast as
  // the engine takes them.
  bool timed() const { return live_ || pace_ > 0.0; }

  // A live device's state as last seen: "starting", "running", "waiting" (no data yet, or
  // quiet), "lost" (unplugged or disconnected, reconnecting) or "ended".
  std::string_view state() const;
  std::string device() const;
  // The device's health counters (source/source_health.hpp); none for files and the simulator.
  std::vector<HealthCounter> health() const { return health_of(*source_); }
  // The device events since the last call (main thread).
  std::vector<SourceEvent> take_events();

 private:
  class DurationLimit;
  struct Producer {
    SampleSource* source = nullptr;
    BlockSink* sink = nullptr;
    PushSource* pusher = nullptr;  // set: it writes into `sink` itself
    std::thread thread;
  };
  void pull(Producer& producer);
  bool hand_over(BlockSink& sink, const SampleBlock& block);

  std::unique_ptr<SampleSource> source_;
  BlockChannel& channel_;
  double pace_;
  double duration_s_;
  const bool live_;
  std::vector<std::unique_ptr<DurationLimit>> limits_;
  std::vector<Producer> producers_;
  std::atomic<bool> stop_{false};
  std::chrono::steady_clock::time_point start_{};

  // Device events: the pulling threads append, the main thread takes (and asks the pushing
  // devices itself). Neither is the engine thread, and both are off the per-sample path, so a
  // mutex is fine here.
  void note_events(std::vector<SourceEvent> events);
  void note_status(SourceStatus status);
  enum class State : std::uint8_t { starting, running, waiting, lost, ended };
  std::atomic<State> state_{State::starting};
  std::atomic<std::size_t> running_pullers_{0};
  mutable std::mutex events_mutex_;
  std::vector<SourceEvent> events_;
  std::string device_;
};

}  // namespace stridecue
