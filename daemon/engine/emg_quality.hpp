// Signal-quality checks per EMG channel, so that a bad electrode is flagged, never silently
// used (issue 4): flat line, saturation/clipping, excessive mains, lost electrode contact.
//
// Statistics are gathered in half windows; every half window the checks run over the last
// full window (two halves), so the flags describe the last window_s of signal and are at most
// window_s / 2 old. Until the first full window the flags hold `unknown`.
// Called from the engine thread; update() does not allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace stridecue {

// A bitmask: several problems can hold at once.
enum class EmgQualityFlags : std::uint8_t {
  none = 0,
  unknown = 1 << 0,       // no full window seen yet
  flat = 1 << 1,          // band-passed RMS below the floor: no signal at all
  clipped = 1 << 2,       // many samples at one extreme value or at the full scale
  mains = 1 << 3,         // mains hum large against the EMG
  lost_contact = 1 << 4,  // huge drift of the raw signal or a non-physiological amplitude
};

constexpr EmgQualityFlags operator|(EmgQualityFlags a, EmgQualityFlags b) {
  return static_cast<EmgQualityFlags>(static_cast<unsigned>(a) | static_cast<unsigned>(b));
}
constexpr EmgQualityFlags operator&(EmgQualityFlags a, EmgQualityFlags b) {
  return static_cast<EmgQualityFlags>(static_cast<unsigned>(a) & static_cast<unsigned>(b));
}
constexpr bool any(EmgQualityFlags f) {
  return f != EmgQualityFlags::none;
}
// "ok", or the names joined by '|', e.g. "flat|mains"; for records and logs, not per sample.
std::string to_string(EmgQualityFlags flags);

struct EmgQualitySettings {
  // At least one stride cycle (0.7 s at 170 steps/min), so that a window of a running
  // recording always holds a burst: the mains check compares hum with the EMG.
  double window_s = 1.0;
  // Flat: a connected electrode shows at least the amplifier and skin noise, typically
  // 1-5 µV RMS in the EMG band (De Luca et al. 2010, J Biomech 43); below 0.5 µV there is no
  // electrode signal.
  double flat_rms_v = 0.5e-6;
  // Clipping: a real signal almost never repeats its exact extreme; a clipped one sits there.
  // Flag when the samples at the window's maximum plus those at its minimum reach this
  // fraction of the window (and at least clip_min_samples). A design value.
  double clip_fraction = 0.01;
  std::size_t clip_min_samples = 8;
  // The amplifier's full scale, V; 0 if unknown. Samples at ≥ 99.9 % of it count as clipped.
  double full_scale_v = 0.0;
  // Excessive mains: the RMS of what the notches removed above mains_ratio × the band-passed
  // RMS, and above mains_floor_v (a few µV of hum are normal and the notches remove them).
  // Design values: hum as large as the EMG itself means the notches are doing all the work.
  double mains_ratio = 1.0;
  double mains_floor_v = 20e-6;
  // Lost contact: the raw mean moving by more than drift_v between consecutive windows
  // (an electrode lifting off swings the offset by millivolts), or a band-passed RMS above
  // max_rms_v (surface EMG of the hip muscles stays well below 5 mV, De Luca 1997).
  double drift_v = 5e-3;
  double max_rms_v = 5e-3;

  const char* problem() const;
};

// What the last full window measured on one channel (for reports and tests).
struct EmgQualityMeasures {
  double rms_v = 0.0;        // band-passed
  double mains_rms_v = 0.0;  // removed by the notches
  double mean_v = 0.0;       // raw
  double drift_v = 0.0;      // change of the raw mean since the previous window
  std::size_t at_extremes = 0;
  std::size_t at_full_scale = 0;
};

class EmgQuality {
 public:
  // Throws std::invalid_argument if settings.problem() or channels == 0.
  EmgQuality(const EmgQualitySettings& settings, double rate_hz, std::size_t channels);

  // Spans of frames × channels, frame-major: the raw input, the conditioner's `filtered`
  // and `mains` outputs for the same frames.
  void update(std::span<const float> raw, std::span<const float> filtered,
              std::span<const float> mains, std::size_t frames);

  EmgQualityFlags flags(std::size_t channel) const { return flags_[channel]; }
  const EmgQualityMeasures& measures(std::size_t channel) const { return measures_[channel]; }

  // Takes effect at the next evaluation; the window length changes at the next half window.
  void apply(const EmgQualitySettings& settings);
  void reset();
  const EmgQualitySettings& settings() const { return settings_; }

 private:
  struct Stats {
    std::size_t n = 0;
    double sum_raw = 0.0;
    double sum_sq_filtered = 0.0;
    double sum_sq_mains = 0.0;
    float max = 0.0f, min = 0.0f;
    std::size_t at_max = 0, at_min = 0;
    std::size_t at_full_scale = 0;
  };
  void evaluate();

  EmgQualitySettings settings_;
  double rate_hz_;
  std::size_t channels_;
  std::size_t half_frames_ = 1;
  std::size_t in_half_ = 0;
  bool have_previous_half_ = false;
  bool have_previous_mean_ = false;
  std::vector<Stats> current_, previous_;
  std::vector<double> previous_mean_;
  std::vector<EmgQualityFlags> flags_;
  std::vector<EmgQualityMeasures> measures_;
};

}  // namespace stridecue
