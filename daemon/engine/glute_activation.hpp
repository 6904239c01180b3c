// Per-stride gluteus medius activation, anchored on a foot contact of the same side.
//
// EmgHistory keeps the last couple of seconds of one channel's band-passed EMG (the
// conditioner's `filtered` output). Once the history reaches contact + ready_delay_s(), the
// analyser measures, on that stored stretch:
// - the linear envelope, recomputed zero-phase (the causal 6 Hz envelope lags ~38 ms, the
//   group delay √2/(2π·6 Hz) of a 2nd-order Butterworth, which would move every onset; the
//   stretch is in the past, so a forward-backward pass costs nothing in latency);
// - mean envelope and integrated EMG (envelope × dt) in [contact − before, contact + after];
// - the burst around contact: above the resting level + k × the SD of the rectified EMG at
//   rest (Hodges & Bui 1996, Electroencephalogr Clin Neurophysiol 101: mean + k·SD of a quiet
//   baseline), the rest taken from the quietest fifth of the stretch's 100 ms pieces, spread
//   over the stride cycle; onset, offset, duration;
// - the median frequency (MDF) of the band-passed EMG within the burst, a fatigue marker
//   (De Luca 1984, Crit Rev Biomed Eng 11), with a Hann-windowed zero-padded radix-2 FFT.
// Called from the engine thread; nothing allocates after construction.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace stridecue {

// The last capacity_s of one channel's band-passed EMG with its session times.
class EmgHistory {
 public:
  // Largest EMG rate the engine accepts (issue 4: 1-4 kHz).
  static constexpr double kMaxRateHz = 4000.0;

  EmgHistory(double rate_hz, double capacity_s = 2.0);

  // Appends column `channel` of `frames` frame-major samples with `channels` columns, the
  // first at session time first_time_s. If first_time_s is more than max_gap_samples samples
  // away from where the last block ended, the history is cleared first (a gap: the data
  // before it does not join up); smaller differences re-anchor the time (clock model).
  void append(double first_time_s, std::span<const float> filtered, std::size_t channels,
              std::size_t channel, std::size_t frames);
  void clear();

  double rate_hz() const { return rate_hz_; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return ring_.size(); }
  double newest_time_s() const { return newest_time_s_; }
  double oldest_time_s() const {
    return newest_time_s_ - static_cast<double>(size_ - 1) / rate_hz_;
  }
  // Sample i, 0 = oldest.
  float at(std::size_t i) const { return ring_[(head_ + i) % ring_.size()]; }
  // Samples first … first + n - 1 (0 = oldest, first + n <= size()) into `out`: the ring's
  // two contiguous pieces, without at()'s division per sample.
  void copy_to(std::size_t first, std::size_t n, float* out) const;

  static constexpr double kMaxGapSamples = 2.0;

 private:
  double rate_hz_;
  std::vector<float> ring_;
  std::size_t head_ = 0;  // index of the oldest sample
  std::size_t size_ = 0;
  double newest_time_s_ = 0.0;
};

struct GluteActivationSettings {
  // Analysis window around contact (issue 4): gluteus medius pre-activates in late swing to
  // stabilise the pelvis for landing, so the window starts before contact.
  double window_before_s = 0.150;
  double window_after_s = 0.100;
  // How far after contact the burst's end is searched: the burst ends 30-40 % into stance
  // (~0.1 s at 0.25 s contact time) and the smoothed envelope a little later.
  double offset_search_s = 0.250;
  // The stretch analysed starts lookback_s before contact: at least one stride cycle (~0.7 s
  // running, ~1.1 s walking), so that it holds the quiet part of the cycle.
  double lookback_s = 1.2;
  // Resting level: the stretch is cut into pieces of rest_segment_s; the quietest
  // rest_fraction of them (by mean envelope, at least one) are rest. Several pieces from
  // different parts of the cycle, not the single quietest one: that one is biased low (the
  // least of many) and on a clean signal sits in the envelope filter's undershoot just before
  // a burst. The gluteus medius is quiet for at least ~40 % of a stride cycle (mid-swing; the
  // walking recordings in docs/emg.md: 40-55 %), so its quietest fifth is rest whatever the
  // lookback and offset search (1.0-1.5 s and 0.25-0.8 s tried there).
  double rest_segment_s = 0.100;
  double rest_fraction = 0.2;
  // Threshold = rest + threshold_sd × SD of the rectified band-passed EMG in the rest pieces
  // (Hodges & Bui 1996: mean + 1-3 SD of the baseline, with the SD of the signal as processed
  // - here of the rectified samples, their unsmoothed variant). Unlike the SD of the smooth
  // envelope, which shrinks with the smoothing, this SD scales with the rest's own level
  // (0.76 × its mean for gaussian noise) and so stays above the resting level's wandering
  // across the cycle. 1.5 (≈ 2.1 × rest for gaussian noise) is a measured choice between
  // Hodges & Bui's 1 and 2: on the Rajagopal walking GMED it puts the onsets where the burst
  // visibly starts (1 leaves one of them 20 ms early), on the simulator 2 moves onsets late
  // (docs/emg.md, sections 3, 5, 7).
  double threshold_sd = 1.5;
  // And at least min_rise_fraction of the way from the envelope's quietest rest_segment_s to
  // the window's peak, so that a very quiet (or noise-free, simulated) rest does not put the
  // threshold at the first ripple.
  double min_rise_fraction = 0.05;
  // A burst is a contiguous above-threshold run of at least this length, to reject spikes
  // (Hodges & Bui 1996 compared windows of 20, 50 and 100 ms; 25 ms is a common choice).
  double min_burst_s = 0.025;
  // Zero-phase envelope: 2nd-order Butterworth at this cut-off, run forwards and backwards.
  double envelope_cutoff_hz = 6.0;

  const char* problem() const;
};

// What one stride's activation measured; times relative to contact (negative = before).
// Empty optionals: not measurable (not enough history, no burst above the threshold, burst
// running off the stored stretch, too few samples for a spectrum).
struct GluteActivation {
  std::optional<double> mean_envelope_v;  // mean envelope in the window, V
  std::optional<double> iemg_v_s;         // ∫ envelope dt over the window, V·s
  std::optional<double> onset_s;
  std::optional<double> offset_s;
  std::optional<double> duration_s;
  std::optional<double> mdf_hz;  // of the band-passed EMG in the burst (window if no burst)
  double rest_v = 0.0;           // resting envelope level (mean over the rest pieces) and
                                 // the threshold used, V
  double threshold_v = 0.0;
};

class GluteActivationAnalyzer {
 public:
  // Buffers sized for `history_capacity_s` of EMG at rate_hz. Throws std::invalid_argument
  // if settings.problem() or the stretch it needs does not fit.
  GluteActivationAnalyzer(const GluteActivationSettings& settings, double rate_hz,
                          double history_capacity_s = 2.0);

  // Time after contact at which analyze() has all it needs.
  double ready_delay_s() const;
  // Needs history.newest_time_s() ≥ contact_s + ready_delay_s(); otherwise, or if the
  // history does not reach back to the window start, returns all-empty.
  GluteActivation analyze(const EmgHistory& history, double contact_s);

  // False (and no change) if settings.problem() or they need more history than allocated.
  bool apply(const GluteActivationSettings& settings);
  const GluteActivationSettings& settings() const { return settings_; }

  // Median frequency of `samples` at rate_hz (Hann window, zero-padded FFT); for tests and the
  // burst. Empty below 32 samples or for a silent signal. At most fft capacity samples used.
  std::optional<double> median_frequency(std::span<const float> samples);

 private:
  void zero_phase_envelope(std::size_t n);
  void fft(std::size_t n);

  GluteActivationSettings settings_;
  double rate_hz_;
  std::size_t max_segment_;
  std::vector<float> segment_;        // band-passed stretch
  std::vector<double> envelope_;      // its zero-phase envelope
  std::vector<double> piece_mean_;    // mean envelope of each rest_segment_s piece
  std::vector<double> piece_sorted_;  // the same, partly ordered to find the quietest
  std::vector<double> re_, im_;       // FFT buffers, a power of two
  std::vector<double> cos_, sin_;     // twiddles for the largest size
};

}  // namespace stridecue
