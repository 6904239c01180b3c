// Runs one SampleSource on its own thread and hands its blocks to the engine thread. A trial
// file or the simulator is paced like a device: each block is handed over when a real device
// would have finished sampling it, stamped with the host's monotonic time at that moment.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "live/block_channel.hpp"
#include "source/sample_source.hpp"

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

 private:
  void run();
  bool hand_over(const SampleBlock& block);

  std::unique_ptr<SampleSource> source_;
  BlockChannel& channel_;
  double pace_;
  double duration_s_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> failed_{false};
  std::thread thread_;
};

}  // namespace stridecue
