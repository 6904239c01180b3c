#include "source/merged_source.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace stridecue {

namespace {

constexpr double kNsPerS = 1e9;

std::invalid_argument refused(const std::string& why) {
  return std::invalid_argument("merged source: " + why);
}

}  // namespace

MergedSource::MergedSource(std::vector<MergedChild> children, MergeOptions options)
    : options_(options) {
  if (children.empty()) throw refused("no sources to merge");
  if (options_.queue_blocks == 0 || options_.floats_per_block == 0 || !(options_.poll_s > 0.0)) {
    throw refused("queue_blocks, floats_per_block and poll_s must be positive");
  }
  for (std::size_t i = 0; i < children.size(); ++i) {
    if (!children[i].source)
      throw refused(fmt::format("source {} ('{}') is null", i, children[i].name));
    Child c;
    c.source = std::move(children[i].source);
    c.name = children[i].name.empty() ? fmt::format("source {}", i) : children[i].name;
    children_.push_back(std::move(c));
  }
  check_children();
  live_ = children_.front().source->is_live();

  for (auto& child : children_) {
    child.first_stream = layout_.streams.size();
    for (const StreamInfo& stream : child.source->layout().streams) {
      layout_.streams.push_back(stream);
      // Live: the offsets put counter + offset on the T0 timeline, whose zero is session 0.
      if (live_) layout_.streams.back().start_time_s = 0.0;
      clocks_.push_back({});
      clocks_.back().rate_hz = stream.rate_hz;
    }
  }
  if (layout_.streams.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw refused(fmt::format("{} streams in all; a block names at most {}", layout_.streams.size(),
                              std::numeric_limits<std::uint16_t>::max()));
  }
  for (const auto& child : children_) {
    if (!child.source->failure().empty()) {
      failure_ = child.name + ": " + child.source->failure();
      terminal_ = SourceStatus::failed;
      return;
    }
  }
  if (!live_) return;

  // Every child thread holds at most one buffer while it copies, and the caller one (the block
  // next() handed out), so a child always finds a free buffer when the queue has room.
  const std::size_t buffers = options_.queue_blocks + children_.size() + 1;
  pool_.resize(buffers);
  free_.reserve(buffers);
  for (std::size_t i = 0; i < buffers; ++i) {
    pool_[i].storage.resize(options_.floats_per_block);
    free_.push_back(buffers - 1 - i);
  }
  queue_.resize(options_.queue_blocks);
}

MergedSource::~MergedSource() {
  stop_.store(true);
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void MergedSource::check_children() const {
  struct Seen {
    std::size_t child;
    std::string what;
  };
  std::vector<std::pair<std::string, Seen>> stream_names;
  std::vector<std::pair<Plate, Seen>> plates;
  for (std::size_t i = 0; i < children_.size(); ++i) {
    const Child& child = children_[i];
    if (child.source->is_live() != children_.front().source->is_live()) {
      const Child& live = child.source->is_live() ? child : children_.front();
      const Child& offline = child.source->is_live() ? children_.front() : child;
      throw refused(fmt::format(
          "'{}' is a live device but '{}' is not (a file or the simulator): a merge of paced and "
          "unpaced sources has no single pace; merge live devices only, or offline sources only",
          live.name, offline.name));
    }
    for (const StreamInfo& stream : child.source->layout().streams) {
      if (!(stream.rate_hz > 0.0) && child.source->failure().empty()) {
        throw refused(fmt::format("'{}' stream '{}' has no sampling rate ({} Hz)", child.name,
                                  stream.name, stream.rate_hz));
      }
      for (const auto& [name, seen] : stream_names) {
        if (name == stream.name) {
          throw refused(
              fmt::format("'{}' and '{}' both have a stream named '{}'; stream names "
                          "must be unique in one session",
                          children_[seen.child].name, child.name, stream.name));
        }
      }
      stream_names.push_back({stream.name, {i, stream.name}});
      for (const ChannelInfo& channel : stream.channels) {
        if (!channel.plate) continue;
        for (const auto& [plate, seen] : plates) {
          if (plate == *channel.plate && seen.child != i) {
            throw refused(fmt::format(
                "'{}' ({}) and '{}' ({}) both measure plate '{}'; one plate comes from one source",
                children_[seen.child].name, seen.what, child.name, channel.name, to_string(plate)));
          }
        }
        plates.push_back({*channel.plate, {i, channel.name}});
      }
    }
  }
}

SourceStatus MergedSource::next(SampleBlock& block) {
  if (terminal_) return *terminal_;
  return live_ ? next_live(block) : next_offline(block);
}

// Offline children share the session timeline already: hand out the child furthest behind,
// so the engine sees force and EMG of the same span together, as from one source.
SourceStatus MergedSource::next_offline(SampleBlock& block) {
  for (;;) {
    Child* behind = nullptr;
    for (auto& child : children_) {
      if (!child.ended && (!behind || child.offline_time_s < behind->offline_time_s)) {
        behind = &child;
      }
    }
    if (!behind) return *(terminal_ = SourceStatus::end);
    const SourceStatus status = behind->source->next(block);
    if (status == SourceStatus::end) {
      behind->ended = true;
      continue;
    }
    if (status == SourceStatus::failed) {
      failure_ = behind->name + ": " + behind->source->failure();
      return *(terminal_ = SourceStatus::failed);
    }
    if (status == SourceStatus::block) {
      const StreamInfo& stream = behind->source->layout().streams.at(block.stream);
      behind->offline_time_s =
          stream.start_time_s +
          static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
              stream.rate_hz;
      block.stream = static_cast<std::uint16_t>(behind->first_stream + block.stream);
    }
    return status;
  }
}

SourceStatus MergedSource::next_live(SampleBlock& block) {
  if (threads_.empty()) {
    threads_.reserve(children_.size());
    for (std::size_t i = 0; i < children_.size(); ++i)
      threads_.emplace_back([this, i] { run_child(i); });
  }
  std::unique_lock lock(mutex_);
  if (held_) {
    free_.push_back(*held_);  // the caller is done with the last block
    held_.reset();
  }
  const auto poll = std::chrono::duration<double>(options_.poll_s);
  ready_.wait_for(lock, poll, [this] {
    return queue_size_ > 0 || !child_failure_.empty() || children_ended_ == children_.size();
  });
  if (!child_failure_.empty()) {
    failure_ = child_failure_;
    stop_.store(true);  // the other children stop too; the destructor joins them
    return *(terminal_ = SourceStatus::failed);
  }
  if (queue_size_ > 0) {
    const std::size_t index = queue_[queue_head_];
    queue_head_ = (queue_head_ + 1) % queue_.size();
    --queue_size_;
    held_ = index;
    block = pool_[index].header;
    return SourceStatus::block;
  }
  if (children_ended_ == children_.size()) return *(terminal_ = SourceStatus::end);
  return SourceStatus::waiting;
}

void MergedSource::run_child(std::size_t index) {
  Child& child = children_[index];
  SampleBlock block;
  while (!stop_.load(std::memory_order_relaxed)) {
    const SourceStatus status = child.source->next(block);
    // The interface asks for take_events() on the source's own thread, between its next()s.
    std::vector<SourceEvent> events = child.source->take_events();
    if (!events.empty()) {
      std::lock_guard lock(mutex_);
      for (auto& e : events)
        events_.push_back(std::move(e));
    }
    if (status == SourceStatus::block && block.stream >= child.source->layout().streams.size()) {
      fail(child, fmt::format("a block for stream {}, but the layout has {} streams", block.stream,
                              child.source->layout().streams.size()));
      return;
    }
    if (status == SourceStatus::block) {
      deliver(index, block);
    } else if (status == SourceStatus::end) {
      std::lock_guard lock(mutex_);
      ++children_ended_;
      ready_.notify_all();
      return;
    } else if (status == SourceStatus::failed) {
      fail(child, child.source->failure());
      return;
    }
  }
}

void MergedSource::fail(const Child& child, const std::string& why) {
  std::lock_guard lock(mutex_);
  if (child_failure_.empty()) child_failure_ = child.name + ": " + why;
  ready_.notify_all();
}

std::int64_t MergedSource::session_first_sample(std::size_t stream, const SampleBlock& block) {
  StreamClock& clock = clocks_[stream];
  const auto frames = static_cast<std::int64_t>(block.frames);
  const std::int64_t end = block.first_sample + frames;
  if (!t0_ns_) {
    const double duration_ns = static_cast<double>(frames) / clock.rate_hz * kNsPerS;
    t0_ns_ = block.receipt_ns - std::llround(duration_ns);
  }
  if (!clock.offset) {
    const double receipt_s = static_cast<double>(block.receipt_ns - *t0_ns_) / kNsPerS;
    clock.offset = std::llround(receipt_s * clock.rate_hz - static_cast<double>(end));
    clock.first_receipt_ns = block.receipt_ns;
    clock.first_end = end;
  }
  // Drift: host seconds since the first block against device seconds since it.
  const double x = static_cast<double>(end - clock.first_end) / clock.rate_hz;
  const double y = static_cast<double>(block.receipt_ns - clock.first_receipt_ns) / kNsPerS;
  clock.n += 1.0;
  clock.sx += x;
  clock.sy += y;
  clock.sxx += x * x;
  clock.sxy += x * y;
  clock.span_s = std::max(clock.span_s, x);
  if (options_.correct_drift && stream >= children_.front().source->layout().streams.size()) {
    follow_reference_clock(clock, end);
  }
  return block.first_sample + *clock.offset + clock.drift_samples;
}

std::optional<double> MergedSource::StreamClock::slope(double min_span_s) const {
  const double denominator = n * sxx - sx * sx;
  if (n < 3.0 || span_s < min_span_s || !(denominator > 0.0)) return std::nullopt;
  return (n * sxy - sx * sy) / denominator;
}

void MergedSource::follow_reference_clock(StreamClock& clock, std::int64_t end) const {
  // Host seconds per device second, for this stream and for the reference (the first child's
  // first stream): their ratio is this device's clock against the reference device's, with
  // the host's own rate (NTP slewing of CLOCK_MONOTONIC) cancelled out.
  const auto own = clock.slope(options_.drift_min_span_s);
  const auto reference = clocks_.front().slope(options_.drift_min_span_s);
  if (!own || !reference) return;
  const double target = (*own / *reference - 1.0) * static_cast<double>(end - clock.first_end);
  // At most one sample per block, so the stream stays continuous to the engine (EmgHistory
  // re-anchors on a jump of up to 2 samples): a slow clock gains a sample index now and then,
  // a fast one loses one, and a refined estimate is followed smoothly.
  const std::int64_t wanted = std::llround(target);
  if (wanted > clock.drift_samples) ++clock.drift_samples;
  if (wanted < clock.drift_samples) --clock.drift_samples;
}

void MergedSource::deliver(std::size_t child_index, const SampleBlock& block) {
  const Child& child = children_[child_index];
  const std::size_t stream = child.first_stream + block.stream;
  const std::size_t per_buffer = std::max<std::size_t>(
      1, options_.floats_per_block / std::max<std::size_t>(block.channels, 1));
  std::int64_t session_first = 0;
  {
    std::lock_guard lock(mutex_);
    session_first = session_first_sample(stream, block);
  }
  for (std::size_t first = 0; first < block.frames; first += per_buffer) {
    const std::size_t frames = std::min(per_buffer, block.frames - first);
    std::size_t index = 0;
    {
      std::lock_guard lock(mutex_);
      index = free_.back();  // never empty: see the pool's size
      free_.pop_back();
    }
    Buffer& buffer = pool_[index];
    const std::size_t floats = std::min(frames * block.channels, buffer.storage.size());
    std::copy_n(block.samples.begin() + static_cast<std::ptrdiff_t>(first * block.channels), floats,
                buffer.storage.begin());
    buffer.header = block;
    buffer.header.stream = static_cast<std::uint16_t>(stream);
    buffer.header.first_sample = session_first + static_cast<std::int64_t>(first);
    buffer.header.frames = frames;
    buffer.header.samples = std::span<const float>(buffer.storage.data(), floats);

    std::lock_guard lock(mutex_);
    if (queue_size_ == queue_.size()) {  // a device cannot wait: the oldest block goes
      free_.push_back(queue_[queue_head_]);
      queue_head_ = (queue_head_ + 1) % queue_.size();
      --queue_size_;
      dropped_.fetch_add(1, std::memory_order_relaxed);
    }
    queue_[(queue_head_ + queue_size_) % queue_.size()] = index;
    ++queue_size_;
    ready_.notify_one();
  }
}

std::vector<SourceEvent> MergedSource::take_events() {
  // The feeder asks after every block: an empty answer must not allocate.
  std::lock_guard lock(mutex_);
  if (events_.empty()) return {};
  return std::exchange(events_, {});
}

std::optional<std::int64_t> MergedSource::counter_offset(std::size_t stream) const {
  std::lock_guard lock(mutex_);
  if (stream >= clocks_.size()) return std::nullopt;
  return clocks_[stream].offset;
}

std::optional<double> MergedSource::drift_ppm(std::size_t stream, double min_span_s) const {
  std::lock_guard lock(mutex_);
  if (stream >= clocks_.size()) return std::nullopt;
  const auto slope = clocks_[stream].slope(min_span_s);
  if (!slope) return std::nullopt;
  return (*slope - 1.0) * 1e6;
}

std::int64_t MergedSource::drift_correction(std::size_t stream) const {
  std::lock_guard lock(mutex_);
  return stream < clocks_.size() ? clocks_[stream].drift_samples : 0;
}

std::vector<HealthCounter> MergedSource::health() const {
  std::vector<HealthCounter> all;
  for (const Child& child : children_) {
    for (HealthCounter& c : health_of(*child.source)) {
      c.name = child.name + "." + c.name;
      all.push_back(std::move(c));
    }
  }
  all.push_back({"merge.blocks_dropped", blocks_dropped()});
  return all;
}

}  // namespace stridecue
