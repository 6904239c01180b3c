#include "engine/gait_summary.hpp"

#include <algorithm>

namespace stridecue {

std::optional<double> SideTotals::mean_contact_time_ms() const {
  if (strides == 0) return std::nullopt;
  return contact_time_ms_sum / static_cast<double>(strides);
}

std::optional<double> SideTotals::share(StrikePattern p) const {
  if (strides == 0) return std::nullopt;
  return static_cast<double>(strikes[static_cast<int>(p)]) / static_cast<double>(strides);
}

std::optional<double> SideTotals::mean_decided_ms() const {
  if (classified == 0) return std::nullopt;
  return decided_ms_sum / static_cast<double>(classified);
}

std::optional<double> SideTotals::mean_peak_fz_n() const {
  if (strides == 0) return std::nullopt;
  return peak_fz_n_sum / static_cast<double>(strides);
}

void GaitSummary::add(const StrideRecord& stride) {
  SideTotals& totals = stride.side == Side::left ? left_ : right_;
  ++totals.strides;
  totals.contact_time_ms_sum += stride.contact_time_ms;
  totals.peak_fz_n_sum += stride.peak_fz_n;
  if (stride.strike) ++totals.strikes[static_cast<int>(*stride.strike)];
  if (stride.strike_early) {
    ++totals.decided_by_deadline;
    if (stride.strike_overturned) ++totals.overturned;
  }
  if (stride.emg.glute_drop) ++totals.glute_drop_strides;
  if (stride.strike_decided_ms) {
    ++totals.classified;
    totals.decided_ms_sum += *stride.strike_decided_ms;
  }
  first_contact_s_ = std::min(first_contact_s_.value_or(stride.contact_s), stride.contact_s);
  last_contact_s_ = std::max(last_contact_s_, stride.contact_s);
}

std::optional<double> GaitSummary::duration_s() const {
  if (!first_contact_s_) return std::nullopt;
  return last_contact_s_ - *first_contact_s_;
}

std::optional<double> GaitSummary::cadence_steps_per_min() const {
  const auto span_s = duration_s();
  if (strides() < 2 || !span_s || *span_s <= 0.0) return std::nullopt;
  return 60.0 * static_cast<double>(strides() - 1) / *span_s;
}

std::optional<double> GaitSummary::mean_contact_time_ms() const {
  if (strides() == 0) return std::nullopt;
  return (left_.contact_time_ms_sum + right_.contact_time_ms_sum) / static_cast<double>(strides());
}

}  // namespace stridecue
