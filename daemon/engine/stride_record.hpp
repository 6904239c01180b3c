// What the engine says about each stance: one record per foot contact, emitted once the foot
// has left the plate. Later stages (strike pattern, gluteus medius) add their fields here.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/glute_tracker.hpp"
#include "engine/sample_block.hpp"
#include "engine/side_assigner.hpp"
#include "engine/strike_analyzer.hpp"

namespace stridecue {

// Standard gravity (CGPM 1901): newtons to body weights.
inline constexpr double kStandardGravity_m_s2 = 9.80665;

struct StrideRecord {
  std::uint64_t index = 0;  // 0, 1, 2 … in order of emission
  Side side = Side::left;
  SideEvidence side_evidence = SideEvidence::plate;
  double side_confidence = 1.0;  // probability that `side` is right (a guess is 0.5)
  Plate plate = Plate::left;
  double contact_s = 0.0;
  double toe_off_s = 0.0;
  double contact_time_ms = 0.0;
  std::optional<double> step_time_ms;    // since the other foot's last contact
  std::optional<double> stride_time_ms;  // since this foot's last contact
  double peak_fz_n = 0.0;
  double peak_fz_ms = 0.0;           // after contact
  std::optional<double> peak_fz_bw;  // needs the runner's body mass
  std::optional<double> cop_contact_x_m;
  std::optional<double> cop_contact_y_m;

  // Foot strike (docs/algorithms.md).
  std::optional<StrikePattern> strike;  // none when the data cannot tell (no COP, no impact)
  std::optional<double> strike_index;   // 0 heel … 1 toe; none without a usable COP
  double strike_confidence = 0.0;
  std::optional<double> strike_decided_ms;    // after contact: the cue can fire no sooner
  std::optional<StrikePattern> strike_early;  // what was decided by the deadline, if anything
  double strike_early_confidence = 0.0;       // its probability then
  bool strike_overturned = false;             // the whole stance says another class
  std::optional<double> impact_peak_n;
  std::optional<double> impact_peak_bw;
  std::optional<double> impact_peak_ms;
  LoadingRateMethod loading_rate_method = LoadingRateMethod::stance_3_12;
  std::optional<double> valr_bw_s;
  std::optional<double> vilr_bw_s;
  std::optional<double> valr_n_s;
  std::optional<double> vilr_n_s;
  double foot_length_m = 0.0;  // used for the strike index

  // Muscle activation around this contact (docs/emg.md); empty without EMG for this side.
  StrideEmg emg;
  const MuscleActivation* gmed() const { return emg.gmed ? &emg.muscles[*emg.gmed] : nullptr; }
};

// The moment a stance's strike class is known: early, moments after contact, when the first
// centre-of-pressure samples are conclusive; otherwise at toe-off. A live cue can fire from this,
// long before the stride record (which waits for the stance's end and its EMG).
struct StrikeEvent {
  Side side = Side::left;
  Plate plate = Plate::left;
  double contact_s = 0.0;
  StrikePattern pattern = StrikePattern::rearfoot;
  std::optional<double> strike_index;  // at toe-off; the early estimate carries none
  double confidence = 0.0;             // probability of `pattern` when it was decided
  // Decided by the deadline (StrikeSettings::decision_deadline_s); a later one is never cued.
  bool early = false;
  // The end of the early samples or the deadline decided it, not decision_confidence: such a
  // cue comes late by design, so the cue timing is judged apart from it.
  bool forced = false;
  double decided_s = 0.0;       // session time of the sample that decided it
  std::int64_t receipt_ns = 0;  // host receipt time of the block holding that sample
};

// Receives the engine's output; called from the engine thread, so it must not block.
class StrideSink {
 public:
  virtual ~StrideSink() = default;
  virtual void on_stride(const StrideRecord& stride) = 0;
  // Each stance at most once, before its stride record; only when the class is known.
  virtual void on_strike(const StrikeEvent& /*strike*/) {}
};

}  // namespace stridecue
