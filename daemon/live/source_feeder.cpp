#include "live/source_feeder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "realtime/monotonic_clock.hpp"
#include "realtime/thread_name.hpp"
#include "source/merged_source.hpp"

namespace stridecue {

namespace {

// A live merge that did not fail at construction: one producer per device.
template <class Source>
auto* live_merge(Source& source) {
  using Merged = std::conditional_t<std::is_const_v<Source>, const MergedSource, MergedSource>;
  auto* merged = dynamic_cast<Merged*>(&source);
  return merged != nullptr && merged->is_live() && merged->failure().empty() ? merged : nullptr;
}

}  // namespace

// `run --seconds` on a live device: the first block past the duration (session time) is not
// committed and the lane is closed, as a file ends. In front of the lane, on the producer's
// thread, so it holds for a device that pushes as for one that is pulled.
class SourceFeeder::DurationLimit final : public BlockSink {
 public:
  DurationLimit(BlockSink& lane, const SourceLayout& layout, double duration_s)
      : lane_(lane), duration_s_(duration_s) {
    for (const StreamInfo& stream : layout.streams) {
      rate_hz_.push_back(stream.rate_hz > 0.0 ? stream.rate_hz : 1.0);
      start_s_.push_back(stream.start_time_s);
    }
  }
  std::span<float> claim(std::uint16_t stream, std::size_t frames, std::size_t channels) override {
    if (ended_ || stream >= rate_hz_.size()) return {};
    stream_ = stream;
    frames_ = frames;
    return lane_.claim(stream, frames, channels);
  }
  void commit(const BlockStamp& stamp) override {
    const double end_s =
        start_s_[stream_] +
        static_cast<double>(stamp.first_sample + static_cast<std::int64_t>(frames_)) /
            rate_hz_[stream_];
    if (end_s > duration_s_) {
      ended_ = true;
      lane_.close({});
      return;
    }
    lane_.commit(stamp);
  }
  std::size_t slot_floats() const override { return lane_.slot_floats(); }
  bool has_room() const override { return lane_.has_room(); }
  void close(const std::string& failure) override { lane_.close(failure); }

 private:
  BlockSink& lane_;
  double duration_s_;
  std::vector<double> rate_hz_, start_s_;  // per stream of the session's layout
  bool ended_ = false;
  std::uint16_t stream_ = 0;
  std::size_t frames_ = 0;
};

std::size_t SourceFeeder::lanes_for(const SampleSource& source) {
  const auto* merged = live_merge(source);
  return merged != nullptr ? merged->child_count() : 1;
}

SourceFeeder::SourceFeeder(std::unique_ptr<SampleSource> source, BlockChannel& channel, double pace,
                           double duration_s)
    : source_(std::move(source)),
      channel_(channel),
      pace_(source_->is_live() ? 0.0 : pace),
      duration_s_(duration_s),
      live_(source_->is_live()) {
  const std::size_t lanes = lanes_for(*source_);
  if (channel_.lanes.size() < lanes) {
    throw std::invalid_argument(fmt::format("the block channel has {} lanes, the source needs {}",
                                            channel_.lanes.size(), lanes));
  }
  // A live device's duration is checked in front of its lane (a file's by pull()).
  const auto lane = [&](std::size_t i) -> BlockSink& {
    if (!live_ || duration_s_ <= 0.0) return *channel_.lanes[i];
    limits_.push_back(
        std::make_unique<DurationLimit>(*channel_.lanes[i], source_->layout(), duration_s_));
    return *limits_.back();
  };
  if (auto* merged = live_merge(*source_)) {
    for (std::size_t i = 0; i < merged->child_count(); ++i) {
      TimelineStage& stage = merged->timeline(i);
      stage.connect(lane(i));
      producers_.push_back({&merged->child(i), &stage, nullptr, {}});
    }
  } else {
    producers_.push_back({source_.get(), &lane(0), nullptr, {}});
  }
  // Lanes no producer writes into are closed now: the source ends when its producers do.
  for (std::size_t i = producers_.size(); i < channel_.lanes.size(); ++i)
    channel_.lanes[i]->close({});
  for (Producer& p : producers_) {
    // Only a live device pushes: a file or the simulator needs the pacing of pull().
    if (p.source->is_live() && p.source->failure().empty()) {
      p.pusher = dynamic_cast<PushSource*>(p.source);
      // A wrapper (analog plates) pushes only when the device it wraps does.
      if (p.pusher != nullptr && !p.pusher->pushes()) p.pusher = nullptr;
    }
  }
}

SourceFeeder::~SourceFeeder() {
  stop();
  // A pushing device writes into the limits (and its merge's stages) until its own threads
  // are joined: the source goes first.
  source_.reset();
}

void SourceFeeder::start() {
  start_ = std::chrono::steady_clock::now();
  channel_.source_start_ns.store(monotonic_ns(start_));
  // A live device's receipt times are its own: "contact to audio" needs the session time of
  // host time 0, which only a paced source knows.
  channel_.source_pace.store(live_ ? 0.0 : pace_);
  if (!live_) state_.store(State::running);
  for (Producer& p : producers_) {
    if (p.pusher != nullptr) {
      p.pusher->push_into(*p.sink);
    } else {
      running_pullers_.fetch_add(1);
      p.thread = std::thread([this, &p] {
        name_this_thread("sc-source");
        pull(p);
      });
    }
  }
}

void SourceFeeder::stop() {
  stop_.store(true);
  for (Producer& p : producers_) {
    if (p.thread.joinable()) p.thread.join();
  }
  // A pushing device streams on until it is destroyed: its lane takes nothing more, so what
  // it sends after the stop is neither processed nor counted as dropped.
  for (std::size_t i = 0; i < producers_.size(); ++i)
    channel_.lanes[i]->close({});
}

std::string SourceFeeder::failure() const {
  return channel_.failure();
}

void SourceFeeder::pull(Producer& producer) {
  using Clock = std::chrono::steady_clock;
  const auto start = start_;  // set before this thread was started
  SampleSource& source = *producer.source;
  BlockSink& sink = *producer.sink;
  const SourceLayout& layout = source.layout();
  SampleBlock block;
  std::string failure;
  while (!stop_.load(std::memory_order_relaxed)) {
    const SourceStatus status = source.next(block);
    if (live_) {
      // The interface asks for take_events() on the source's own thread, between its next()s.
      note_events(source.take_events());
      note_status(status);
    }
    if (status == SourceStatus::waiting) continue;  // the source came back within ~50 ms
    if (status != SourceStatus::block) {
      if (status == SourceStatus::failed) failure = source.failure();
      break;
    }
    if (block.stream >= layout.streams.size()) {
      failure = fmt::format("a block for stream {}, but the layout has {} streams", block.stream,
                            layout.streams.size());
      break;
    }
    const StreamInfo& stream = layout.streams[block.stream];
    const double end_s =
        static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
        stream.rate_hz;
    if (!live_ && duration_s_ > 0.0 && end_s > duration_s_) break;
    if (pace_ > 0.0) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(end_s / pace_)));
    }
    if (!live_ || block.receipt_ns == 0) block.receipt_ns = monotonic_ns();
    if (!hand_over(sink, block)) break;
  }
  sink.close(failure);
  if (running_pullers_.fetch_sub(1) == 1) state_.store(State::ended);
}

bool SourceFeeder::hand_over(BlockSink& sink, const SampleBlock& block) {
  const std::size_t per_slot =
      std::max<std::size_t>(sink.slot_floats() / std::max<std::size_t>(block.channels, 1), 1);
  for (std::size_t first = 0; first < block.frames; first += per_slot) {
    const std::size_t frames = std::min(per_slot, block.frames - first);
    // Only an unpaced file waits for room; a device or a paced source cannot: the sink drops
    // the block and counts it.
    while (pace_ == 0.0 && !live_ && !sink.has_room()) {
      if (stop_.load(std::memory_order_relaxed)) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    const std::span<float> slot = sink.claim(block.stream, frames, block.channels);
    if (slot.empty()) continue;
    const auto begin = block.samples.begin() + static_cast<std::ptrdiff_t>(first * block.channels);
    std::copy(begin, begin + static_cast<std::ptrdiff_t>(slot.size()), slot.begin());
    sink.commit({block.first_sample + static_cast<std::int64_t>(first), block.receipt_ns,
                 block.frames - first - frames});
  }
  return true;
}

void SourceFeeder::note_events(std::vector<SourceEvent> events) {
  if (events.empty()) return;
  std::lock_guard lock(events_mutex_);
  for (auto& e : events) {
    device_ = e.device;
    state_.store(e.kind == SourceEvent::Kind::lost ? State::lost : State::running);
    events_.push_back(std::move(e));
  }
}

void SourceFeeder::note_status(SourceStatus status) {
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
  // A pushing device has no thread here: its events are asked for now (its take_events() may
  // be called from any thread once it pushes).
  for (Producer& p : producers_) {
    if (p.pusher != nullptr) note_events(p.source->take_events());
  }
  std::lock_guard lock(events_mutex_);
  return std::exchange(events_, {});
}

std::string_view SourceFeeder::state() const {
  State s = state_.load();
  // A pushing device's first blocks end the wait, as a pulled one's do in note_status().
  if ((s == State::starting || s == State::waiting) && live_ &&
      channel_.blocks_in.load(std::memory_order_relaxed) > 0) {
    s = State::running;
  }
  if (channel_.source_failed()) s = State::ended;
  switch (s) {
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
