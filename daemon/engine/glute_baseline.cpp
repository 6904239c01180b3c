#include "engine/glute_baseline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace stridecue {

const char* GluteBaselineSettings::problem() const {
  if (baseline_strides < 1 || baseline_strides > GluteBaseline::kMaxBaselineStrides) {
    return "baseline_strides must be in [1, 1000]";
  }
  if (!(drop_ratio > 0.0 && drop_ratio < 1.0)) return "drop_ratio must be in (0, 1)";
  if (!(clear_ratio >= drop_ratio)) return "clear_ratio must be at least drop_ratio";
  if (window_strides < 1 || window_strides > GluteBaseline::kMaxWindowStrides) {
    return "window_strides must be in [1, 100]";
  }
  if (drop_count < 1 || drop_count > window_strides) {
    return "drop_count must be in [1, window_strides]";
  }
  return nullptr;
}

GluteBaseline::GluteBaseline(const GluteBaselineSettings& settings) {
  if (const char* p = settings.problem()) throw std::invalid_argument(p);
  settings_ = settings;
}

bool GluteBaseline::apply(const GluteBaselineSettings& settings) {
  if (settings.problem() != nullptr) return false;
  settings_ = settings;
  return true;
}

void GluteBaseline::reset() {
  collected_ = 0;
  baseline_.reset();
  recent_count_ = recent_next_ = 0;
  stride_index_ = 0.0;
  drop_ = false;
}

void GluteBaseline::set_baseline(double activation) {
  if (!(activation > 0.0) || !std::isfinite(activation)) return;
  baseline_ = activation;
  collected_ = 0;
  recent_count_ = recent_next_ = 0;
  drop_ = false;
}

void GluteBaseline::complete_baseline() {
  // The median: one stride with an artefact must not move the runner's reference.
  const auto mid = collecting_.begin() + static_cast<std::ptrdiff_t>(collected_ / 2);
  std::nth_element(collecting_.begin(), mid, collecting_.begin() + collected_);
  double median = *mid;
  if (collected_ % 2 == 0) {
    median = (median + *std::max_element(collecting_.begin(), mid)) / 2.0;
  }
  if (median > 0.0) baseline_ = median;
  collected_ = 0;
}

GluteStrideRatio GluteBaseline::add_stride(std::optional<double> activation, double contact_s) {
  GluteStrideRatio out;
  const bool valid = activation && std::isfinite(*activation) && *activation >= 0.0;
  if (!baseline_) {
    if (valid && collected_ < kMaxBaselineStrides) collecting_[collected_++] = *activation;
    if (collected_ >= settings_.baseline_strides) complete_baseline();
    out.drop = drop_;
    return out;
  }
  stride_index_ += 1.0;
  if (valid) {
    out.ratio = *activation / *baseline_;
    recent_[recent_next_] = {*out.ratio, contact_s, stride_index_};
    recent_next_ = (recent_next_ + 1) % kMaxWindowStrides;
    recent_count_ = std::min(recent_count_ + 1, kMaxWindowStrides);
  }

  // The last window_strides rated strides, newest first.
  const std::size_t m = std::min(recent_count_, settings_.window_strides);
  std::size_t below = 0, above = 0;
  double st = 0, si = 0, sr = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const Entry& e = recent_[(recent_next_ + kMaxWindowStrides - 1 - j) % kMaxWindowStrides];
    if (e.ratio < settings_.drop_ratio) ++below;
    if (e.ratio >= settings_.clear_ratio) ++above;
    st += e.time_s;
    si += e.index;
    sr += e.ratio;
  }
  if (valid) {
    const bool was = drop_;
    if (!drop_) {
      drop_ = below >= settings_.drop_count;
    } else {
      drop_ = above < settings_.drop_count;
    }
    out.drop_changed = was != drop_;
  }
  out.drop = drop_;

  if (m >= 3) {
    const double n = static_cast<double>(m);
    const double mt = st / n, mi = si / n, mr = sr / n;
    double stt = 0, sii = 0, str = 0, sir = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const Entry& e = recent_[(recent_next_ + kMaxWindowStrides - 1 - j) % kMaxWindowStrides];
      stt += (e.time_s - mt) * (e.time_s - mt);
      sii += (e.index - mi) * (e.index - mi);
      str += (e.time_s - mt) * (e.ratio - mr);
      sir += (e.index - mi) * (e.ratio - mr);
    }
    if (sii > 0.0) out.trend_per_stride = sir / sii;
    if (stt > 0.0) out.trend_per_min = 60.0 * str / stt;
  }
  return out;
}

}  // namespace stridecue
