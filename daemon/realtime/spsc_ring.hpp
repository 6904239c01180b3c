// A bounded single-producer / single-consumer ring: the only way data crosses between the
// daemon's threads. Wait-free on both sides, no allocation after construction, so the engine
// thread can use it per block. A full ring refuses the push; the producer decides what that
// means (a source counts a drop, the engine counts a lost event) — it never waits.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>

namespace stridecue {

template <class T, std::size_t N>
class SpscRing {
  static_assert(N >= 2 && (N & (N - 1)) == 0, "capacity must be a power of two");

 public:
  // Producer side.
  bool try_push(const T& value) {
    const std::size_t tail = tail_.load(std::memory_order_relaxed);
    if (tail - head_cache_ == N) {
      head_cache_ = head_.load(std::memory_order_acquire);
      if (tail - head_cache_ == N) return false;
    }
    slots_[tail & (N - 1)] = value;
    tail_.store(tail + 1, std::memory_order_release);
    return true;
  }

  // Consumer side.
  bool try_pop(T& out) {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head == tail_cache_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head == tail_cache_) return false;
    }
    out = slots_[head & (N - 1)];
    head_.store(head + 1, std::memory_order_release);
    return true;
  }

  // Consumer side: the oldest value without taking it (the engine thread compares the heads
  // of several rings before it takes one).
  bool try_peek(T& out) {
    const std::size_t head = head_.load(std::memory_order_relaxed);
    if (head == tail_cache_) {
      tail_cache_ = tail_.load(std::memory_order_acquire);
      if (head == tail_cache_) return false;
    }
    out = slots_[head & (N - 1)];
    return true;
  }

  // Either side: a snapshot, exact only when the other side is idle.
  std::size_t size() const {
    return tail_.load(std::memory_order_acquire) - head_.load(std::memory_order_acquire);
  }
  static constexpr std::size_t capacity() { return N; }

 private:
  // Each index on its own cache line: producer and consumer do not share writes.
  alignas(64) std::atomic<std::size_t> head_{0};
  alignas(64) std::size_t tail_cache_ = 0;  // consumer's copy of tail_
  alignas(64) std::atomic<std::size_t> tail_{0};
  alignas(64) std::size_t head_cache_ = 0;  // producer's copy of head_
  alignas(64) std::array<T, N> slots_{};
};

}  // namespace stridecue
