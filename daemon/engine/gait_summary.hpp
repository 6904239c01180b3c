// Running totals over a trial's strides, for the summary line: constant memory however long.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/stride_record.hpp"

namespace stridecue {

struct SideTotals {
  std::uint64_t strides = 0;
  double contact_time_ms_sum = 0.0;
  double peak_fz_n_sum = 0.0;
  std::uint64_t strikes[3] = {0, 0, 0};   // by StrikePattern
  std::uint64_t decided_by_deadline = 0;  // classes decided by the deadline after contact
  std::uint64_t overturned = 0;           // … that the whole stance then changed
  std::uint64_t classified = 0;           // strides with a strike pattern
  std::uint64_t glute_drop_strides = 0;   // strides with the gluteus medius drop flag up
  double decided_ms_sum = 0.0;

  // Fraction of this side's strides with pattern `p` (of all strides, classified or not).
  std::optional<double> share(StrikePattern p) const;
  std::optional<double> mean_decided_ms() const;
  std::optional<double> mean_contact_time_ms() const;
  std::optional<double> mean_peak_fz_n() const;
};

class GaitSummary {
 public:
  void add(const StrideRecord& stride);

  const SideTotals& side(Side s) const { return s == Side::left ? left_ : right_; }
  std::uint64_t strides() const { return left_.strides + right_.strides; }
  // Steps per minute over the span from the first to the last contact.
  std::optional<double> cadence_steps_per_min() const;
  std::optional<double> mean_contact_time_ms() const;
  std::optional<double> duration_s() const;

 private:
  SideTotals left_, right_;
  std::optional<double> first_contact_s_;
  double last_contact_s_ = 0.0;
};

}  // namespace stridecue
