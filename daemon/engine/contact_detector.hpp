// Foot contact and toe-off on one force plate, from its vertical force, sample by sample.
//
// Detection uses hysteresis on the vertical force (a foot is on above contact_threshold_n, and
// leaving below release_threshold_n) so that noise never splits or invents a stance. Timing
// uses a lower level, timing_threshold_n: once a contact is confirmed the detector looks back
// through its recent samples for the crossing of that level and interpolates between samples;
// toe-off is timed the same way on the way down. Because the look-back starts from a confirmed
// contact, noise in flight cannot trigger it, so the timing level can sit much lower than the
// 10-50 N detection thresholds usual for treadmills: the lower it is, the closer the reported
// time is to the first touch (5 N is 0.25 ms after touch-down at a typical 20 N/ms rise).
//
// Owned by the engine thread: push() allocates nothing and never blocks.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "engine/biquad.hpp"

namespace stridecue {

struct ContactSettings {
  double contact_threshold_n = 50.0;  // rising above: a foot is on the plate
  double release_threshold_n = 30.0;  // falling below: the foot is leaving
  double timing_threshold_n = 5.0;    // level at which contact and toe-off are timed
  double min_stance_s = 0.05;         // shorter loads are knocks, not steps
  double min_flight_s = 0.03;         // shorter unloads are part of the same stance
  double peak_lowpass_hz = 150.0;     // low-pass for the peak force; 0 turns it off
  bool auto_zero = true;              // re-zero the plate from each flight phase
  double max_stance_s = 3.0;          // the stance trace holds this much; longer is cut short

  // Empty when the settings are usable, else what is wrong with them.
  const char* problem() const;
};

// One sample of one plate, already in newtons and metres, with its session time.
struct PlateSample {
  double time_s = 0.0;
  double fz_n = 0.0;
  double cop_x_m = 0.0;
  double cop_y_m = 0.0;
  bool has_cop = false;
};

// One sample of a stance as the later stages see it: offset-corrected force and the COP.
struct TraceSample {
  double time_s = 0.0;
  double fz_n = 0.0;
  double cop_x_m = 0.0;
  double cop_y_m = 0.0;
  bool has_cop = false;
};

// A completed stance on one plate.
struct Contact {
  double contact_s = 0.0;
  double toe_off_s = 0.0;
  double peak_fz_n = 0.0;
  double peak_fz_s = 0.0;
  std::optional<double> cop_contact_x_m;  // first COP while loaded above the contact threshold
  std::optional<double> cop_contact_y_m;
  // Mean mediolateral COP of the landing (landing_cop_y): which foot, on a single belt.
  std::optional<double> landing_cop_y_m;
  // Every sample from the timing-level crossing at contact to toe-off; valid until the next
  // push(). `trace_cut` says the stance outlasted max_stance_s and the trace stops there.
  std::span<const TraceSample> trace;
  bool trace_cut = false;
};

// The share of a stance that is its landing: the feet land apart and the COP then drifts towards
// the runner's midline (rbds/: the feet 9.9 cm apart over the first fifth, 5.3 cm over the whole
// stance), so the landing tells the feet apart best, and a live decision has it by the deadline.
inline constexpr double kLandingShare = 0.25;

// Mean mediolateral COP of the loaded samples (>= min_fz_n) from contact to kLandingShare of the
// way to `until_s` (the toe-off; for a stance under way, its latest sample).
std::optional<double> landing_cop_y(std::span<const TraceSample> trace, double contact_s,
                                    double until_s, double min_fz_n);

class ContactDetector {
 public:
  ContactDetector(const ContactSettings& settings, double rate_hz);

  // Feeds one sample. Returns true when it completed a stance, which is then in `done`.
  bool push(const PlateSample& sample, Contact& done);

  // Takes effect from the next sample; a stance in progress keeps its contact time.
  void apply(const ContactSettings& settings);

  // The stance under way, if the foot is down: its contact time and the trace so far. Lets a
  // live cue be decided moments after contact instead of at toe-off.
  struct StanceSoFar {
    double contact_s;
    std::span<const TraceSample> trace;
  };
  std::optional<StanceSoFar> stance_so_far() const;

  double offset_n() const { return offset_n_; }
  // The level contacts and toe-offs are timed at: timing_threshold_n, or higher above a noisy
  // flight phase.
  double timing_level_n() const;
  std::size_t trace_capacity() const { return trace_.capacity(); }
  // The longest stance trace a detector with these settings holds at `rate_hz` (samples).
  static std::size_t trace_capacity(const ContactSettings& settings, double rate_hz);

 private:
  enum class State {
    unknown,  // started on a loaded plate: wait for it to unload, a half stance is no stance
    flight,
    stance,
    leaving,  // below the release threshold, not yet unloaded for min_flight_s
  };

  void on_flight(const PlateSample& s, double fz, double fz_smooth);
  void on_stance(const PlateSample& s, double fz, double fz_smooth);
  bool on_leaving(const PlateSample& s, double fz, double fz_smooth, Contact& done);
  void begin_stance(const PlateSample& s, double fz, double fz_smooth);
  // The crossing of `level` before now, and how many recent samples lie above it. A recent
  // sample equal to `raw_zero_n` read exactly 0 on the plate.
  std::pair<double, std::size_t> crossing_before_now(double level, double raw_zero_n) const;
  std::optional<double> extrapolated_crossing(std::size_t loaded, double level) const;
  void remember(const PlateSample& s, double fz);
  // The SD of the flight phase's sample-to-sample noise, from the recent samples.
  void measure_flight_noise();
  void record(const TraceSample& s);

  ContactSettings settings_;
  double rate_hz_;
  BiquadCascade peak_filter_;
  State state_ = State::unknown;
  double offset_n_ = 0.0;

  // Recent offset-corrected samples, newest at head_, for timing the contact after the fact.
  static constexpr std::size_t kRecent = 512;
  std::array<TraceSample, kRecent> recent_{};
  std::size_t head_ = 0;
  std::size_t filled_ = 0;

  Contact current_;
  std::vector<TraceSample> trace_;  // sized at construction: push() never allocates
  bool trace_cut_ = false;
  double release_s_ = 0.0;
  std::optional<double> toe_off_s_;
  double last_toe_off_s_ = 0.0;
  double previous_time_s_ = 0.0;
  double previous_fz_n_ = 0.0;
  double zero_sum_n_ = 0.0;
  std::size_t zero_count_ = 0;
  double noise_sd_n_ = 0.0;  // of the force in the last flight phase
  std::array<double, kRecent> noise_scratch_{};
};

}  // namespace stridecue
