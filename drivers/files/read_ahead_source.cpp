#include "files/read_ahead_source.hpp"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <exception>
#include <utility>

namespace stridecue {

ReadAheadSource::ReadAheadSource(std::unique_ptr<SampleSource> inner, std::size_t slots)
    : inner_(std::move(inner)), slots_(std::max<std::size_t>(slots, 2)) {}

ReadAheadSource::~ReadAheadSource() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  freed_.notify_one();
  if (reader_.joinable()) reader_.join();
}

const std::string& ReadAheadSource::failure() const {
  // Once the thread runs, the inner source is its alone.
  return started_ ? failure_ : inner_->failure();
}

void ReadAheadSource::read_blocks() {
  pthread_setname_np(pthread_self(), "sc-read-ahead");  // for top and perf; best effort
  for (std::size_t tail = 0;; tail = (tail + 1) % slots_.size()) {
    {
      std::unique_lock lock(mutex_);
      while (count_ == slots_.size() && !stopping_) {
        reader_waiting_ = true;
        freed_.wait(lock);
        reader_waiting_ = false;
      }
      if (stopping_) return;
    }
    // slots_[tail] is not among the caller's: fill it without the lock.
    Slot& slot = slots_[tail];
    SampleBlock block;
    slot.error = nullptr;
    try {
      slot.status = inner_->next(block);
    } catch (...) {  // thrown again on the caller's thread, where it was thrown before
      slot.error = std::current_exception();
      slot.status = SourceStatus::failed;
    }
    if (slot.status == SourceStatus::block) {
      slot.samples.assign(block.samples.begin(), block.samples.end());
      slot.block = block;
      slot.block.samples = slot.samples;
    } else if (slot.status == SourceStatus::failed && !slot.error) {
      slot.failure = inner_->failure();
    }
    const bool last = slot.status == SourceStatus::end || slot.status == SourceStatus::failed;
    {
      const std::lock_guard lock(mutex_);
      ++count_;
      if (caller_waiting_ && (count_ >= slots_.size() / 2 || slot.status != SourceStatus::block))
        filled_.notify_one();
    }
    if (last) return;
  }
}

SourceStatus ReadAheadSource::next(SampleBlock& block) {
  if (finished_) return final_status_;
  if (!started_) {
    started_ = true;
    reader_ = std::thread(&ReadAheadSource::read_blocks, this);
  }
  std::unique_lock lock(mutex_);
  if (holding_) {
    holding_ = false;
    head_ = (head_ + 1) % slots_.size();
    --count_;
    if (reader_waiting_ && count_ <= slots_.size() / 2) freed_.notify_one();
  }
  while (count_ == 0) {
    caller_waiting_ = true;
    filled_.wait(lock);
    caller_waiting_ = false;
  }
  lock.unlock();
  const Slot& slot = slots_[head_];
  if (slot.error) {
    finished_ = true;
    final_status_ = SourceStatus::failed;
    std::rethrow_exception(slot.error);
  }
  switch (slot.status) {
    case SourceStatus::block:
      block = slot.block;
      holding_ = true;
      return SourceStatus::block;
    case SourceStatus::waiting:  // not an offline source's, but passed on as it came
      holding_ = true;
      return SourceStatus::waiting;
    case SourceStatus::end:
    case SourceStatus::failed:
      finished_ = true;
      final_status_ = slot.status;
      failure_ = slot.failure;
      return final_status_;
  }
  return SourceStatus::failed;  // not reached: every status is handled above
}

std::unique_ptr<SampleSource> read_ahead_when_cores_allow(std::unique_ptr<SampleSource> source) {
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  const bool two_cpus = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 && CPU_COUNT(&cpus) >= 2;
  if (!two_cpus || source->is_live()) return source;
  return std::make_unique<ReadAheadSource>(std::move(source));
}

}  // namespace stridecue
