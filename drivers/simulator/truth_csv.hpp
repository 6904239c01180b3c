// The simulator's ground truth as CSV, one row per stride (columns in docs/simulator.md).
#pragma once

#include <ostream>
#include <vector>

#include "simulator/stride_plan.hpp"

namespace stridecue {

// Columns: side, contact_s, toe_off_s, contact_time_s, pattern, strike_index,
// activation_ratio, emg_onset_s, emg_offset_s, peak_fz_n, impact_transient (0/1).
// Times in seconds with microsecond resolution.
void write_truth_csv(const std::vector<TruthStride>& strides, std::ostream& out);

}  // namespace stridecue
