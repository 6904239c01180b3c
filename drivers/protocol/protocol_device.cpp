#include "protocol/protocol_device.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace stridecue::protocol {
namespace {

// Two plate channels measuring the same quantity on the same plate would make the engine
// read only the first: a device description must not do that.
std::string duplicate_problem(const std::vector<ChannelDescriptor>& channels) {
  for (std::size_t i = 0; i < channels.size(); ++i) {
    for (std::size_t j = i + 1; j < channels.size(); ++j) {
      if (channels[i].name == channels[j].name) {
        return fmt::format("channels {} and {} are both named \"{}\"", i, j, channels[i].name);
      }
      if (channels[i].plate && channels[i].quantity != Quantity::other &&
          channels[i].quantity == channels[j].quantity && channels[i].plate == channels[j].plate) {
        return fmt::format("channels {} and {} both measure {} on plate {}", i, j,
                           to_string(channels[i].quantity), to_string(*channels[i].plate));
      }
    }
  }
  return {};
}

std::int64_t samples_in(std::int64_t ns, double rate_hz) {
  return static_cast<std::int64_t>(std::llround(static_cast<double>(ns) * rate_hz * 1e-9));
}

}  // namespace

std::string validate(const DeviceDescription& d) {
  try {
    encode_identity(d.identity);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  if (d.streams.size() != d.identity.streams) {
    return fmt::format("{} streams described, the identity says {}", d.streams.size(),
                       d.identity.streams);
  }
  if (d.channels.size() != d.streams.size()) {
    return fmt::format("channels described for {} streams, the device has {}", d.channels.size(),
                       d.streams.size());
  }
  for (std::size_t s = 0; s < d.streams.size(); ++s) {
    const StreamDescriptor& stream = d.streams[s];
    try {
      encode_stream(stream);
      for (const ChannelDescriptor& c : d.channels[s])
        encode_channel(c);
    } catch (const std::invalid_argument& e) {
      return fmt::format("stream {}: {}", s, e.what());
    }
    if (d.channels[s].size() != stream.channels) {
      return fmt::format("stream {} ({}): {} channels described, its descriptor says {}", s,
                         stream.name, d.channels[s].size(), stream.channels);
    }
    if (const std::string problem = duplicate_problem(d.channels[s]); !problem.empty()) {
      return fmt::format("stream {} ({}): {}", s, stream.name, problem);
    }
    for (std::size_t t = 0; t < s; ++t) {
      if (d.streams[t].name == stream.name) {
        return fmt::format("streams {} and {} are both named \"{}\"", t, s, stream.name);
      }
    }
  }
  return {};
}

SourceLayout layout_of(const DeviceDescription& d) {
  SourceLayout layout;
  for (std::size_t s = 0; s < d.streams.size(); ++s) {
    StreamInfo info;
    info.name = d.streams[s].name;
    info.rate_hz = static_cast<double>(d.streams[s].rate_hz);
    info.start_time_s = 0.0;  // the session's sample 0 is the device's counter 0 at first start
    for (const ChannelDescriptor& c : d.channels[s]) {
      info.channels.push_back(ChannelInfo{c.name, c.quantity, c.plate, c.side, c.muscle});
    }
    layout.streams.push_back(std::move(info));
  }
  return layout;
}

ProtocolDevice::ProtocolDevice(DeviceDescription description, std::string device,
                               std::size_t queue_blocks)
    : description_(std::move(description)), device_(std::move(device)) {
  if (const std::string problem = validate(description_); !problem.empty()) {
    throw std::invalid_argument(device_ + ": " + problem);
  }
  if (queue_blocks == 0) throw std::invalid_argument(device_ + ": a queue of 0 blocks");
  layout_ = layout_of(description_);
  for (const std::vector<ChannelDescriptor>& channels : description_.channels) {
    std::vector<float>& scales = scales_.emplace_back();
    std::vector<float>& offsets = offsets_.emplace_back();
    for (const ChannelDescriptor& c : channels) {
      scales.push_back(c.scale);
      offsets.push_back(c.offset);
    }
  }
  clocks_.resize(description_.streams.size());
  // Vectors swap between the staging block, the ring and the consumer, so every one of them
  // gets the capacity of the largest nominal frame now rather than on the transport thread.
  std::size_t largest = 0;
  for (const StreamDescriptor& s : description_.streams) {
    largest = std::max(largest, std::size_t{s.channels} * s.samples_per_frame);
  }
  ring_.resize(queue_blocks);
  for (QueuedBlock& b : ring_)
    b.samples.reserve(largest);
  staged_.samples.reserve(largest);
  popped_.reserve(largest);
}

void ProtocolDevice::connected(std::int64_t host_ns) {
  decoder_.reset();
  for (StreamClock& c : clocks_)
    c.anchored = false;
  std::lock_guard lock(mutex_);
  if (!ever_connected_) {
    ever_connected_ = true;
    events_.push_back({SourceEvent::Kind::connected, host_ns, device_, {}, 0.0});
  } else {
    reconnected_ = true;
    resuming_ = true;  // transport thread's own flag: read there by note_placed()
    ++counters_.reconnects;
  }
  online_ = true;
}

void ProtocolDevice::lost(std::int64_t host_ns, std::string detail) {
  decoder_.reset();
  for (StreamClock& c : clocks_)
    c.anchored = false;
  std::lock_guard lock(mutex_);
  if (!online_) return;  // a second report of the same loss
  online_ = false;
  events_.push_back({SourceEvent::Kind::lost, host_ns, device_, std::move(detail), 0.0});
}

void ProtocolDevice::feed(std::span<const std::uint8_t> bytes, std::int64_t receipt_ns) {
  decoder_.feed(bytes, [&](const DecodedFrame& frame) { accept(frame, receipt_ns); });
  const DecoderCounters& d = decoder_.counters();
  FrameCounters& c = frame_counters_;
  c.frames.store(d.frames, std::memory_order_relaxed);
  c.crc_errors.store(d.crc_errors, std::memory_order_relaxed);
  c.bad_headers.store(d.bad_headers, std::memory_order_relaxed);
  c.bytes_skipped.store(d.bytes_skipped, std::memory_order_relaxed);
  c.sequence_gaps.store(d.sequence_gaps, std::memory_order_relaxed);
  c.frames_missing.store(d.frames_missing, std::memory_order_relaxed);
}

bool ProtocolDevice::shape_matches(const FrameHeader& h) const {
  if (h.stream >= description_.streams.size()) return false;
  const StreamDescriptor& s = description_.streams[h.stream];
  return h.kind == description_.identity.kind && h.channels == s.channels && h.format == s.format;
}

bool ProtocolDevice::scale(const FrameHeader& h, std::span<const float> values,
                           std::span<float> out) const {
  const float* scale = scales_[h.stream].data();
  const float* offset = offsets_[h.stream].data();
  float* o = out.data();
  const float* in = values.data();
  // A NaN or infinity would poison every filter downstream: the frame goes instead. The
  // exponent test (all ones) is branch-free so the loop vectorises.
  std::uint32_t non_finite = 0;
  for (std::size_t row = 0; row < h.samples; ++row) {
    for (std::size_t ch = 0; ch < h.channels; ++ch) {
      const float v = in[ch] * scale[ch] + offset[ch];
      o[ch] = v;
      non_finite |= static_cast<std::uint32_t>((std::bit_cast<std::uint32_t>(v) & 0x7F800000u) ==
                                               0x7F800000u);
    }
    in += h.channels;
    o += h.channels;
  }
  return non_finite == 0;
}

void ProtocolDevice::tick() {
  if (flushed_) return;
  if (BlockSink* sink = sink_.load(std::memory_order_acquire)) flush_queue(*sink);
}

void ProtocolDevice::push_into(BlockSink& sink) {
  sink_.store(&sink, std::memory_order_release);
}

void ProtocolDevice::accept(const DecodedFrame& frame, std::int64_t receipt_ns) {
  const FrameHeader& h = frame.header;
  const std::size_t floats = std::size_t{h.channels} * h.samples;
  if (!shape_matches(h) || frame.values.size() != floats) {
    frame_counters_.frames_rejected.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  BlockSink* sink = sink_.load(std::memory_order_acquire);
  if (sink != nullptr && !flushed_) flush_queue(*sink);
  // With a sink the frame is scaled straight into its slot; when the sink has none free (it
  // counted the drop) or there is no sink, into the staging block, which has the capacity.
  std::span<float> out =
      sink != nullptr ? sink->claim(h.stream, h.samples, h.channels) : std::span<float>{};
  const bool claimed = !out.empty();
  if (!claimed) {
    staged_.samples.resize(floats);
    out = staged_.samples;
  }
  if (!scale(h, frame.values, out)) {
    // A claimed slot not committed is handed out again by the next claim.
    frame_counters_.frames_rejected.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::int64_t gap = 0;
  const std::int64_t first = place_on_timeline(h, receipt_ns, gap);
  note_placed(h.stream, receipt_ns, gap);
  if (sink != nullptr) {
    if (claimed) {
      sink->commit({first, receipt_ns, 0});
      frame_counters_.blocks_queued.fetch_add(1, std::memory_order_relaxed);
    }
    return;
  }
  staged_.stream = h.stream;
  staged_.receipt_ns = receipt_ns;
  staged_.frames = h.samples;
  staged_.channels = h.channels;
  staged_.first_sample = first;
  queue(staged_);
}

void ProtocolDevice::note_placed(std::uint16_t stream, std::int64_t receipt_ns, std::int64_t gap) {
  FrameCounters& c = frame_counters_;
  c.counter_restarts.store(restarts_, std::memory_order_relaxed);
  c.gap_samples.fetch_add(static_cast<std::uint64_t>(gap), std::memory_order_relaxed);
  if (!resuming_) return;
  resuming_ = false;  // once per reconnect: the mutex is off the per-frame path
  const double rate = static_cast<double>(description_.streams[stream].rate_hz);
  std::lock_guard lock(mutex_);
  events_.push_back(
      {SourceEvent::Kind::resumed, receipt_ns, device_, {}, static_cast<double>(gap) / rate});
}

std::int64_t ProtocolDevice::session_sample_by_host_time(std::size_t stream, std::int64_t samples,
                                                         std::int64_t receipt_ns) const {
  const StreamClock& c = clocks_[stream];
  const double rate = static_cast<double>(description_.streams[stream].rate_hz);
  // The receipt time is when the frame's last sample arrived.
  if (c.has_history) {
    return c.next_session + samples_in(receipt_ns - c.last_receipt_ns, rate) - samples;
  }
  return samples_in(receipt_ns - origin_ns_, rate) - samples;
}

std::int64_t ProtocolDevice::place_on_timeline(const FrameHeader& h, std::int64_t receipt_ns,
                                               std::int64_t& gap) {
  StreamClock& c = clocks_[h.stream];
  const auto device_first = static_cast<std::int64_t>(h.first_sample & 0x7FFFFFFFFFFFFFFFull);
  const std::int64_t n = h.samples;
  const double rate = static_cast<double>(description_.streams[h.stream].rate_hz);
  gap = 0;
  if (c.anchored && device_first < c.next_device) {
    ++restarts_;  // the device reset its counter without going away
    c.anchored = false;
  }
  if (!c.anchored) {
    if (!c.has_history && !reconnected_) {
      c.offset = 0;  // the first connection: the device's counter is the session's
    } else {
      const std::int64_t by_host = session_sample_by_host_time(h.stream, n, receipt_ns);
      std::int64_t first = by_host;
      if (c.has_history) {
        // A device that kept counting through the loss says exactly where it is; trust its
        // counter when it agrees with the host's clock within USB scheduling jitter.
        const std::int64_t by_counter = c.next_session + (device_first - c.next_device);
        const std::int64_t tolerance = std::max<std::int64_t>(2 * n, std::llround(rate * 0.05));
        if (device_first >= c.next_device && std::llabs(by_counter - by_host) <= tolerance) {
          first = by_counter;
        }
        first = std::max(first, c.next_session);
        gap = first - c.next_session;
      } else {
        first = std::max<std::int64_t>(first, 0);
      }
      c.offset = first - device_first;
    }
    c.anchored = true;
  }
  const std::int64_t session_first = device_first + c.offset;
  c.next_device = device_first + n;
  c.next_session = session_first + n;
  c.last_receipt_ns = receipt_ns;
  c.has_history = true;
  if (!origin_known_) {
    origin_known_ = true;
    origin_ns_ = receipt_ns - static_cast<std::int64_t>(
                                  std::llround(static_cast<double>(c.next_session) / rate * 1e9));
  }
  return session_first;
}

void ProtocolDevice::queue(QueuedBlock& staged) {
  {
    std::lock_guard lock(mutex_);
    if (size_ == ring_.size()) {
      // A device cannot wait: the oldest block goes, and the count says so.
      ++counters_.blocks_dropped;
      counters_.samples_dropped += ring_[head_].frames;
      head_ = (head_ + 1) % ring_.size();
      --size_;
    }
    QueuedBlock& slot = ring_[(head_ + size_) % ring_.size()];
    slot.stream = staged.stream;
    slot.first_sample = staged.first_sample;
    slot.receipt_ns = staged.receipt_ns;
    slot.frames = staged.frames;
    slot.channels = staged.channels;
    slot.samples.swap(staged.samples);
    ++size_;
  }
  frame_counters_.blocks_queued.fetch_add(1, std::memory_order_relaxed);
  ready_.notify_one();
}

void ProtocolDevice::flush_queue(BlockSink& sink) {
  flushed_ = true;
  std::lock_guard lock(mutex_);  // once, when the sink is attached
  for (; size_ > 0; --size_, head_ = (head_ + 1) % ring_.size()) {
    const QueuedBlock& b = ring_[head_];
    std::span<float> out = sink.claim(b.stream, b.frames, b.channels);
    if (out.empty()) continue;  // counted by the sink
    std::copy_n(b.samples.begin(), std::min(out.size(), b.samples.size()), out.begin());
    sink.commit({b.first_sample, b.receipt_ns, 0});
  }
}

bool ProtocolDevice::pop_locked(SampleBlock& block) {
  if (size_ == 0) return false;
  QueuedBlock& slot = ring_[head_];
  popped_.swap(slot.samples);
  block.stream = slot.stream;
  block.first_sample = slot.first_sample;
  block.receipt_ns = slot.receipt_ns;
  block.frames = slot.frames;
  block.channels = slot.channels;
  block.samples = std::span<const float>(popped_.data(), slot.frames * slot.channels);
  head_ = (head_ + 1) % ring_.size();
  --size_;
  return true;
}

bool ProtocolDevice::pop(SampleBlock& block) {
  std::lock_guard lock(mutex_);
  return pop_locked(block);
}

bool ProtocolDevice::pop_for(SampleBlock& block, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  ready_.wait_for(lock, timeout, [this] { return size_ > 0; });
  return pop_locked(block);
}

std::vector<SourceEvent> ProtocolDevice::take_events() {
  std::vector<SourceEvent> out;
  std::lock_guard lock(mutex_);
  out.swap(events_);
  return out;
}

DeviceCounters ProtocolDevice::counters() const {
  DeviceCounters out;
  {
    std::lock_guard lock(mutex_);
    out = counters_;
  }
  const FrameCounters& c = frame_counters_;
  out.blocks_queued = c.blocks_queued.load(std::memory_order_relaxed);
  out.frames_rejected = c.frames_rejected.load(std::memory_order_relaxed);
  out.counter_restarts = c.counter_restarts.load(std::memory_order_relaxed);
  out.gap_samples = c.gap_samples.load(std::memory_order_relaxed);
  out.decoder.frames = c.frames.load(std::memory_order_relaxed);
  out.decoder.crc_errors = c.crc_errors.load(std::memory_order_relaxed);
  out.decoder.bad_headers = c.bad_headers.load(std::memory_order_relaxed);
  out.decoder.bytes_skipped = c.bytes_skipped.load(std::memory_order_relaxed);
  out.decoder.sequence_gaps = c.sequence_gaps.load(std::memory_order_relaxed);
  out.decoder.frames_missing = c.frames_missing.load(std::memory_order_relaxed);
  return out;
}

}  // namespace stridecue::protocol
