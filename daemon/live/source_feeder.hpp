// Runs one SampleSource on its own thread and hands its blocks to the engine thread. A trial
// file or the simulator is paced like a device: each block is handed over when a real device
// would have finished sampling it, stamped with the host's monotonic time at that moment. A
// live device is not paced and keeps the receipt time its driver stamped; what happens to it
// (connected, lost, resumed) is queued for the main thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "live/block_channel.hpp"
#include "source/sample_source.hpp"
#include "source/source_health.hpp"

namespace stridecue {

class SourceFeeder {
 public:
  // `pace`: times real time; 0 hands blocks over as fast as the engine takes them.
  SourceFeeder(std::unique_ptr<SampleSource> source, BlockChannel& channel, double pace,
               double duration_s);
  ~SourceFeeder();
  void start();
  void stop();

  const SourceLayout& layout() const { return source_->layout(); }
  // Why the source stopped early; empty when it ended cleanly or still runs.
  std::string failure() const;
  bool live() const { return live_; }

  // A live device's state as last seen: "starting", "running", "waiting" (no data yet, or
  // quiet), "lost" (unplugged or disconnected, reconnecting) or "ended".
  std::string_view state() const;
  std::string device() const;
  // The device's health counters (source/source_health.hpp); none for files and the simulator.
  std::vector<HealthCounter> health() const { return health_of(*source_); }
  // The device events since the last call (main thread).
  std::vector<SourceEvent> take_events();

 private:
  void run();
  bool hand_over(const SampleBlock& block);

  std::unique_ptr<SampleSource> source_;
  BlockChannel& channel_;
  double pace_;
  double duration_s_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
  const bool live_;
  std::thread thread_;

  // Device events: the source thread appends, the main thread takes. Neither is the engine
  // thread, and both are off the per-sample path, so a mutex is fine here.
  void note_events(std::vector<SourceEvent> events, SourceStatus status);
  enum class State : std::uint8_t { starting, running, waiting, lost, ended };
  std::atomic<State> state_{State::starting};
  mutable std::mutex events_mutex_;
  std::vector<SourceEvent> events_;
  std::string device_;
};

}  // namespace stridecue
