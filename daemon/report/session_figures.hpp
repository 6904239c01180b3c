// A session's figures for its report, gathered from its strides, cues, events, settings and
// summary (session_report_input.hpp): per-minute strike shares, per-step loading rates, glute
// activation and onset, cadence and contact time per minute, left/right means, cues per kind
// with their latencies, program phases, EMG quality and device gaps. Times are minutes from the
// session's start. The session report draws these; the progress report condenses them to one
// value per session.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/session_report_input.hpp"

namespace stridecue {

// Per step or per minute: x in minutes from the session's start.
struct TimeSeries {
  std::vector<double> t_min, value;
};

// Shares of each strike class (rearfoot, midfoot, forefoot) in each minute of the session.
struct MinuteShares {
  std::vector<double> minute;                // the minute's start (0, 1, …)
  std::array<std::vector<double>, 3> share;  // rearfoot, midfoot, forefoot; NaN without steps
  std::vector<double> steps;                 // steps with a class, per minute
};

struct PhaseSpan {
  std::string phase;  // "warmup", "feedback", "retention", "complete"
  double from_min = 0, to_min = 0;
  std::size_t steps = 0, cues = 0;
  // Share of steps per side outside the heel classes (the target's measure), NaN without.
  std::array<double, 2> target_share{};
};

struct DeviceGap {
  double from_min = 0, to_min = 0;
  std::string what;  // "force plate lost", …
};

struct CueKindFigures {
  std::string kind;                 // "heel_strike", "hips", …
  std::vector<double> t_min;        // each cue's contact
  std::vector<double> decision_ms;  // contact → decision (data time)
  std::vector<double> sound_ms;     // contact → sound onset, where the sound was measured
};

struct SymmetryRow {
  std::string measure, unit;
  double left = 0, right = 0;  // means per side (NaN without)
};

struct ProgramPosition {
  int session = 0, sessions = 0;
  double planned_s = 0, warmup_s = 0, retention_s = 0;
  double feedback_share = 1, planned_feedback_s = 0, feedback_s = 0;  // feedback_s: the dose
  bool completed = false;
};

struct SessionFigures {
  double duration_min = 0;  // the session's running time (data time)
  std::array<std::size_t, 2> steps{};

  // Settings the session ran with (the built-in ones where not recorded).
  double heel_target_share = 0.8;                     // cue.heel_target_share (0: none)
  std::vector<std::string> heel_classes{"rearfoot"};  // cue.heel_classes
  double drop_ratio = 0.8;                            // glute.baseline.drop_ratio
  int baseline_strides = 30;                          // glute.baseline.baseline_strides
  double rearfoot_max = 0.47, forefoot_min = 0.76;    // strike.* class boundaries
  double decision_deadline_ms = 50;                   // strike.decision_deadline_s

  std::array<MinuteShares, 2> strikes;              // per side
  std::array<std::vector<double>, 2> strike_index;  // per side, every step with one
  std::array<TimeSeries, 2> valr, vilr;             // BW/s (or N/s without a body mass)
  std::string loading_rate_unit = "BW/s";
  std::map<std::string, std::size_t> loading_rate_methods;  // method → steps
  TimeSeries cadence;                                       // steps/min, per minute
  std::array<TimeSeries, 2> contact_ms;                     // per minute mean, per side
  std::array<TimeSeries, 2> glute_pct;                      // % of baseline, per step
  std::array<TimeSeries, 2> glute_onset_ms;                 // per step
  std::array<std::size_t, 2> glute_drop_steps{};
  std::array<TimeSeries, 2> emg_ok_share;  // per minute, steps with quality ok
  std::map<std::string, std::size_t> emg_quality_counts;
  std::vector<SymmetryRow> symmetry;
  std::vector<CueKindFigures> cues;  // every kind, in the vocabulary's order
  std::optional<double> contact_to_audio_p50_ms, contact_to_audio_p99_ms;  // the summary's
  std::vector<PhaseSpan> phases;
  std::vector<DeviceGap> gaps;
  std::optional<ProgramPosition> program;
};

SessionFigures gather_session_figures(const SessionReportInput& in);

// The share of steps outside the heel classes among `steps` of one side (for the target).
double target_share_of(const MinuteShares& shares, const std::vector<std::string>& heel_classes,
                       std::size_t minute);
// The same over the whole session for `side` (0 left, 1 right): the minutes weighted by their
// steps; kNone without a classified step.
double session_target_share(const SessionFigures& f, int side);

}  // namespace stridecue
