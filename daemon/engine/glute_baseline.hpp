// The runner's own gluteus medius baseline per side, each stride's activation as a ratio to
// it, and the drop-off detector (issue 4): `glute_drop` rises when the ratio is below
// drop_ratio in drop_count of the last window_strides strides, and clears when it is at or
// above clear_ratio in drop_count of them (hysteresis: clear_ratio > drop_ratio). A trend
// (least-squares slope of the ratio over the same strides) goes with it.
//
// One instance per side. Called from the engine thread, once per stride; nothing allocates
// after construction. Settings change live through apply() (DESIGN.md principle 5).
#pragma once

#include <array>
#include <cstddef>
#include <optional>

namespace stridecue {

struct GluteBaselineSettings {
  // Strides of the session's start that make the baseline (issue 4: 30, about 20 s of running
  // per side at 170 steps/min; long enough to average the ~10 % stride-to-stride variation
  // of EMG amplitude, short enough to be done in the warm-up).
  std::size_t baseline_strides = 30;
  // Drop-off: ratio below drop_ratio (issue 4: 0.8) in drop_count of the last window_strides
  // strides; cleared at clear_ratio. K = 6 of M = 10 (docs/emg.md, "Drop-off"): with a
  // per-stride ratio sd of ~0.12 (simulator, with 10 % amplitude jitter), an unfatigued
  // runner has P(ratio < 0.8) ≈ 5 % per stride and 6 of 10 ≈ 3e-6 per stride (~1 % over
  // 30 min of both sides), while a runner at 0.7 is flagged within 7-9 strides.
  double drop_ratio = 0.8;
  double clear_ratio = 0.85;
  std::size_t drop_count = 6;
  std::size_t window_strides = 10;

  const char* problem() const;
};

struct GluteStrideRatio {
  std::optional<double> ratio;  // activation / baseline; empty until the baseline exists
  bool drop = false;            // the flag after this stride
  bool drop_changed = false;    // raised or cleared by this stride
  // Least-squares slope of the ratio over the last window_strides strides with a ratio (at
  // least 3): per stride, and per minute of session time.
  std::optional<double> trend_per_stride;
  std::optional<double> trend_per_min;
};

class GluteBaseline {
 public:
  static constexpr std::size_t kMaxBaselineStrides = 1000;
  static constexpr std::size_t kMaxWindowStrides = 100;

  GluteBaseline() : GluteBaseline(GluteBaselineSettings{}) {}
  // Throws std::invalid_argument if settings.problem().
  explicit GluteBaseline(const GluteBaselineSettings& settings);

  // One stride of this side: its activation (empty if it could not be measured or the signal
  // was flagged bad: such a stride neither builds the baseline nor counts in K of M) and its
  // contact time.
  GluteStrideRatio add_stride(std::optional<double> activation, double contact_s);

  // An explicit calibration (e.g. from a calibration run): replaces the baseline, stops
  // collecting, and forgets the strides rated against the old one.
  void set_baseline(double activation);
  std::optional<double> baseline() const { return baseline_; }
  // Strides collected towards the baseline so far.
  std::size_t collected() const { return collected_; }
  bool drop() const { return drop_; }

  // Takes effect at the next stride. A smaller baseline_strides than already collected
  // completes the baseline at the next stride. False (no change) if settings.problem().
  bool apply(const GluteBaselineSettings& settings);
  const GluteBaselineSettings& settings() const { return settings_; }
  // Forgets everything, baseline included (a new session or runner).
  void reset();

 private:
  struct Entry {
    double ratio = 0.0;
    double time_s = 0.0;
    double index = 0.0;
  };
  void complete_baseline();

  GluteBaselineSettings settings_;
  std::array<double, kMaxBaselineStrides> collecting_{};
  std::size_t collected_ = 0;
  std::optional<double> baseline_;
  std::array<Entry, kMaxWindowStrides> recent_{};  // ring of rated strides
  std::size_t recent_count_ = 0, recent_next_ = 0;
  double stride_index_ = 0.0;
  bool drop_ = false;
};

}  // namespace stridecue
