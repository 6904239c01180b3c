#include "engine/emg_quality.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace stridecue {

std::string to_string(EmgQualityFlags flags) {
  if (!any(flags)) return "ok";
  static constexpr struct {
    EmgQualityFlags flag;
    const char* name;
  } kNames[] = {{EmgQualityFlags::unknown, "unknown"},
                {EmgQualityFlags::flat, "flat"},
                {EmgQualityFlags::clipped, "clipped"},
                {EmgQualityFlags::mains, "mains"},
                {EmgQualityFlags::lost_contact, "lost_contact"}};
  std::string out;
  for (const auto& [flag, name] : kNames) {
    if (!any(flags & flag)) continue;
    if (!out.empty()) out += '|';
    out += name;
  }
  return out;
}

const char* EmgQualitySettings::problem() const {
  if (!(window_s >= 0.1 && window_s <= 10.0)) return "quality window_s must be in [0.1, 10] s";
  if (!(flat_rms_v >= 0.0)) return "flat_rms_v must not be negative";
  if (!(clip_fraction > 0.0 && clip_fraction <= 1.0)) return "clip_fraction must be in (0, 1]";
  if (!(full_scale_v >= 0.0)) return "full_scale_v must not be negative (0: unknown)";
  if (!(mains_ratio > 0.0)) return "mains_ratio must be above 0";
  if (!(mains_floor_v >= 0.0)) return "mains_floor_v must not be negative";
  if (!(drift_v > 0.0)) return "drift_v must be above 0 V";
  if (!(max_rms_v > flat_rms_v)) return "max_rms_v must be above flat_rms_v";
  return nullptr;
}

EmgQuality::EmgQuality(const EmgQualitySettings& settings, double rate_hz, std::size_t channels)
    : settings_(settings),
      rate_hz_(rate_hz),
      channels_(channels),
      current_(channels),
      previous_(channels),
      previous_mean_(channels, 0.0),
      flags_(channels, EmgQualityFlags::unknown),
      measures_(channels) {
  if (const char* p = settings.problem()) throw std::invalid_argument(p);
  if (channels == 0) throw std::invalid_argument("EmgQuality needs at least one channel");
  if (!(rate_hz > 0.0)) throw std::invalid_argument("EmgQuality needs a rate above 0 Hz");
  apply(settings);
}

void EmgQuality::apply(const EmgQualitySettings& settings) {
  if (settings.problem() != nullptr) return;
  settings_ = settings;
  half_frames_ = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lround(settings.window_s * rate_hz_ / 2)));
}

void EmgQuality::reset() {
  std::fill(current_.begin(), current_.end(), Stats{});
  std::fill(previous_.begin(), previous_.end(), Stats{});
  std::fill(flags_.begin(), flags_.end(), EmgQualityFlags::unknown);
  in_half_ = 0;
  have_previous_half_ = false;
  have_previous_mean_ = false;
}

void EmgQuality::update(std::span<const float> raw, std::span<const float> filtered,
                        std::span<const float> mains, std::size_t frames) {
  const std::size_t C = channels_;
  if (raw.size() < frames * C || filtered.size() < frames * C || mains.size() < frames * C) {
    throw std::invalid_argument("EmgQuality::update: spans shorter than frames × channels");
  }
  const auto full_scale = static_cast<float>(0.999 * settings_.full_scale_v);
  const bool check_full_scale = settings_.full_scale_v > 0.0;
  for (std::size_t f = 0; f < frames; ++f) {
    for (std::size_t c = 0; c < C; ++c) {
      Stats& s = current_[c];
      const float x = raw[f * C + c];
      const float y = filtered[f * C + c];
      const float m = mains[f * C + c];
      s.sum_raw += x;
      s.sum_sq_filtered += static_cast<double>(y) * y;
      s.sum_sq_mains += static_cast<double>(m) * m;
      if (s.n == 0 || x > s.max) {
        s.max = x;
        s.at_max = 1;
      } else if (x == s.max) {
        ++s.at_max;
      }
      if (s.n == 0 || x < s.min) {
        s.min = x;
        s.at_min = 1;
      } else if (x == s.min) {
        ++s.at_min;
      }
      if (check_full_scale && std::abs(x) >= full_scale) ++s.at_full_scale;
      ++s.n;
    }
    if (++in_half_ >= half_frames_) {
      if (have_previous_half_) evaluate();
      std::swap(previous_, current_);
      std::fill(current_.begin(), current_.end(), Stats{});
      have_previous_half_ = true;
      in_half_ = 0;
    }
  }
}

void EmgQuality::evaluate() {
  const EmgQualitySettings& q = settings_;
  for (std::size_t c = 0; c < channels_; ++c) {
    const Stats& a = previous_[c];
    const Stats& b = current_[c];
    const auto n = static_cast<double>(a.n + b.n);
    EmgQualityMeasures& m = measures_[c];
    m.rms_v = std::sqrt((a.sum_sq_filtered + b.sum_sq_filtered) / n);
    m.mains_rms_v = std::sqrt((a.sum_sq_mains + b.sum_sq_mains) / n);
    const double mean = (a.sum_raw + b.sum_raw) / n;
    m.drift_v = have_previous_mean_ ? std::abs(mean - previous_mean_[c]) : 0.0;
    m.mean_v = mean;
    previous_mean_[c] = mean;
    // Samples at the extremes of the whole window: each half counts only if it holds them.
    const float max = std::max(a.max, b.max);
    const float min = std::min(a.min, b.min);
    const std::size_t at_max = (a.max == max ? a.at_max : 0) + (b.max == max ? b.at_max : 0);
    const std::size_t at_min = (a.min == min ? a.at_min : 0) + (b.min == min ? b.at_min : 0);
    m.at_extremes = max == min ? at_max : at_max + at_min;
    m.at_full_scale = a.at_full_scale + b.at_full_scale;

    EmgQualityFlags f = EmgQualityFlags::none;
    if (m.rms_v < q.flat_rms_v) f = f | EmgQualityFlags::flat;
    const double clip_count =
        std::max(static_cast<double>(q.clip_min_samples), q.clip_fraction * n);
    if (max != min && static_cast<double>(m.at_extremes) >= clip_count) {
      f = f | EmgQualityFlags::clipped;
    }
    if (static_cast<double>(m.at_full_scale) >= clip_count) f = f | EmgQualityFlags::clipped;
    if (m.mains_rms_v > q.mains_floor_v && m.mains_rms_v > q.mains_ratio * m.rms_v) {
      f = f | EmgQualityFlags::mains;
    }
    if (m.drift_v > q.drift_v || m.rms_v > q.max_rms_v) f = f | EmgQualityFlags::lost_contact;
    flags_[c] = f;
  }
  have_previous_mean_ = true;
}

}  // namespace stridecue
