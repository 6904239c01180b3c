// Causal conditioning of raw surface EMG, for N channels sampled together at one rate.
//
// Chain (docs/emg.md): Butterworth band-pass 20-450 Hz with mains notches (fundamental and
// harmonics) inside it → full-wave rectification → linear envelope (Butterworth low-pass, 6 Hz),
// and a moving RMS of the band-passed signal. Causal only: the same code runs live, in replay and
// in `analyze`.
//
// Speed: the channels are filtered side by side (structure of arrays, blocks of kLaneBlock
// lanes in GCC vector types), compiled for the SSE2 baseline and, picked at load time where
// the CPU has it, AVX2 (same results: no FMA). Every buffer is allocated in the constructor,
// for the longest chain the settings allow, so that apply() can redesign the filters while
// the engine runs. Called from the engine thread.
#pragma once

#include <array>
#include <cstddef>
#include <new>
#include <span>
#include <vector>

namespace stridecue {

struct EmgSettings {
  // The largest chain problem() accepts: the conditioner sizes its buffers for it.
  static constexpr int kMaxHarmonics = 8;
  static constexpr int kMaxBandpassOrder = 8;
  static constexpr int kMaxEnvelopeOrder = 4;
  static constexpr double kMaxRmsWindowS = 1.0;

  // Mains frequency and how many of its multiples (1 = the fundamental only) get a notch;
  // multiples at or above the band-pass top are skipped (the low-pass removes them).
  double mains_hz = 50.0;
  int mains_harmonics = 3;
  // Notch quality: -3 dB width mains_hz / notch_q (1.7 Hz at 50 Hz, 2 Hz at 60 Hz).
  double notch_q = 30.0;
  // Surface EMG band: SENIAM (Hermens et al. 1999) and De Luca et al. 2010 (J Biomech 43,
  // "Filtering the surface EMG signal") put the useful power between ~20 Hz (movement
  // artefact below) and ~450-500 Hz. The top is capped at 0.45 × rate.
  double bandpass_low_hz = 20.0;
  double bandpass_high_hz = 450.0;
  int bandpass_order = 4;  // per side: 4th-order high-pass and 4th-order low-pass
  // Linear envelope: a 2nd-order low-pass of the rectified signal at a few Hz is the usual
  // choice for gait (Winter, Biomechanics and Motor Control of Human Movement, 4th ed. 2009,
  // ch. 10, uses 3-10 Hz); 6 Hz is a common middle value, not a standard.
  double envelope_cutoff_hz = 6.0;
  int envelope_order = 2;
  // Moving RMS window: 50 ms is a common choice for dynamic tasks (SENIAM-style 25-100 ms).
  double rms_window_s = 0.050;

  // nullptr if usable at any rate of 1-4 kHz, else what is wrong.
  const char* problem() const;
  // nullptr if usable at `rate_hz`, else what is wrong.
  const char* problem_at(double rate_hz) const;

  bool operator==(const EmgSettings&) const = default;
};

// Spans of frames × channels (frame-major, like SampleBlock); an empty span skips that output
// and the work only it needs.
struct EmgOutputs {
  std::span<float> filtered;  // notched and band-passed raw signal, V (for MDF, RMS, quality)
  std::span<float> envelope;  // linear envelope, V
  std::span<float> rms;       // moving RMS of `filtered`, V
  std::span<float> mains;     // what the notches removed (raw − notched), V, for quality
};

// Allocates on cache-line boundaries: the kernels load 8 lanes (32 bytes) at a time, and a
// buffer that starts mid-line splits every other load across two lines (measured: 5 % slower).
template <class T>
struct CacheLineAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlignment{64};
  CacheLineAllocator() = default;
  template <class U>
  CacheLineAllocator(const CacheLineAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlignment)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlignment); }
  template <class U>
  bool operator==(const CacheLineAllocator<U>&) const {
    return true;
  }
};

class EmgConditioner {
 public:
  // Channels are filtered in blocks of this many lanes; channel counts are padded up to it.
  static constexpr std::size_t kLaneBlock = 8;

  // Throws std::invalid_argument with settings.problem_at(rate_hz) if not usable, or if
  // channels is 0. Calls with more than max_block_frames frames are processed in pieces.
  EmgConditioner(const EmgSettings& settings, double rate_hz, std::size_t channels,
                 std::size_t max_block_frames = 512);

  // `interleaved` holds frames × channels raw samples (V). Each non-empty output must hold
  // frames × channels values. The first call settles the filters on its first frame so that
  // an electrode offset does not ring through the high-pass.
  void process(std::span<const float> interleaved, std::size_t frames, const EmgOutputs& out);

  // Forgets the signal (after a gap in the data): the next call settles again.
  void reset();

  // Designs the filters for `settings` in place, without allocating (engine thread). A change
  // restarts the filters as reset() does: the next call settles on its first frame. Equal
  // settings change nothing. False, and no change, if settings.problem_at(rate_hz()).
  bool apply(const EmgSettings& settings);

  const EmgSettings& settings() const { return settings_; }
  double rate_hz() const { return rate_hz_; }
  std::size_t channels() const { return channels_; }
  // The band-pass top actually used (settings capped at 0.45 × rate) and the notch count.
  double bandpass_high_hz() const { return bandpass_high_hz_; }
  std::size_t notch_count() const { return notch_end_ - highpass_end_; }
  // Magnitude response of the notch + band-pass part at `hz` (tests and docs).
  double bandpass_magnitude_at(double hz) const;
  double envelope_magnitude_at(double hz) const;

 private:
  // One second-order section (DF-II-T, a0 = 1), with its coefficients in both precisions.
  struct Section {
    double b0, b1, b2, a1, a2;
  };
  // High-pass and low-pass of the largest order, a notch per harmonic; the envelope.
  static constexpr std::size_t kMaxBandpassSections =
      EmgSettings::kMaxBandpassOrder + EmgSettings::kMaxHarmonics;
  static constexpr std::size_t kMaxEnvelopeSections = EmgSettings::kMaxEnvelopeOrder / 2;
  static constexpr std::size_t kMaxSections = kMaxBandpassSections + kMaxEnvelopeSections;

  // Fills sections_ and the coefficients for `settings` (already checked at this rate).
  void design(const EmgSettings& settings);

  void process_piece(const float* in, std::size_t frames, const EmgOutputs& out,
                     std::size_t offset);
  void settle(const float* first_frame);

  EmgSettings settings_;
  double rate_hz_;
  std::size_t channels_;
  std::size_t lanes_;  // channels rounded up to kLaneBlock
  std::size_t max_block_frames_;
  double bandpass_high_hz_ = 0.0;

  // Sections in order: high-pass, notches, low-pass (the band-pass part, in float), then the
  // envelope (in double). The high-pass comes first so that the float sections never carry
  // the electrode's DC offset, whose rounding the sharp notches would amplify (measured:
  // docs/emg.md, "Precision").
  std::array<Section, kMaxSections> sections_{};
  std::array<float, 5 * kMaxBandpassSections> coeff_f_{};   // 5 per band-pass section
  std::array<double, 5 * kMaxEnvelopeSections> coeff_d_{};  // 5 per envelope section
  std::size_t highpass_end_ = 0, notch_end_ = 0, bandpass_end_ = 0, sections_end_ = 0;
  template <class T>
  using Lanes = std::vector<T, CacheLineAllocator<T>>;
  Lanes<float> s1f_, s2f_;   // kMaxBandpassSections × lanes
  Lanes<double> s1d_, s2d_;  // kMaxEnvelopeSections × lanes
  Lanes<float> work_;        // max_block_frames × lanes
  // The signal before the notches (for the mains output), then the envelope.
  Lanes<float> before_notch_;
  bool settled_ = false;

  // Moving RMS: ring of squares per lane, with running sums recomputed at every wrap so that
  // rounding cannot accumulate.
  std::size_t rms_length_ = 1;
  std::size_t rms_pos_ = 0;
  std::vector<float> rms_ring_;  // rms_length_ × lanes used, sized for kMaxRmsWindowS
  std::vector<double> rms_sum_;  // lanes
};

}  // namespace stridecue
