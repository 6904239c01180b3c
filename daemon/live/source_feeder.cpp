#include "live/source_feeder.hpp"

#include "realtime/monotonic_clock.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace stridecue {

SourceFeeder::SourceFeeder(std::unique_ptr<SampleSource> source, BlockChannel& channel, double pace,
                           double duration_s)
    : source_(std::move(source)),
      channel_(channel),
      pace_(source_->is_live() ? 0.0 : pace),
      duration_s_(duration_s),
      live_(source_->is_live()) {}

SourceFeeder::~SourceFeeder() {
  stop();
}

void SourceFeeder::start() {
  thread_ = std::thread([this] { run(); });
}

void SourceFeeder::stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
}

std::string SourceFeeder::failure() const {
  return failed_.load() ? source_->failure() : std::string();
}

void SourceFeeder::run() {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  channel_.source_start_ns.store(monotonic_ns(start));
  // A live device's receipt times are its own: "contact to audio" needs the session time of
  // host time 0, which only a paced source knows.
  channel_.source_pace.store(live_ ? 0.0 : pace_);
  if (!live_) state_.store(State::running);
  SampleBlock block;
  const SourceLayout& layout = source_->layout();
  while (!stop_.load(std::memory_order_relaxed)) {
    const SourceStatus status = source_->next(block);
    if (live_) note_events(source_->take_events(), status);
    if (status == SourceStatus::waiting) continue;  // the source came back within ~50 ms
    if (status != SourceStatus::block) {
      failed_.store(status == SourceStatus::failed);
      break;
    }
    const StreamInfo& stream = layout.streams[block.stream];
    const double end_s =
        static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
        stream.rate_hz;
    if (duration_s_ > 0.0 && end_s > duration_s_) break;
    if (pace_ > 0.0) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(end_s / pace_)));
    }
    if (!live_ || block.receipt_ns == 0) block.receipt_ns = monotonic_ns();
    if (!hand_over(block)) break;
  }
  state_.store(State::ended);
  channel_.source_ended.store(true, std::memory_order_release);
  channel_.notify_engine();
}

bool SourceFeeder::hand_over(const SampleBlock& block) {
  const std::size_t per_slot =
      BlockChannel::kFloatsPerSlot / std::max<std::size_t>(block.channels, 1);
  for (std::size_t first = 0; first < block.frames; first += per_slot) {
    std::uint16_t slot;
    while (!channel_.free.try_pop(slot)) {
      if (pace_ > 0.0 || live_) {  // a device cannot wait: the block is lost, and counted
        channel_.blocks_dropped.fetch_add(1, std::memory_order_relaxed);
        return true;
      }
      if (stop_.load(std::memory_order_relaxed)) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    channel_.pool[slot].copy(block, first, std::min(per_slot, block.frames - first));
    channel_.full.try_push(slot);  // cannot fail: there are as many ring places as slots
    channel_.blocks_in.fetch_add(1, std::memory_order_relaxed);
    channel_.notify_engine();
  }
  return true;
}

void SourceFeeder::note_events(std::vector<SourceEvent> events, SourceStatus status) {
  if (!events.empty()) {
    std::lock_guard lock(events_mutex_);
    for (auto& e : events) {
      device_ = e.device;
      state_.store(e.kind == SourceEvent::Kind::lost ? State::lost : State::running);
      events_.push_back(std::move(e));
    }
  }
  // The events say lost and back; blocks only end the wait for the first data (a lost device's
  // last blocks may still be coming out of its queue).
  const State now = state_.load(std::memory_order_relaxed);
  if (status == SourceStatus::block && (now == State::starting || now == State::waiting)) {
    state_.store(State::running);
  } else if (status == SourceStatus::waiting && now == State::starting) {
    state_.store(State::waiting);
  }
}

std::vector<SourceEvent> SourceFeeder::take_events() {
  std::lock_guard lock(events_mutex_);
  return std::exchange(events_, {});
}

std::string_view SourceFeeder::state() const {
  switch (state_.load()) {
    case State::starting: return "starting";
    case State::running: return "running";
    case State::waiting: return "waiting";
    case State::lost: return "lost";
    case State::ended: return "ended";
  }
  return "ended";
}

std::string SourceFeeder::device() const {
  std::lock_guard lock(events_mutex_);
  return device_;
}

}  // namespace stridecue
