// The belt speed of a treadmill trial that does not state it (a lab's export rarely does),
// estimated from the centre of pressure alone.
//
// While a foot is on the belt it goes back at the belt's speed, and the COP with it — less the
// COP's own progression from heel to toe under the foot, which no force plate can tell apart.
// In mid-stance (30–60 % of the stance) that progression is a steady share of the belt speed
// whose size depends on how the foot landed: a COP that starts at the heel (its path moves back
// more slowly in the first 15 % of the stance than in mid-stance) rolls forward faster than one
// that starts under the forefoot. So each stance's mid-stance COP speed times the ratio for its
// path's shape estimates the belt speed, and the estimate is the median of the recent stances'. The
// ratios were measured on real treadmill running with a known belt speed (docs/validation.md); they
// are good to about ±6 %, and the estimate says so: the strike index widens its uncertainty by it.
//
// Owned by the engine thread; allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>

#include "engine/contact_detector.hpp"

namespace stridecue {

class BeltSpeedEstimator {
 public:
  // Takes one completed stance's trace (lab-frame COP x, forward positive).
  void add_stance(std::span<const TraceSample> trace, double contact_s, double toe_off_s);

  // None until a stance with enough COP has been seen.
  std::optional<double> speed_m_s() const { return speed_m_s_; }
  double sd_m_s() const;

 private:
  static constexpr std::size_t kRecent = 15;

  // Each recent stance's estimate: its mid-stance COP speed back × the ratio for its path.
  std::array<double, kRecent> recent_m_s_{};
  std::size_t count_ = 0, next_ = 0;
  std::optional<double> speed_m_s_;  // their median, updated with each stance
};

}  // namespace stridecue
