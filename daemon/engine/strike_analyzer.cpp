#include "engine/strike_analyzer.hpp"

#include <algorithm>
#include <cmath>

#include "engine/biquad.hpp"
#include "engine/order_statistics.hpp"

namespace stridecue {
namespace {

// A COP fit has at least this much uncertainty: the plate's own COP accuracy is a few mm.
constexpr double kMinCopSdM = 0.002;
// Model uncertainty of toe_cop_fraction, as a fraction of foot length.
constexpr double kToeFractionSd = 0.03;
// Confidence is scaled by this when the impact transient contradicts the strike index (a
// rearfoot index without an impact peak, or an impact peak with a mid- or forefoot index).
constexpr double kImpactDisagreement = 0.75;
// The toe: the COP most samples stay behind (this percentile of the loaded foot-frame COP), not
// the single most anterior one, which a noisy sample at push-off can place anywhere.
constexpr double kToePercentile = 0.95;
// The toe is looked for where the load is still this fraction of the stance's peak.
constexpr double kToeMinLoadFraction = 0.2;
// The line through the early COP is used only when it places the contact this well; real plates
// at 300 Hz give 2-20 cm (rbds/), where the weighted mean does better against the markers.
constexpr double kTrustedFitSdM = 0.01;
// A COP sample further than this from the mean of the first ones is a spike, not the foot.
constexpr double kCopJumpM = 0.05;
// Where the toe lies after contact, as a share of the stance: how long a belt speed error acts
// on the COP travel that the strike index is read from.
constexpr double kToeStanceFraction = 0.75;

// +1 when the runner goes towards +x. Over ground, the sign of the COP's progression between
// the first and last well-loaded samples (heel to toe); on a treadmill always +1.
double travel_direction(std::span<const TraceSample> trace, const StrikeContext& ctx,
                        double min_fz_n) {
  if (!ctx.direction_from_cop) return 1.0;
  const TraceSample* first = nullptr;
  const TraceSample* last = nullptr;
  for (const auto& s : trace) {
    if (!s.has_cop || s.fz_n < min_fz_n) continue;
    if (!first) first = &s;
    last = &s;
  }
  return first && last && last->cop_x_m < first->cop_x_m ? -1.0 : 1.0;
}

// Time at which `f` first reaches `level` at or after index `from`, interpolated.
std::optional<double> first_crossing(std::span<const TraceSample> trace, std::span<const double> f,
                                     std::size_t from, std::size_t to, double level) {
  for (std::size_t i = std::max<std::size_t>(from, 1); i <= to && i < f.size(); ++i) {
    if (f[i - 1] < level && f[i] >= level) {
      const double u = (level - f[i - 1]) / (f[i] - f[i - 1]);
      return trace[i - 1].time_s + u * (trace[i].time_s - trace[i - 1].time_s);
    }
  }
  return std::nullopt;
}

double value_at(std::span<const TraceSample> trace, std::span<const double> f, double t) {
  for (std::size_t i = 1; i < f.size(); ++i) {
    if (trace[i].time_s >= t) {
      const double dt = trace[i].time_s - trace[i - 1].time_s;
      const double u = dt > 0.0 ? (t - trace[i - 1].time_s) / dt : 1.0;
      return f[i - 1] + u * (f[i] - f[i - 1]);
    }
  }
  return f.empty() ? 0.0 : f.back();
}

double max_slope(std::span<const double> f, double rate_hz, std::size_t from, std::size_t to) {
  double best = 0.0;
  for (std::size_t i = from + 1; i <= to && i < f.size(); ++i) {
    best = std::max(best, (f[i] - f[i - 1]) * rate_hz);
  }
  return best;
}

}  // namespace

const char* StrikeSettings::problem() const {
  if (!(boundaries.rearfoot_max > 0.0 && boundaries.rearfoot_max <= boundaries.forefoot_min &&
        boundaries.forefoot_min < 1.0)) {
    return "strike boundaries must satisfy 0 < rearfoot_max <= forefoot_min < 1";
  }
  if (!(toe_cop_fraction > 0.5 && toe_cop_fraction <= 1.0)) {
    return "toe_cop_fraction must be in (0.5, 1]";
  }
  if (!(decision_confidence > 0.5 && decision_confidence < 1.0)) {
    return "decision_confidence must be in (0.5, 1)";
  }
  if (!(decision_deadline_s >= 0.005 && decision_deadline_s <= 0.3)) {
    return "decision_deadline_s must be in [0.005, 0.3]";
  }
  if (!(initial_cop_window_s > 0.0) || !(cop_min_force_n > 0.0)) {
    return "initial_cop_window_s and cop_min_force_n must be above 0";
  }
  if (!(impact_window_fraction > 0.0 && impact_window_fraction < 1.0)) {
    return "impact_window_fraction must be in (0, 1)";
  }
  if (!(impact_min_prominence > 0.0)) return "impact_min_prominence must be above 0";
  if (!(impact_lowpass_hz >= 0.0)) return "impact_lowpass_hz must be at least 0 (0: no filter)";
  return nullptr;
}

std::string_view to_string(LoadingRateMethod m) {
  return m == LoadingRateMethod::impact_20_80 ? "impact_20_80" : "stance_3_12";
}

void InitialCop::add(double t, double x, double fz_n) {
  // Three samples make a mean that a spike can be told from.
  if (n_ >= 3 && std::abs(x - swx_ / sw_) > kCopJumpM) return;
  const double w = fz_n * fz_n;
  sw_ += w;
  swx_ += w * x;
  swxx_ += w * x * x;
  sww_ += w * w;
  swt_ += w * t;
  swtt_ += w * t * t;
  swtx_ += w * t * x;
  ++n_;
}

std::optional<std::pair<double, double>> InitialCop::at_contact() const {
  if (n_ == 0) return std::nullopt;
  const double mean = swx_ / sw_;
  if (n_ < 2) return std::pair{mean, kMinCopSdM * 2.0};
  // A clean plate (the simulator; a good plate at 1-2 kHz): the line through the samples, read
  // at contact, is exact even while the COP rolls forward off the heel.
  const double det = sw_ * swtt_ - swt_ * swt_;
  if (n_ >= 3 && det > 1e-12 * sw_ * swtt_) {
    const double slope = (sw_ * swtx_ - swt_ * swx_) / det;
    const double intercept = (swx_ - slope * swt_) / sw_;
    const double rss = std::max(0.0, swxx_ - intercept * swx_ - slope * swtx_);
    const double sd = std::sqrt(rss / static_cast<double>(n_ - 2) * swtt_ / det);
    if (sd < kTrustedFitSdM) return std::pair{intercept, std::max(sd, kMinCopSdM)};
  }
  // A noisy one: extrapolating amplifies its noise, so the mean of the samples, which lies a
  // little after contact. Its standard error uses Kish's effective number of samples.
  const double var = std::max(0.0, swxx_ / sw_ - mean * mean);
  const double n_eff = sw_ * sw_ / sww_;
  return std::pair{mean, std::max(std::sqrt(var / n_eff), kMinCopSdM)};
}

StrikeAnalyzer::StrikeAnalyzer(const StrikeSettings& settings, std::size_t max_trace)
    : settings_(settings) {
  smooth_n_.reserve(max_trace);
  scratch_m_.reserve(max_trace);
}

StrikeResult StrikeAnalyzer::analyze(std::span<const TraceSample> trace, const StrikeContext& ctx) {
  StrikeResult r;
  if (trace.size() < 3) return r;
  if (ctx.use_cop) find_strike_index(trace, ctx, r);
  find_impact_and_loading(trace, ctx, r);
  classify(ctx, r);
  return r;
}

void StrikeAnalyzer::find_strike_index(std::span<const TraceSample> trace, const StrikeContext& ctx,
                                       StrikeResult& r) {
  double peak_n = 0.0;
  for (const auto& s : trace)
    peak_n = std::max(peak_n, s.fz_n);
  const double direction = travel_direction(trace, ctx, kToeMinLoadFraction * peak_n);
  InitialCop initial;
  for (const auto& s : trace) {
    const double since = s.time_s - ctx.contact_s;
    // At least two loaded samples even when the window holds fewer (low sampling rates).
    if (since > settings_.initial_cop_window_s && initial.samples() >= 2) break;
    if (s.has_cop && s.fz_n >= settings_.cop_min_force_n) {
      initial.add(since, foot_frame_x(s, ctx, direction), s.fz_n);
    }
  }
  const auto contact = initial.at_contact();
  if (!contact) return;

  scratch_m_.clear();
  for (const auto& s : trace) {
    if (s.has_cop && s.fz_n >= kToeMinLoadFraction * peak_n &&
        scratch_m_.size() < scratch_m_.capacity()) {
      scratch_m_.push_back(foot_frame_x(s, ctx, direction));
    }
  }
  if (scratch_m_.size() < 3) return;
  const double toe = percentile(scratch_m_, kToePercentile);

  r.cop_contact_m = contact->first;
  r.cop_contact_sd_m = contact->second;
  r.toe_m = toe;
  const double length = ctx.foot_length_m;
  r.strike_index = settings_.toe_cop_fraction - (toe - contact->first) / length;
  // A belt speed off by dv moves the toe by dv × the time from contact to the toe.
  const double belt_sd_m =
      ctx.belt_speed_sd_m_s * kToeStanceFraction * (ctx.toe_off_s - ctx.contact_s);
  r.strike_index_sd = std::hypot(std::hypot(contact->second, belt_sd_m) / length, kToeFractionSd);
}

void StrikeAnalyzer::find_impact_and_loading(std::span<const TraceSample> trace,
                                             const StrikeContext& ctx, StrikeResult& r) {
  // Zero-phase low-pass (forward then backward): the stance is complete, so the filter may
  // look ahead, and peak times keep their place.
  smooth_n_.clear();
  for (const auto& s : trace)
    smooth_n_.push_back(s.fz_n);
  if (settings_.impact_lowpass_hz > 0.0 && settings_.impact_lowpass_hz < 0.45 * ctx.rate_hz) {
    auto forward = BiquadCascade::butterworth_lowpass(2, settings_.impact_lowpass_hz, ctx.rate_hz);
    forward.settle_to(smooth_n_.front());
    forward.process_in_place(smooth_n_.data(), smooth_n_.size());
    auto backward = BiquadCascade::butterworth_lowpass(2, settings_.impact_lowpass_hz, ctx.rate_hz);
    backward.settle_to(smooth_n_.back());
    backward.process_in_place(smooth_n_.data(), smooth_n_.size(), true);
  }
  const std::span<const double> f = smooth_n_;
  const auto peak_it = std::max_element(f.begin(), f.end());
  const auto peak = static_cast<std::size_t>(peak_it - f.begin());
  const double stance_s = ctx.toe_off_s - ctx.contact_s;
  const double window_end_s = ctx.contact_s + settings_.impact_window_fraction * stance_s;

  // The most prominent local maximum in the window that the force dips below before the
  // active peak.
  std::optional<std::size_t> impact;
  double best_dip = settings_.impact_min_prominence * *peak_it;
  for (std::size_t i = 1; i + 1 < peak && trace[i].time_s <= window_end_s; ++i) {
    if (!(f[i] >= f[i - 1] && f[i] > f[i + 1])) continue;
    const double dip = f[i] - *std::min_element(f.begin() + static_cast<std::ptrdiff_t>(i),
                                                f.begin() + static_cast<std::ptrdiff_t>(peak));
    if (dip >= best_dip) {
      best_dip = dip;
      impact = i;
    }
  }

  if (impact) {
    const double impact_n = f[*impact];
    r.impact_peak_n = impact_n;
    r.impact_peak_ms = (trace[*impact].time_s - ctx.contact_s) * 1e3;
    r.loading_rate_method = LoadingRateMethod::impact_20_80;
    const auto t20 = first_crossing(trace, f, 0, *impact, 0.2 * impact_n);
    const auto t80 = first_crossing(trace, f, 0, *impact, 0.8 * impact_n);
    if (t20 && t80 && *t80 > *t20) {
      r.valr_n_s = 0.6 * impact_n / (*t80 - *t20);
      std::size_t from = 0, to = *impact;
      while (from < to && trace[from].time_s < *t20)
        ++from;
      while (to > from && trace[to].time_s > *t80)
        --to;
      r.vilr_n_s = max_slope(f, ctx.rate_hz, from > 0 ? from - 1 : 0, to + 1);
    }
    return;
  }
  r.loading_rate_method = LoadingRateMethod::stance_3_12;
  const double t3 = ctx.contact_s + 0.03 * stance_s;
  const double t12 = ctx.contact_s + 0.12 * stance_s;
  r.valr_n_s = (value_at(trace, f, t12) - value_at(trace, f, t3)) / (t12 - t3);
  std::size_t from = 0, to = 0;
  while (from + 1 < f.size() && trace[from + 1].time_s < t3)
    ++from;
  to = from;
  while (to + 1 < f.size() && trace[to].time_s < t12)
    ++to;
  r.vilr_n_s = max_slope(f, ctx.rate_hz, from, to);
}

void StrikeAnalyzer::classify(const StrikeContext&, StrikeResult& r) const {
  const bool has_impact = r.impact_peak_n.has_value();
  if (!r.strike_index) {
    // No COP: only an impact transient speaks (a rearfoot strike); its absence cannot tell a
    // midfoot from a forefoot strike, nor a filtered force from either.
    if (has_impact) {
      r.pattern = StrikePattern::rearfoot;
      r.confidence = 0.7;
    }
    return;
  }
  const StrikeBoundaries& b = settings_.boundaries;
  r.pattern = b.classify(*r.strike_index);
  r.confidence = b.probability(*r.pattern, *r.strike_index, r.strike_index_sd);
  if (has_impact != (r.pattern == StrikePattern::rearfoot)) r.confidence *= kImpactDisagreement;
}

}  // namespace stridecue
