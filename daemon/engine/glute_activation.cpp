#include "engine/glute_activation.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "engine/biquad.hpp"

namespace stridecue {
namespace {

// Start each pass of the zero-phase filter settled on the mean of its first 20 ms, so that
// the pass does not ring up from 0 at the ends of the stretch.
constexpr double kSettle_s = 0.020;
constexpr std::size_t kMinSpectrumSamples = 32;

std::size_t next_pow2(std::size_t n) {
  std::size_t p = 1;
  while (p < n)
    p <<= 1;
  return p;
}

}  // namespace

void EmgHistory::copy_to(std::size_t first, std::size_t n, float* out) const {
  const std::size_t cap = ring_.size();
  std::size_t from = head_ + first;
  if (from >= cap) from -= cap;
  const std::size_t before_wrap = std::min(n, cap - from);
  std::copy_n(ring_.data() + from, before_wrap, out);
  std::copy_n(ring_.data(), n - before_wrap, out + before_wrap);
}

// ---------------------------------------------------------------------------------------------

EmgHistory::EmgHistory(double rate_hz, double capacity_s) : rate_hz_(rate_hz) {
  if (!(rate_hz > 0.0 && rate_hz <= kMaxRateHz)) {
    throw std::invalid_argument("EmgHistory: rate must be in (0, 4000] Hz");
  }
  if (!(capacity_s > 0.0 && capacity_s <= 60.0)) {
    throw std::invalid_argument("EmgHistory: capacity_s must be in (0, 60] s");
  }
  ring_.assign(static_cast<std::size_t>(std::ceil(capacity_s * rate_hz)) + 1, 0.0f);
}

void EmgHistory::clear() {
  head_ = 0;
  size_ = 0;
}

void EmgHistory::append(double first_time_s, std::span<const float> filtered, std::size_t channels,
                        std::size_t channel, std::size_t frames) {
  if (frames == 0) return;
  if (channel >= channels || filtered.size() < frames * channels) {
    throw std::invalid_argument("EmgHistory::append: channel or span out of range");
  }
  if (size_ > 0) {
    const double expected_s = newest_time_s_ + 1.0 / rate_hz_;
    if (std::abs(first_time_s - expected_s) * rate_hz_ > kMaxGapSamples) clear();
  }
  // Wrapping by a compare, not `%`: a division per sample was most of this loop.
  const std::size_t cap = ring_.size();
  for (std::size_t f = 0; f < frames; ++f) {
    const float v = filtered[f * channels + channel];
    if (size_ < cap) {
      std::size_t at = head_ + size_;  // both below cap
      if (at >= cap) at -= cap;
      ring_[at] = v;
      ++size_;
    } else {
      ring_[head_] = v;
      if (++head_ == cap) head_ = 0;
    }
  }
  newest_time_s_ = first_time_s + static_cast<double>(frames - 1) / rate_hz_;
}

// ---------------------------------------------------------------------------------------------

const char* GluteActivationSettings::problem() const {
  if (!(window_before_s >= 0.0 && window_before_s <= 0.5)) {
    return "window_before_s must be in [0, 0.5] s";
  }
  if (!(window_after_s >= 0.0 && window_after_s <= 0.5)) {
    return "window_after_s must be in [0, 0.5] s";
  }
  if (!(window_before_s + window_after_s >= 0.02)) return "the window must be at least 20 ms";
  if (!(offset_search_s >= 0.0 && offset_search_s <= 0.8)) {
    return "offset_search_s must be in [0, 0.8] s";
  }
  if (!(lookback_s >= window_before_s && lookback_s <= 3.0)) {
    return "lookback_s must be in [window_before_s, 3] s";
  }
  if (!(rest_segment_s >= 0.02 && rest_segment_s <= lookback_s / 2.0)) {
    return "rest_segment_s must be in [0.02 s, lookback_s / 2]";
  }
  if (!(rest_fraction > 0.0 && rest_fraction <= 1.0)) return "rest_fraction must be in (0, 1]";
  if (!(threshold_sd >= 0.0)) return "threshold_sd must not be negative";
  if (!(min_rise_fraction >= 0.0 && min_rise_fraction < 1.0)) {
    return "min_rise_fraction must be in [0, 1)";
  }
  if (!(min_burst_s >= 0.0 && min_burst_s <= 0.3)) return "min_burst_s must be in [0, 0.3] s";
  if (!(envelope_cutoff_hz >= 1.0 && envelope_cutoff_hz <= 50.0)) {
    return "envelope_cutoff_hz must be in [1, 50] Hz";
  }
  return nullptr;
}

GluteActivationAnalyzer::GluteActivationAnalyzer(const GluteActivationSettings& settings,
                                                 double rate_hz, double history_capacity_s)
    : rate_hz_(rate_hz) {
  if (const char* p = settings.problem()) throw std::invalid_argument(p);
  if (!(rate_hz > 0.0 && rate_hz <= EmgHistory::kMaxRateHz)) {
    throw std::invalid_argument("GluteActivationAnalyzer: rate must be in (0, 4000] Hz");
  }
  max_segment_ = static_cast<std::size_t>(std::ceil(history_capacity_s * rate_hz)) + 1;
  segment_.assign(max_segment_, 0.0f);
  envelope_.assign(max_segment_, 0.0);
  // A piece holds at least 2 samples (analyze()), so there are at most half as many pieces.
  piece_mean_.assign(max_segment_ / 2 + 1, 0.0);
  piece_sorted_.assign(max_segment_ / 2 + 1, 0.0);
  // Gluteus medius bursts in running last ~0.15-0.3 s: a 0.5 s spectrum holds them whole;
  // of a longer stretch the spectrum takes the first 0.5 s.
  const std::size_t fft_size = next_pow2(static_cast<std::size_t>(std::ceil(0.5 * rate_hz)));
  re_.assign(fft_size, 0.0);
  im_.assign(fft_size, 0.0);
  cos_.resize(fft_size / 2);
  sin_.resize(fft_size / 2);
  for (std::size_t k = 0; k < fft_size / 2; ++k) {
    const double w =
        -2.0 * std::numbers::pi * static_cast<double>(k) / static_cast<double>(fft_size);
    cos_[k] = std::cos(w);
    sin_[k] = std::sin(w);
  }
  if (!apply(settings)) {
    throw std::invalid_argument("GluteActivationAnalyzer: lookback + search exceed the history");
  }
}

bool GluteActivationAnalyzer::apply(const GluteActivationSettings& s) {
  if (s.problem() != nullptr) return false;
  const double span_s = s.lookback_s + std::max(s.window_after_s, s.offset_search_s);
  if (span_s * rate_hz_ + 2.0 > static_cast<double>(max_segment_)) return false;
  settings_ = s;
  return true;
}

double GluteActivationAnalyzer::ready_delay_s() const {
  return std::max(settings_.window_after_s, settings_.offset_search_s);
}

void GluteActivationAnalyzer::zero_phase_envelope(std::size_t n) {
  // Forward and backward through one 2nd-order Butterworth: zero phase, the magnitude
  // squared (-6 dB at the cut-off), as in Winter's offline processing of gait EMG.
  BiquadCascade lp = BiquadCascade::butterworth_lowpass(2, settings_.envelope_cutoff_hz, rate_hz_);
  const auto settle_n = std::min<std::size_t>(
      n, std::max<std::size_t>(1, static_cast<std::size_t>(kSettle_s * rate_hz_)));
  double start = 0.0;
  for (std::size_t i = 0; i < settle_n; ++i)
    start += std::abs(static_cast<double>(segment_[i]));
  lp.settle_to(start / static_cast<double>(settle_n));
  for (std::size_t i = 0; i < n; ++i)
    envelope_[i] = std::abs(static_cast<double>(segment_[i]));
  lp.process_in_place(envelope_.data(), n);
  double end = 0.0;
  for (std::size_t i = n - settle_n; i < n; ++i)
    end += envelope_[i];
  lp.settle_to(end / static_cast<double>(settle_n));
  lp.process_in_place(envelope_.data(), n, true);
}

GluteActivation GluteActivationAnalyzer::analyze(const EmgHistory& h, double contact_s) {
  GluteActivation out;
  const GluteActivationSettings& s = settings_;
  if (h.size() < 2 || h.newest_time_s() < contact_s + ready_delay_s() - 0.5 / rate_hz_) {
    return out;
  }
  const double oldest_s = h.oldest_time_s();
  if (oldest_s > contact_s - s.window_before_s + 0.5 / rate_hz_) return out;
  const auto index_of = [&](double t_s) {
    return static_cast<std::ptrdiff_t>(std::lround((t_s - oldest_s) * rate_hz_));
  };
  const std::ptrdiff_t last_index = static_cast<std::ptrdiff_t>(h.size()) - 1;
  const std::ptrdiff_t first = std::max<std::ptrdiff_t>(0, index_of(contact_s - s.lookback_s));
  const std::ptrdiff_t last = std::min(last_index, index_of(contact_s + ready_delay_s()));
  const auto n = static_cast<std::size_t>(last - first + 1);
  if (n > max_segment_ || n < 4) return out;
  h.copy_to(static_cast<std::size_t>(first), n, segment_.data());
  zero_phase_envelope(n);

  // Segment-relative indices of the window and of contact.
  const auto local = [&](double t_s) {
    return std::clamp<std::ptrdiff_t>(index_of(t_s) - first, 0, static_cast<std::ptrdiff_t>(n) - 1);
  };
  const auto w0 = static_cast<std::size_t>(local(contact_s - s.window_before_s));
  const auto w1 = static_cast<std::size_t>(local(contact_s + s.window_after_s));
  const double dt = 1.0 / rate_hz_;
  double sum = 0.0;
  std::size_t peak = w0;
  for (std::size_t i = w0; i <= w1; ++i) {
    sum += envelope_[i];
    if (envelope_[i] > envelope_[peak]) peak = i;
  }
  out.mean_envelope_v = sum / static_cast<double>(w1 - w0 + 1);
  out.iemg_v_s = sum * dt;

  // The envelope's floor: its quietest rest_segment_s (running sums, O(n)); the rise to the
  // peak is measured from it.
  const auto rest_n = std::min<std::size_t>(
      n, std::max<std::size_t>(2, static_cast<std::size_t>(s.rest_segment_s * rate_hz_)));
  double run = 0.0;
  for (std::size_t i = 0; i < rest_n; ++i)
    run += envelope_[i];
  double best = run;
  for (std::size_t i = rest_n; i < n; ++i) {
    run += envelope_[i] - envelope_[i - rest_n];
    best = std::min(best, run);
  }
  const double floor_v = best / static_cast<double>(rest_n);

  // Resting level and spread: the quietest rest_fraction of the stretch's pieces (O(n): the
  // pieces' means, then nth_element over them).
  const std::size_t pieces = n / rest_n;
  for (std::size_t p = 0; p < pieces; ++p) {
    double piece_sum = 0.0;
    for (std::size_t i = p * rest_n; i < (p + 1) * rest_n; ++i)
      piece_sum += envelope_[i];
    piece_mean_[p] = piece_sum / static_cast<double>(rest_n);
    piece_sorted_[p] = piece_mean_[p];
  }
  const auto rest_pieces = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::lround(s.rest_fraction * static_cast<double>(pieces))), 1,
      pieces);
  const auto cut_it = piece_sorted_.begin() + static_cast<std::ptrdiff_t>(rest_pieces - 1);
  std::nth_element(piece_sorted_.begin(), cut_it,
                   piece_sorted_.begin() + static_cast<std::ptrdiff_t>(pieces));
  const double cut = *cut_it;
  // The rest pieces in time order (ties at the cut: the earliest), then two passes over their
  // samples: mean envelope and mean rectified value, then the rectified values' SD.
  const auto is_rest = [&](std::size_t p, std::size_t& taken) {
    if (taken == rest_pieces || piece_mean_[p] > cut) return false;
    ++taken;
    return true;
  };
  double env_sum = 0.0, rect_sum = 0.0;
  std::size_t taken = 0;
  for (std::size_t p = 0; p < pieces; ++p) {
    if (!is_rest(p, taken)) continue;
    for (std::size_t i = p * rest_n; i < (p + 1) * rest_n; ++i) {
      env_sum += envelope_[i];
      rect_sum += std::abs(static_cast<double>(segment_[i]));
    }
  }
  const auto rest_samples = static_cast<double>(rest_pieces * rest_n);
  const double rest = env_sum / rest_samples;
  const double rect_mean = rect_sum / rest_samples;
  double rect_var = 0.0;
  taken = 0;
  for (std::size_t p = 0; p < pieces; ++p) {
    if (!is_rest(p, taken)) continue;
    for (std::size_t i = p * rest_n; i < (p + 1) * rest_n; ++i) {
      const double d = std::abs(static_cast<double>(segment_[i])) - rect_mean;
      rect_var += d * d;
    }
  }
  const double rect_sd = std::sqrt(rect_var / (rest_samples - 1.0));
  const double threshold = std::max(rest + s.threshold_sd * rect_sd,
                                    floor_v + s.min_rise_fraction * (envelope_[peak] - floor_v));
  out.rest_v = rest;
  out.threshold_v = threshold;

  // The burst: the above-threshold run through the window's peak.
  const double contact_index = (contact_s - oldest_s) * rate_hz_ - static_cast<double>(first);
  std::size_t burst_begin = w0, burst_end = w1;
  bool burst = envelope_[peak] > threshold;
  if (burst) {
    std::size_t a = peak, b = peak;
    while (a > 0 && envelope_[a - 1] > threshold)
      --a;
    while (b + 1 < n && envelope_[b + 1] > threshold)
      ++b;
    burst = static_cast<double>(b - a + 1) * dt >= s.min_burst_s;
    if (burst) {
      burst_begin = a;
      burst_end = b;
      // A run reaching the stretch's ends has its edge outside what is stored.
      if (a > 0) out.onset_s = (static_cast<double>(a) - 0.5 - contact_index) * dt;
      if (b + 1 < n) out.offset_s = (static_cast<double>(b) + 0.5 - contact_index) * dt;
      if (out.onset_s && out.offset_s) out.duration_s = *out.offset_s - *out.onset_s;
    }
  }
  out.mdf_hz = median_frequency(
      std::span<const float>(segment_).subspan(burst_begin, burst_end - burst_begin + 1));
  return out;
}

void GluteActivationAnalyzer::fft(std::size_t n) {
  // In-place iterative radix-2 (Cooley-Tukey), n a power of two ≤ the buffer size.
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1)
      j ^= bit;
    j ^= bit;
    if (i < j) {
      std::swap(re_[i], re_[j]);
      std::swap(im_[i], im_[j]);
    }
  }
  const std::size_t full = re_.size();
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const std::size_t step = full / len;
    for (std::size_t i = 0; i < n; i += len) {
      for (std::size_t k = 0; k < len / 2; ++k) {
        const double wr = cos_[k * step], wi = sin_[k * step];
        const std::size_t u = i + k, v = i + k + len / 2;
        const double xr = re_[v] * wr - im_[v] * wi;
        const double xi = re_[v] * wi + im_[v] * wr;
        re_[v] = re_[u] - xr;
        im_[v] = im_[u] - xi;
        re_[u] += xr;
        im_[u] += xi;
      }
    }
  }
}

std::optional<double> GluteActivationAnalyzer::median_frequency(std::span<const float> samples) {
  const std::size_t len = std::min(samples.size(), re_.size());
  if (len < kMinSpectrumSamples) return std::nullopt;
  // Zero-padded to at least 256 points so that short bursts still get a fine frequency grid.
  const std::size_t n = std::min(re_.size(), std::max<std::size_t>(256, next_pow2(len)));
  double mean = 0.0;
  for (std::size_t i = 0; i < len; ++i)
    mean += samples[i];
  mean /= static_cast<double>(len);
  for (std::size_t i = 0; i < n; ++i) {
    if (i < len) {
      const double hann = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                               static_cast<double>(len - 1));
      re_[i] = (static_cast<double>(samples[i]) - mean) * hann;
    } else {
      re_[i] = 0.0;
    }
    im_[i] = 0.0;
  }
  fft(n);
  // Power in bins 1 … n/2 (DC is the removed mean); reuse re_ for the power.
  double total = 0.0;
  for (std::size_t k = 1; k <= n / 2; ++k) {
    re_[k] = re_[k] * re_[k] + im_[k] * im_[k];
    total += re_[k];
  }
  if (!(total > 0.0)) return std::nullopt;
  // The frequency below which half the power lies, interpolated within the bin that crosses.
  double below = 0.0;
  for (std::size_t k = 1; k <= n / 2; ++k) {
    if (below + re_[k] >= total / 2.0) {
      const double fraction = (total / 2.0 - below) / re_[k];
      return (static_cast<double>(k) - 0.5 + fraction) * rate_hz_ / static_cast<double>(n);
    }
    below += re_[k];
  }
  return rate_hz_ / 2.0;
}

}  // namespace stridecue
