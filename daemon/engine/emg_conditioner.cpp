#include "engine/emg_conditioner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <stdexcept>

#include "engine/biquad.hpp"

namespace stridecue {
namespace {

// The band-pass top never comes closer to Nyquist than this fraction of the rate: the
// bilinear transform squeezes the response there, and 0.45 × 1 kHz still keeps 450 Hz.
constexpr double kMaxTopFraction = 0.45;

double capped_top_hz(const EmgSettings& s, double rate_hz) {
  return std::min(s.bandpass_high_hz, kMaxTopFraction * rate_hz);
}

std::size_t rms_frames(double window_s, double rate_hz) {
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(window_s * rate_hz)));
}

// An AVX2 clone and a baseline one, chosen at load time by an ifunc resolver. ThreadSanitizer
// instruments the resolver, which the dynamic loader runs before TSan's runtime exists (a
// crash at startup): under TSan the baseline alone is built.
#if defined(__SANITIZE_THREAD__)
#define STRIDECUE_CLONES
#else
#define STRIDECUE_CLONES __attribute__((target_clones("avx2", "default")))
#endif

// Runs sections [first, last) of a cascade over `frames` frames of `lanes` channels in place.
// The lanes go through in blocks of kLaneBlock held in GCC vector types (also understood by
// clang): with the SSE2 baseline a block of 8 floats is two registers, and the channels are
// independent, so each section costs the same for 8 channels as for one. Frames outside,
// sections inside, the state in memory (L1): measured faster than keeping the state in
// registers across frames, which spills.
STRIDECUE_CLONES void run_sections(const float* coeff, std::size_t first, std::size_t last,
                                   float* s1, float* s2, float* x, std::size_t frames,
                                   std::size_t lanes) {
  constexpr std::size_t K = EmgConditioner::kLaneBlock;
  typedef float Block __attribute__((vector_size(K * sizeof(float))));
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t cb = 0; cb < lanes; cb += K) {
      Block v;
      std::memcpy(&v, x + f * lanes + cb, sizeof v);
      for (std::size_t s = first; s < last; ++s) {
        const float* const k = coeff + 5 * s;
        float* const p1 = s1 + s * lanes + cb;
        float* const p2 = s2 + s * lanes + cb;
        Block a, b;
        std::memcpy(&a, p1, sizeof a);
        std::memcpy(&b, p2, sizeof b);
        const Block y = k[0] * v + a;
        a = (k[1] * v + b) - k[3] * y;
        b = k[2] * v - k[4] * y;
        std::memcpy(p1, &a, sizeof a);
        std::memcpy(p2, &b, sizeof b);
        v = y;
      }
      std::memcpy(x + f * lanes + cb, &v, sizeof v);
    }
  }
}

// The envelope: rectifies the band-passed lanes of `x` and low-passes them in double (a few
// Hz at kHz rates puts the poles so close to 1 that float DF-II-T is too noisy, measured in
// docs/emg.md), writing float lanes to `y`. Blocks of 4 doubles: two SSE2 registers each,
// so that state, input and output fit the 16 registers.
STRIDECUE_CLONES void run_envelope(const double* coeff, std::size_t count, double* s1, double* s2,
                                   const float* x, float* y, std::size_t frames,
                                   std::size_t lanes) {
  constexpr std::size_t K = 4;
  typedef float FBlock __attribute__((vector_size(K * sizeof(float))));
  typedef std::int32_t IBlock __attribute__((vector_size(K * sizeof(std::int32_t))));
  typedef double DBlock __attribute__((vector_size(K * sizeof(double))));
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t cb = 0; cb < lanes; cb += K) {
      IBlock bits;
      std::memcpy(&bits, x + f * lanes + cb, sizeof bits);
      bits &= 0x7fffffff;  // full-wave rectification: clear the sign bit
      FBlock rectified;
      std::memcpy(&rectified, &bits, sizeof rectified);
      DBlock v = __builtin_convertvector(rectified, DBlock);
      for (std::size_t s = 0; s < count; ++s) {
        const double* const k = coeff + 5 * s;
        double* const p1 = s1 + s * lanes + cb;
        double* const p2 = s2 + s * lanes + cb;
        DBlock a, b;
        std::memcpy(&a, p1, sizeof a);
        std::memcpy(&b, p2, sizeof b);
        const DBlock out = k[0] * v + a;
        a = (k[1] * v + b) - k[3] * out;
        b = k[2] * v - k[4] * out;
        std::memcpy(p1, &a, sizeof a);
        std::memcpy(p2, &b, sizeof b);
        v = out;
      }
      const FBlock out = __builtin_convertvector(v, FBlock);
      std::memcpy(y + f * lanes + cb, &out, sizeof out);
    }
  }
}

}  // namespace

const char* EmgSettings::problem() const {
  if (!(mains_hz > 0.0)) return "mains_hz must be above 0 Hz (50 or 60)";
  if (mains_harmonics < 0 || mains_harmonics > kMaxHarmonics) {
    return "mains_harmonics must be in [0, 8]";
  }
  if (!(notch_q >= 1.0)) return "notch_q must be at least 1";
  if (!(bandpass_low_hz > 0.0)) return "bandpass_low_hz must be above 0 Hz";
  if (!(bandpass_high_hz > bandpass_low_hz)) {
    return "bandpass_high_hz must be above bandpass_low_hz";
  }
  if (bandpass_order < 2 || bandpass_order > kMaxBandpassOrder || bandpass_order % 2 != 0) {
    return "bandpass_order must be 2, 4, 6 or 8";
  }
  if (!(envelope_cutoff_hz > 0.0) || !(envelope_cutoff_hz < bandpass_low_hz)) {
    return "envelope_cutoff_hz must be above 0 Hz and below bandpass_low_hz";
  }
  if (envelope_order < 2 || envelope_order > kMaxEnvelopeOrder || envelope_order % 2 != 0) {
    return "envelope_order must be 2 or 4";
  }
  if (!(rms_window_s >= 0.005 && rms_window_s <= kMaxRmsWindowS)) {
    return "rms_window_s must be in [0.005, 1] s";
  }
  return nullptr;
}

const char* EmgSettings::problem_at(double rate_hz) const {
  if (const char* p = problem()) return p;
  if (!(rate_hz >= 500.0 && rate_hz <= 10000.0)) return "EMG rate must be in [500, 10000] Hz";
  if (!(capped_top_hz(*this, rate_hz) > bandpass_low_hz)) {
    return "bandpass_low_hz must be below 0.45 × the EMG rate";
  }
  return nullptr;
}

EmgConditioner::EmgConditioner(const EmgSettings& settings, double rate_hz, std::size_t channels,
                               std::size_t max_block_frames)
    : settings_(settings),
      rate_hz_(rate_hz),
      channels_(channels),
      lanes_((channels + kLaneBlock - 1) / kLaneBlock * kLaneBlock),
      max_block_frames_(std::max<std::size_t>(max_block_frames, 1)) {
  if (const char* p = settings.problem_at(rate_hz)) throw std::invalid_argument(p);
  if (channels == 0) throw std::invalid_argument("EmgConditioner needs at least one channel");
  // Everything sized for the longest chain the settings allow, so that apply() allocates
  // nothing: at 16 channels and 2 kHz the filter state is 2.5 kB and the RMS ring (1 s) 128 kB.
  s1f_.assign(kMaxBandpassSections * lanes_, 0.0f);
  s2f_.assign(kMaxBandpassSections * lanes_, 0.0f);
  s1d_.assign(kMaxEnvelopeSections * lanes_, 0.0);
  s2d_.assign(kMaxEnvelopeSections * lanes_, 0.0);
  work_.assign(max_block_frames_ * lanes_, 0.0f);
  before_notch_.assign(max_block_frames_ * lanes_, 0.0f);
  rms_ring_.assign(rms_frames(EmgSettings::kMaxRmsWindowS, rate_hz) * lanes_, 0.0f);
  rms_sum_.assign(lanes_, 0.0);
  design(settings);
}

void EmgConditioner::design(const EmgSettings& settings) {
  settings_ = settings;
  bandpass_high_hz_ = capped_top_hz(settings, rate_hz_);
  sections_end_ = 0;
  const auto add = [this](const BiquadCoefficients& c) {
    sections_[sections_end_++] = {c.b0, c.b1, c.b2, c.a1, c.a2};
  };
  // Butterworth sections with the Qs BiquadCascade uses (poles at (2k+1)·π/(2·order)); built
  // here because the cascade keeps its sections private.
  const auto butterworth_q = [](int order, int k) {
    return 1.0 / (2.0 * std::cos(std::numbers::pi * (2.0 * k + 1.0) / (2.0 * order)));
  };
  for (int k = 0; k < settings.bandpass_order / 2; ++k) {
    add(BiquadCoefficients::highpass(settings.bandpass_low_hz, rate_hz_,
                                     butterworth_q(settings.bandpass_order, k)));
  }
  highpass_end_ = sections_end_;
  for (int k = 1; k <= settings.mains_harmonics; ++k) {
    const double hz = settings.mains_hz * k;
    if (hz >= bandpass_high_hz_) break;
    add(BiquadCoefficients::notch(hz, rate_hz_, settings.notch_q));
  }
  notch_end_ = sections_end_;
  for (int k = 0; k < settings.bandpass_order / 2; ++k) {
    add(BiquadCoefficients::lowpass(bandpass_high_hz_, rate_hz_,
                                    butterworth_q(settings.bandpass_order, k)));
  }
  bandpass_end_ = sections_end_;
  for (int k = 0; k < settings.envelope_order / 2; ++k) {
    add(BiquadCoefficients::lowpass(settings.envelope_cutoff_hz, rate_hz_,
                                    butterworth_q(settings.envelope_order, k)));
  }
  for (std::size_t i = 0; i < sections_end_; ++i) {
    const Section& k = sections_[i];
    const double values[5] = {k.b0, k.b1, k.b2, k.a1, k.a2};
    for (std::size_t j = 0; j < 5; ++j) {
      if (i < bandpass_end_) {
        coeff_f_[5 * i + j] = static_cast<float>(values[j]);
      } else {
        coeff_d_[5 * (i - bandpass_end_) + j] = values[j];
      }
    }
  }
  rms_length_ = rms_frames(settings.rms_window_s, rate_hz_);
}

bool EmgConditioner::apply(const EmgSettings& settings) {
  if (settings.problem_at(rate_hz_) != nullptr) return false;
  if (settings == settings_) return true;
  design(settings);
  // The filters start again from rest, as after a gap. A DF-II-T state is the past signal
  // already weighted by the old coefficients (and, when the chain's length changes, belongs
  // to other sections): run through the new ones it is a step at the change, which the sharp
  // notches and the few-Hz envelope would ring with for up to a second. Settled on the next
  // frame instead, the output is exactly that of a conditioner started there.
  reset();
  return true;
}

void EmgConditioner::reset() {
  std::fill(s1f_.begin(), s1f_.end(), 0.0f);
  std::fill(s2f_.begin(), s2f_.end(), 0.0f);
  std::fill(s1d_.begin(), s1d_.end(), 0.0);
  std::fill(s2d_.begin(), s2d_.end(), 0.0);
  std::fill(rms_ring_.begin(), rms_ring_.end(), 0.0f);
  std::fill(rms_sum_.begin(), rms_sum_.end(), 0.0);
  rms_pos_ = 0;
  settled_ = false;
}

void EmgConditioner::settle(const float* first_frame) {
  // Steady state of the high-pass for a constant input (the electrode's DC offset): output 0,
  // so every later section starts from rest.
  for (std::size_t c = 0; c < channels_; ++c) {
    const auto x = static_cast<double>(first_frame[c]);
    for (std::size_t s = 0; s < highpass_end_; ++s) {
      const Section& k = sections_[s];
      const double in = s == 0 ? x : 0.0;
      // DC gain of a high-pass section is 0: y = 0, so s2 = b2·x and s1 = b1·x + s2.
      s2f_[s * lanes_ + c] = static_cast<float>(k.b2 * in);
      s1f_[s * lanes_ + c] = static_cast<float>(k.b1 * in + k.b2 * in);
    }
  }
}

void EmgConditioner::process(std::span<const float> interleaved, std::size_t frames,
                             const EmgOutputs& out) {
  const std::size_t needed = frames * channels_;
  if (interleaved.size() < needed) throw std::invalid_argument("EMG input shorter than frames");
  for (const std::span<float> o : {out.filtered, out.envelope, out.rms, out.mains}) {
    if (!o.empty() && o.size() < needed) {
      throw std::invalid_argument("EMG output shorter than frames × channels");
    }
  }
  if (frames == 0) return;
  if (!settled_) {
    settle(interleaved.data());
    settled_ = true;
  }
  for (std::size_t done = 0; done < frames;) {
    const std::size_t n = std::min(max_block_frames_, frames - done);
    process_piece(interleaved.data() + done * channels_, n, out, done * channels_);
    done += n;
  }
}

void EmgConditioner::process_piece(const float* in, std::size_t frames, const EmgOutputs& out,
                                   std::size_t offset) {
  const std::size_t C = channels_;
  const std::size_t L = lanes_;
  for (std::size_t f = 0; f < frames; ++f) {
    std::copy_n(in + f * C, C, work_.data() + f * L);
  }
  if (out.mains.empty()) {
    run_sections(coeff_f_.data(), 0, bandpass_end_, s1f_.data(), s2f_.data(), work_.data(), frames,
                 L);
  } else {
    run_sections(coeff_f_.data(), 0, highpass_end_, s1f_.data(), s2f_.data(), work_.data(), frames,
                 L);
    std::copy_n(work_.data(), frames * L, before_notch_.data());
    run_sections(coeff_f_.data(), highpass_end_, notch_end_, s1f_.data(), s2f_.data(), work_.data(),
                 frames, L);
    float* const m = out.mains.data() + offset;
    for (std::size_t f = 0; f < frames; ++f) {
      for (std::size_t c = 0; c < C; ++c)
        m[f * C + c] = before_notch_[f * L + c] - work_[f * L + c];
    }
    run_sections(coeff_f_.data(), notch_end_, bandpass_end_, s1f_.data(), s2f_.data(), work_.data(),
                 frames, L);
  }
  if (!out.filtered.empty()) {
    float* const o = out.filtered.data() + offset;
    for (std::size_t f = 0; f < frames; ++f) {
      std::copy_n(work_.data() + f * L, C, o + f * C);
    }
  }
  if (!out.rms.empty()) {
    float* const o = out.rms.data() + offset;
    const double inv_length = 1.0 / static_cast<double>(rms_length_);
    for (std::size_t f = 0; f < frames; ++f) {
      float* const ring = rms_ring_.data() + rms_pos_ * L;
      for (std::size_t c = 0; c < C; ++c) {
        const float v = work_[f * L + c];
        const float sq = v * v;
        rms_sum_[c] += static_cast<double>(sq) - static_cast<double>(ring[c]);
        ring[c] = sq;
      }
      if (++rms_pos_ == rms_length_) {
        rms_pos_ = 0;
        for (std::size_t c = 0; c < C; ++c) {
          double sum = 0.0;
          for (std::size_t i = 0; i < rms_length_; ++i)
            sum += static_cast<double>(rms_ring_[i * L + c]);
          rms_sum_[c] = sum;
        }
      }
      for (std::size_t c = 0; c < C; ++c)
        o[f * C + c] = static_cast<float>(std::sqrt(std::max(0.0, rms_sum_[c] * inv_length)));
    }
  }
  if (out.envelope.empty()) return;
  run_envelope(coeff_d_.data(), sections_end_ - bandpass_end_, s1d_.data(), s2d_.data(),
               work_.data(), before_notch_.data(), frames, L);
  float* const o = out.envelope.data() + offset;
  for (std::size_t f = 0; f < frames; ++f) {
    std::copy_n(before_notch_.data() + f * L, C, o + f * C);
  }
}

double EmgConditioner::bandpass_magnitude_at(double hz) const {
  BiquadCascade first, second;
  for (std::size_t s = 0; s < bandpass_end_; ++s) {
    const Section& k = sections_[s];
    (s < BiquadCascade::kMaxSections ? first : second).add({k.b0, k.b1, k.b2, k.a1, k.a2});
  }
  return first.magnitude_at(hz, rate_hz_) * second.magnitude_at(hz, rate_hz_);
}

double EmgConditioner::envelope_magnitude_at(double hz) const {
  BiquadCascade cascade;
  for (std::size_t s = bandpass_end_; s < sections_end_; ++s) {
    const Section& k = sections_[s];
    cascade.add({k.b0, k.b1, k.b2, k.a1, k.a2});
  }
  return cascade.magnitude_at(hz, rate_hz_);
}

}  // namespace stridecue
