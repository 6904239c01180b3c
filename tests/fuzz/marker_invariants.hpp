// What every marker reader promises, checked by the marker fuzz harnesses: a failure carries a
// message; a success has ≥ 2 increasing frame times, a positive rate, and frames × markers × 3
// coordinates, each finite or a whole-marker gap (NaN in x, y and z).
#pragma once

#include <cmath>
#include <optional>
#include <string>

#include "files/marker_trajectories.hpp"

namespace stridecue::fuzz {

inline void check_markers(const ParseResult<MarkerTrajectories>& m) {
  if (!m) {
    if (m.error().empty()) __builtin_trap();
    return;
  }
  if (m->frames() < 2 || !(m->rate_hz > 0.0) || m->names.empty()) __builtin_trap();
  if (m->xyz_m.size() != m->frames() * m->markers() * 3) __builtin_trap();
  for (std::size_t i = 1; i < m->frames(); ++i)
    if (!(m->times_s[i] > m->times_s[i - 1])) __builtin_trap();
  for (std::size_t k = 0; k < m->xyz_m.size(); k += 3) {
    const int gaps =
        std::isnan(m->xyz_m[k]) + std::isnan(m->xyz_m[k + 1]) + std::isnan(m->xyz_m[k + 2]);
    if (gaps != 0 && gaps != 3) __builtin_trap();
  }
}

}  // namespace stridecue::fuzz
