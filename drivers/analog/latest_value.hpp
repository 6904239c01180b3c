// The latest value of something one thread writes and other threads read now and then (a
// tare's outcome, written on the sample path, read by the control API and the main loop): a
// triple buffer. The writer fills its own slot and swaps it in with one atomic exchange, so it
// never waits, locks or allocates (as long as T's assignment does not); a reader swaps the
// newest slot out the same way. Readers take turns among themselves under a mutex that the
// writer never touches.
#pragma once

#include <array>
#include <atomic>
#include <mutex>

namespace stridecue {

template <class T>
class LatestValue {
 public:
  explicit LatestValue(const T& initial) : slots_{initial, initial, initial} {}
  LatestValue(const LatestValue&) = delete;
  LatestValue& operator=(const LatestValue&) = delete;

  // Writer thread: `value` becomes the latest. A slot keeps its storage between uses, so a
  // vector of the same size is copied without allocating.
  void publish(const T& value) {
    slots_[back_] = value;
    back_ = middle_.exchange(back_ | kFresh, std::memory_order_acq_rel) & kIndex;
  }

  // Any thread but the writer's.
  T read() const {
    std::lock_guard lock(read_mutex_);
    if ((middle_.load(std::memory_order_relaxed) & kFresh) != 0)
      front_ = middle_.exchange(front_, std::memory_order_acq_rel) & kIndex;
    return slots_[front_];
  }

 private:
  static constexpr unsigned kIndex = 3;
  static constexpr unsigned kFresh = 4;
  std::array<T, 3> slots_;
  unsigned back_ = 0;                        // writer's
  mutable unsigned front_ = 1;               // readers', under read_mutex_
  mutable std::atomic<unsigned> middle_{2};  // the one both swap with; kFresh: not yet read
  mutable std::mutex read_mutex_;
};

}  // namespace stridecue
