// Runs a file source's reading on a thread of its own, so that parsing the next blocks overlaps
// the caller's work on the last ones: `stridecue analyze` spends about as long parsing a trial
// CSV as running the engine on it, and a second core halves its wall time (bench/RESULTS.md).
// Offline sources only: the caller may wait here for a block, which a live engine thread must
// never do (its sources hand blocks over through the real-time rings instead).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "source/sample_source.hpp"

namespace stridecue {

class ReadAheadSource final : public SampleSource {
 public:
  // How many blocks may wait, read but not yet taken: enough to ride out a slow stride analysis
  // on the caller's side, few enough that memory stays flat (a slot is one block, ~12 KB).
  static constexpr std::size_t default_slots = 32;

  // The thread starts at the first next(): until then failure() is the inner source's own
  // (a reader that finds its header bad fails at construction).
  explicit ReadAheadSource(std::unique_ptr<SampleSource> inner, std::size_t slots = default_slots);
  ~ReadAheadSource() override;
  ReadAheadSource(const ReadAheadSource&) = delete;
  ReadAheadSource& operator=(const ReadAheadSource&) = delete;

  const SourceLayout& layout() const override { return inner_->layout(); }
  // The inner source's blocks in its order, copied; a block stays valid until the next call.
  // What the inner next() throws is thrown here, after the blocks before it; then `failed`.
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override;

 private:
  struct Slot {
    SourceStatus status = SourceStatus::end;
    SampleBlock block;
    std::vector<float> samples;  // reused: grows to the largest block, then stays
    std::string failure;         // with status failed
    std::exception_ptr error;    // what next() threw, if it threw
  };
  void read_blocks();  // the reading thread

  std::unique_ptr<SampleSource> inner_;
  std::vector<Slot> slots_;
  std::mutex mutex_;
  std::condition_variable filled_;  // the caller waits for a block
  std::condition_variable freed_;   // the reader waits for a free slot
  // Under mutex_: slots_[head_] onwards, count_ of them, are read and not yet released (the
  // block last handed out is released at the next call). A side that waits is woken when half
  // the ring is ready for it (or the source ended), not per block: the two threads run about
  // equally fast, and a wake-up per block cost ~10 k context switches per hour of data.
  std::size_t head_ = 0;
  std::size_t count_ = 0;
  bool caller_waiting_ = false;
  bool reader_waiting_ = false;
  bool stopping_ = false;
  // The caller's own state.
  bool started_ = false;
  bool holding_ = false;  // slots_[head_] is the block last handed out
  bool finished_ = false;
  SourceStatus final_status_ = SourceStatus::end;
  std::string failure_;
  std::thread reader_;
};

// `source` behind a ReadAheadSource when this process may run on two CPUs or more and the
// source is not live; else `source` itself (on one CPU the thread would only add switches).
std::unique_ptr<SampleSource> read_ahead_when_cores_allow(std::unique_ptr<SampleSource> source);

}  // namespace stridecue
