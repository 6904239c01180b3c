#include "source/session_timeline.hpp"

#include <algorithm>
#include <cmath>

namespace stridecue {

namespace {
constexpr double kNsPerS = 1e9;
}  // namespace

std::int64_t SessionTimeline::t0_ns(std::int64_t candidate) {
  std::int64_t expected = kUnset;
  if (t0_ns_.compare_exchange_strong(expected, candidate, std::memory_order_acq_rel)) {
    return candidate;
  }
  return expected;  // another device's thread set it first
}

void SessionTimeline::publish_reference(double host_s_per_device_s) {
  reference_.store(host_s_per_device_s, std::memory_order_release);
}

std::optional<double> SessionTimeline::reference() const {
  const double r = reference_.load(std::memory_order_acquire);
  if (!(r > 0.0)) return std::nullopt;
  return r;
}

TimelineStage::TimelineStage(SessionTimeline& timeline, std::string name, std::size_t first_stream,
                             std::vector<double> rates_hz, bool is_reference)
    : timeline_(timeline),
      name_(std::move(name)),
      first_stream_(first_stream),
      is_reference_(is_reference),
      clocks_(rates_hz.size()) {
  for (std::size_t s = 0; s < rates_hz.size(); ++s)
    clocks_[s].rate_hz = rates_hz[s];
}

std::span<float> TimelineStage::claim(std::uint16_t stream, std::size_t frames,
                                      std::size_t channels) {
  if (stream >= clocks_.size()) return {};  // the producer checked its layout already
  claimed_stream_ = stream;
  claimed_frames_ = frames;
  return downstream_->claim(static_cast<std::uint16_t>(first_stream_ + stream), frames, channels);
}

void TimelineStage::commit(const BlockStamp& stamp) {
  BlockStamp out = stamp;
  out.first_sample = session_first_sample(clocks_[claimed_stream_], stamp);
  downstream_->commit(out);
}

void TimelineStage::close(const std::string& failure) {
  downstream_->close(failure.empty() ? failure : name_ + ": " + failure);
}

double TimelineStage::StreamClock::slope() const {
  const double denominator = n * sxx - sx * sx;
  if (n < 3.0 || !(denominator > 0.0)) return 0.0;
  return (n * sxy - sx * sy) / denominator;
}

std::int64_t TimelineStage::session_first_sample(StreamClock& clock, const BlockStamp& stamp) {
  // The receipt time belongs to the end of the whole block, pieces still to come included.
  const std::int64_t end = stamp.first_sample + static_cast<std::int64_t>(claimed_frames_) +
                           static_cast<std::int64_t>(stamp.frames_to_come);
  if (!clock.anchored) {
    const auto frames = static_cast<double>(end - stamp.first_sample);
    const std::int64_t t0 =
        timeline_.t0_ns(stamp.receipt_ns - std::llround(frames / clock.rate_hz * kNsPerS));
    const double receipt_s = static_cast<double>(stamp.receipt_ns - t0) / kNsPerS;
    clock.offset = std::llround(receipt_s * clock.rate_hz - static_cast<double>(end));
    clock.first_receipt_ns = stamp.receipt_ns;
    clock.first_end = end;
    clock.anchored = true;
    clock.published_offset.store(clock.offset, std::memory_order_release);
  }
  // Drift: host seconds since the first block against device seconds since it, once per
  // block (at its last piece, whose end is the block's).
  if (stamp.frames_to_come == 0) {
    const double x = static_cast<double>(end - clock.first_end) / clock.rate_hz;
    const double y = static_cast<double>(stamp.receipt_ns - clock.first_receipt_ns) / kNsPerS;
    clock.n += 1.0;
    clock.sx += x;
    clock.sy += y;
    clock.sxx += x * x;
    clock.sxy += x * y;
    clock.span_s = std::max(clock.span_s, x);
    const double slope = clock.slope();
    clock.published_slope.store(slope, std::memory_order_relaxed);
    clock.published_span_s.store(clock.span_s, std::memory_order_relaxed);
    if (is_reference_ && &clock == &clocks_.front() &&
        clock.span_s >= timeline_.options().drift_min_span_s && slope > 0.0) {
      timeline_.publish_reference(slope);
    }
    if (!is_reference_ && timeline_.options().correct_drift) {
      follow_reference_clock(clock, end);
      clock.published_drift.store(clock.drift_samples, std::memory_order_relaxed);
    }
  }
  return stamp.first_sample + clock.offset + clock.drift_samples;
}

void TimelineStage::follow_reference_clock(StreamClock& clock, std::int64_t end) const {
  // Host seconds per device second, for this stream and for the reference (the first device's
  // first stream): their ratio is this device's clock against the reference device's, with
  // the host's own rate (NTP slewing of CLOCK_MONOTONIC) cancelled out.
  if (clock.span_s < timeline_.options().drift_min_span_s) return;
  const double own = clock.slope();
  const auto reference = timeline_.reference();
  if (!(own > 0.0) || !reference) return;
  const double target = (own / *reference - 1.0) * static_cast<double>(end - clock.first_end);
  // At most one sample per block, so the stream stays continuous to the engine (EmgHistory
  // re-anchors on a jump of up to 2 samples): a slow clock gains a sample index now and then,
  // a fast one loses one, and a refined estimate is followed smoothly.
  const std::int64_t wanted = std::llround(target);
  if (wanted > clock.drift_samples) ++clock.drift_samples;
  if (wanted < clock.drift_samples) --clock.drift_samples;
}

std::optional<std::int64_t> TimelineStage::counter_offset(std::size_t stream) const {
  if (stream >= clocks_.size()) return std::nullopt;
  const std::int64_t offset = clocks_[stream].published_offset.load(std::memory_order_acquire);
  if (offset == std::numeric_limits<std::int64_t>::min()) return std::nullopt;
  return offset;
}

std::optional<double> TimelineStage::drift_ppm(std::size_t stream, double min_span_s) const {
  if (stream >= clocks_.size()) return std::nullopt;
  const StreamClock& c = clocks_[stream];
  const double slope = c.published_slope.load(std::memory_order_relaxed);
  if (!(slope > 0.0) || c.published_span_s.load(std::memory_order_relaxed) < min_span_s) {
    return std::nullopt;
  }
  return (slope - 1.0) * 1e6;
}

std::int64_t TimelineStage::drift_correction(std::size_t stream) const {
  return stream < clocks_.size() ? clocks_[stream].published_drift.load(std::memory_order_relaxed)
                                 : 0;
}

}  // namespace stridecue
