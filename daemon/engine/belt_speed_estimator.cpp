#include "engine/belt_speed_estimator.hpp"

#include <algorithm>
#include <cmath>

#include "engine/order_statistics.hpp"

namespace stridecue {
namespace {

// Belt speed ÷ mid-stance COP speed, by the COP path's shape: measured on the real single-belt
// running of rbds/ (2.5 m/s: 1.19 for a forefoot-first path, 1.38 for a heel-first one) and on
// Rajagopal et al.'s rearfoot running (3.7 m/s by the foot markers: 1.39). docs/validation.md.
constexpr double kHeelFirstRatio = 1.38;
constexpr double kForefootFirstRatio = 1.19;
constexpr double kRelativeSd = 0.06;
// Only samples under this share of the stance's peak load: lighter ones move the COP by cm.
constexpr double kMinLoadFraction = 0.2;

// Slope of COP x against time over the samples in [from, to] of the stance, weighted by Fz².
std::optional<double> cop_velocity(std::span<const TraceSample> trace, double contact_s,
                                   double stance_s, double from, double to, double min_fz_n) {
  double sw = 0, st = 0, sx = 0, stt = 0, stx = 0;
  int n = 0;
  for (const auto& s : trace) {
    const double u = (s.time_s - contact_s) / stance_s;
    if (u < from || u > to || !s.has_cop || s.fz_n < min_fz_n) continue;
    const double w = s.fz_n * s.fz_n;
    const double t = s.time_s - contact_s;
    sw += w;
    st += w * t;
    sx += w * s.cop_x_m;
    stt += w * t * t;
    stx += w * t * s.cop_x_m;
    ++n;
  }
  const double det = sw * stt - st * st;
  if (n < 3 || !(det > 0.0)) return std::nullopt;
  return (sw * stx - st * sx) / det;
}

}  // namespace

void BeltSpeedEstimator::add_stance(std::span<const TraceSample> trace, double contact_s,
                                    double toe_off_s) {
  const double stance_s = toe_off_s - contact_s;
  if (!(stance_s > 0.0)) return;
  double peak_n = 0.0;
  for (const auto& s : trace)
    peak_n = std::max(peak_n, s.fz_n);
  const double min_fz_n = kMinLoadFraction * peak_n;
  const auto mid = cop_velocity(trace, contact_s, stance_s, 0.30, 0.60, min_fz_n);
  const auto early = cop_velocity(trace, contact_s, stance_s, 0.0, 0.15, min_fz_n);
  if (!mid || !early || !(*mid < 0.0)) return;  // a COP that does not go back is no belt
  // Each stance by its own path's shape: a runner who mixes strikes mixes ratios.
  const bool heel_first = *early > *mid;
  recent_m_s_[next_] = -*mid * (heel_first ? kHeelFirstRatio : kForefootFirstRatio);
  next_ = (next_ + 1) % kRecent;
  count_ = std::min(count_ + 1, kRecent);
  std::array<double, kRecent> scratch = recent_m_s_;
  speed_m_s_ = kth_smallest(std::span<double>(scratch.data(), count_), count_ / 2);
}

double BeltSpeedEstimator::sd_m_s() const {
  return kRelativeSd * speed_m_s_.value_or(0.0);
}

}  // namespace stridecue
