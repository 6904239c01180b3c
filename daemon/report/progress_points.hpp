// One point per session for the progress report: each session's figures (session_figures.hpp)
// condensed to what can be followed across a program — medians and quartiles per side, the
// target share with and without feedback, the dose.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "report/session_figures.hpp"

namespace stridecue {

struct Spread {
  double q1 = 0, median = 0, q3 = 0;  // NaN without values
};

struct ProgressPoint {
  std::string label;  // the runner's session number ("3")
  std::string date;   // the day it started (UTC), or empty
  double running_min = 0;
  std::optional<ProgramPosition> program;
  std::array<std::size_t, 2> steps{};
  std::array<double, 2> target_share{};            // whole session
  std::array<double, 2> target_share_feedback{};   // in the feedback phase (NaN without one)
  std::array<double, 2> target_share_retention{};  // in the retention block (NaN without one)
  std::array<Spread, 2> strike_index, valr, contact_ms, glute_pct, onset_ms;
  double cadence = 0;
  double contact_si_pct = 0, peak_si_pct = 0;
  std::array<double, 2> drop_share{};  // steps flagged as a glute drop, of the side's steps
  std::vector<std::pair<std::string, std::size_t>> cues;  // per kind
  double decision_p50_ms = 0, decision_p99_ms = 0;
  std::optional<double> sound_p50_ms, sound_p99_ms;
  std::array<double, 2> emg_ok_pct{};
  std::size_t gaps = 0;
  double gap_min = 0;
  double heel_target_share = 0.8, drop_ratio = 0.8;
  std::vector<std::string> heel_classes;
};

ProgressPoint progress_point(const SessionReportInput& in, const SessionFigures& f);

}  // namespace stridecue
