#include "engine/contact_detector.hpp"

#include <algorithm>
#include <cmath>

#include "engine/order_statistics.hpp"

namespace stridecue {
namespace {

// Right after toe-off a plate still rings and the belt still carries the foot's last touch:
// leave that out of the zero estimate.
constexpr double kZeroSettleS = 0.02;
// Fewer flight samples than this give an offset no better than the one we have.
constexpr std::size_t kMinZeroSamples = 16;
// Some exports zero the force below a dead band (Vicon's force threshold, OpenSim pipelines):
// the plate reads exactly 0, then jumps to 10-20 N. Interpolating from that 0 puts the contact
// late; a line through the first loaded samples, extended down to the timing level, does not.
// A jump of more than this many timing levels out of an exact zero marks a dead band.
constexpr double kDeadBandJump = 1.0;
constexpr std::size_t kDeadBandFit = 6;  // samples of the rising edge to fit
constexpr double kMaxDeadBandS = 0.02;   // never reach back further than this
// A plate whose flight phase is noisy (real ones: 5-10 N of hum and quantisation) crosses a 5 N
// level many times before the foot lands, and the look-back would time the contact at a dip of
// that noise, samples early. The timing level stays this many noise SDs above the zero.
constexpr double kTimingNoiseSds = 3.0;

double interpolate_crossing(double t0, double v0, double t1, double v1, double level) {
  if (v1 == v0) return t1;
  return t0 + (level - v0) / (v1 - v0) * (t1 - t0);
}

BiquadCascade make_peak_filter(const ContactSettings& s, double rate_hz) {
  // Above ~0.45 × rate the filter cannot be built (and would do nothing useful): go without.
  if (s.peak_lowpass_hz <= 0.0 || s.peak_lowpass_hz >= 0.45 * rate_hz) return {};
  return BiquadCascade::butterworth_lowpass(2, s.peak_lowpass_hz, rate_hz);
}

}  // namespace

const char* ContactSettings::problem() const {
  if (!(timing_threshold_n > 0.0)) return "timing_threshold_n must be above 0 N";
  if (!(release_threshold_n >= timing_threshold_n)) {
    return "release_threshold_n must be at least timing_threshold_n";
  }
  if (!(contact_threshold_n > release_threshold_n)) {
    return "contact_threshold_n must be above release_threshold_n";
  }
  if (!(min_stance_s >= 0.0) || !(min_flight_s >= 0.0)) {
    return "min_stance_s and min_flight_s must not be negative";
  }
  if (!(peak_lowpass_hz >= 0.0)) return "peak_lowpass_hz must not be negative";
  return nullptr;
}

ContactDetector::ContactDetector(const ContactSettings& settings, double rate_hz)
    : settings_(settings), rate_hz_(rate_hz), peak_filter_(make_peak_filter(settings, rate_hz)) {
  trace_.reserve(trace_capacity(settings, rate_hz));
}

std::size_t ContactDetector::trace_capacity(const ContactSettings& settings, double rate_hz) {
  // The look-back's samples come first, then up to max_stance_s of stance.
  return static_cast<std::size_t>(settings.max_stance_s * rate_hz) + kRecent;
}

void ContactDetector::apply(const ContactSettings& settings) {
  const bool new_filter = settings.peak_lowpass_hz != settings_.peak_lowpass_hz;
  settings_ = settings;
  if (new_filter) {
    peak_filter_ = make_peak_filter(settings_, rate_hz_);
    peak_filter_.settle_to(previous_fz_n_);
  }
}

bool ContactDetector::push(const PlateSample& s, Contact& done) {
  const double fz = s.fz_n - offset_n_;
  if (filled_ == 0) peak_filter_.settle_to(fz);
  const double fz_smooth = peak_filter_.empty() ? fz : peak_filter_.process(fz);
  remember(s, fz);

  bool completed = false;
  switch (state_) {
    case State::unknown:
      if (fz < settings_.release_threshold_n) {
        state_ = State::flight;
        last_toe_off_s_ = s.time_s;
      }
      break;
    case State::flight: on_flight(s, fz, fz_smooth); break;
    case State::stance: on_stance(s, fz, fz_smooth); break;
    case State::leaving: completed = on_leaving(s, fz, fz_smooth, done); break;
  }
  previous_time_s_ = s.time_s;
  previous_fz_n_ = fz;
  return completed;
}

void ContactDetector::on_flight(const PlateSample& s, double fz, double fz_smooth) {
  if (fz >= settings_.contact_threshold_n) {
    begin_stance(s, fz, fz_smooth);
    return;
  }
  if (settings_.auto_zero && s.time_s - last_toe_off_s_ >= kZeroSettleS &&
      std::abs(fz) < settings_.release_threshold_n) {
    zero_sum_n_ += fz;
    ++zero_count_;
  }
}

void ContactDetector::begin_stance(const PlateSample& s, double fz, double fz_smooth) {
  // Re-zero first: the recent samples were corrected with the old offset, so the timing
  // level moves by the change (this matters most for the first stance of a trial).
  double offset_change_n = 0.0;
  if (settings_.auto_zero && zero_count_ >= kMinZeroSamples) {
    offset_change_n = zero_sum_n_ / static_cast<double>(zero_count_);
    offset_n_ += offset_change_n;
    measure_flight_noise();
  }
  zero_sum_n_ = 0.0;
  zero_count_ = 0;
  current_ = Contact{};
  const auto [contact_s, loaded] =
      crossing_before_now(timing_level_n() + offset_change_n, offset_change_n - offset_n_);
  current_.contact_s = contact_s;
  current_.peak_fz_n = fz_smooth - offset_change_n;
  current_.peak_fz_s = s.time_s;
  // The trace starts with the samples the look-back passed over (all but this one).
  trace_.clear();
  trace_cut_ = false;
  for (std::size_t age = loaded; age >= 1; --age) {
    TraceSample old = recent_[(head_ + kRecent - age) % kRecent];
    old.fz_n -= offset_change_n;
    record(old);
  }
  state_ = State::stance;
  on_stance(s, fz - offset_change_n, fz_smooth - offset_change_n);
}

void ContactDetector::on_stance(const PlateSample& s, double fz, double fz_smooth) {
  record({s.time_s, fz, s.cop_x_m, s.cop_y_m, s.has_cop});
  if (fz_smooth > current_.peak_fz_n) {
    current_.peak_fz_n = fz_smooth;
    current_.peak_fz_s = s.time_s;
  }
  if (s.has_cop && fz >= settings_.contact_threshold_n) {
    if (!current_.cop_contact_x_m) {
      current_.cop_contact_x_m = s.cop_x_m;
      current_.cop_contact_y_m = s.cop_y_m;
    }
  }
  if (fz < settings_.release_threshold_n) {
    state_ = State::leaving;
    release_s_ = s.time_s;
    toe_off_s_.reset();
    if (fz <= timing_level_n()) {
      toe_off_s_ =
          interpolate_crossing(previous_time_s_, previous_fz_n_, s.time_s, fz, timing_level_n());
    }
  }
}

bool ContactDetector::on_leaving(const PlateSample& s, double fz, double fz_smooth, Contact& done) {
  if (fz >= settings_.contact_threshold_n) {  // only a dip: the same stance goes on
    state_ = State::stance;
    on_stance(s, fz, fz_smooth);
    return false;
  }
  if (!toe_off_s_) {
    record({s.time_s, fz, s.cop_x_m, s.cop_y_m, s.has_cop});
    if (fz <= timing_level_n()) {
      toe_off_s_ =
          interpolate_crossing(previous_time_s_, previous_fz_n_, s.time_s, fz, timing_level_n());
    }
  }
  if (s.time_s - release_s_ < settings_.min_flight_s) return false;

  state_ = State::flight;
  current_.toe_off_s = toe_off_s_.value_or(release_s_);
  last_toe_off_s_ = current_.toe_off_s;
  if (current_.toe_off_s - current_.contact_s < settings_.min_stance_s) return false;
  current_.landing_cop_y_m =
      landing_cop_y(trace_, current_.contact_s, current_.toe_off_s, settings_.contact_threshold_n);
  current_.trace = trace_;
  current_.trace_cut = trace_cut_;
  done = current_;
  return true;
}

std::pair<double, std::size_t> ContactDetector::crossing_before_now(double level,
                                                                    double raw_zero_n) const {
  // Walk back from the newest sample to the last one at or below the level.
  std::size_t newer = head_;
  for (std::size_t age = 1; age < filled_; ++age) {
    const std::size_t older = (head_ + kRecent - age) % kRecent;
    const TraceSample& below = recent_[older];
    if (below.fz_n <= level) {
      const TraceSample& above = recent_[newer];
      if (below.fz_n == raw_zero_n && above.fz_n >= level + kDeadBandJump * (level - raw_zero_n)) {
        if (const auto t = extrapolated_crossing(age - 1, level)) {
          if (*t >= below.time_s - kMaxDeadBandS && *t <= above.time_s) return {*t, age - 1};
        }
      }
      return {interpolate_crossing(below.time_s, below.fz_n, above.time_s, above.fz_n, level),
              age - 1};
    }
    newer = older;
  }
  // Loaded for longer than we remember: the oldest sample we know.
  return {recent_[newer].time_s, filled_ - 1};
}

std::optional<double> ContactDetector::extrapolated_crossing(std::size_t loaded,
                                                             double level) const {
  // Least-squares line through the first loaded samples (up to kDeadBandFit of them).
  // `loaded` samples before the newest lie above the level: the oldest of them is the first.
  const std::size_t n = std::min(loaded + 1, kDeadBandFit);
  if (n < 2) return std::nullopt;
  double st = 0, sf = 0, stt = 0, stf = 0;
  const std::size_t first = (head_ + kRecent - loaded) % kRecent;
  const double t0 = recent_[first].time_s;
  for (std::size_t k = 0; k < n; ++k) {
    const TraceSample& s = recent_[(first + k) % kRecent];
    const double t = s.time_s - t0;
    st += t;
    sf += s.fz_n;
    stt += t * t;
    stf += t * s.fz_n;
  }
  const double dn = static_cast<double>(n);
  const double slope = (dn * stf - st * sf) / (dn * stt - st * st);
  if (!(slope > 0.0)) return std::nullopt;
  const double intercept = (sf - slope * st) / dn;
  return t0 + (level - intercept) / slope;
}

std::optional<ContactDetector::StanceSoFar> ContactDetector::stance_so_far() const {
  if (state_ != State::stance && state_ != State::leaving) return std::nullopt;
  return StanceSoFar{current_.contact_s, trace_};
}

void ContactDetector::remember(const PlateSample& s, double fz) {
  head_ = (head_ + 1) % kRecent;
  recent_[head_] = {s.time_s, fz, s.cop_x_m, s.cop_y_m, s.has_cop};
  if (filled_ < kRecent) ++filled_;
}

void ContactDetector::record(const TraceSample& s) {
  if (trace_.size() < trace_.capacity()) {
    trace_.push_back(s);
  } else {
    trace_cut_ = true;
  }
}

void ContactDetector::measure_flight_noise() {
  // From sample-to-sample differences, not the spread about the mean: a slow rise into the
  // coming contact (walking: 5 to 50 N over 80 ms) or a drifting zero is no noise, and a median
  // ignores the few samples of it. For white noise of SD σ, median |Δ| = 0.6745 × √2 σ.
  std::size_t n = 0;
  for (std::size_t age = 1; age + 1 < filled_; ++age) {
    const TraceSample& newer = recent_[(head_ + kRecent - age) % kRecent];
    const TraceSample& older = recent_[(head_ + kRecent - age - 1) % kRecent];
    if (older.time_s < last_toe_off_s_ + kZeroSettleS) break;
    if (std::abs(newer.fz_n) >= settings_.release_threshold_n ||
        std::abs(older.fz_n) >= settings_.release_threshold_n) {
      continue;
    }
    noise_scratch_[n++] = std::abs(newer.fz_n - older.fz_n);
  }
  if (n < kMinZeroSamples) return;
  noise_sd_n_ =
      kth_smallest(std::span<double>(noise_scratch_.data(), n), n / 2) / (0.6745 * std::sqrt(2.0));
}

std::optional<double> landing_cop_y(std::span<const TraceSample> trace, double contact_s,
                                    double until_s, double min_fz_n) {
  const double end_s = contact_s + kLandingShare * (until_s - contact_s);
  double sum_m = 0.0;
  std::size_t n = 0;
  for (const auto& s : trace) {
    if (s.time_s > end_s) break;
    if (!s.has_cop || s.fz_n < min_fz_n) continue;
    sum_m += s.cop_y_m;
    ++n;
  }
  if (n == 0) return std::nullopt;
  return sum_m / static_cast<double>(n);
}

double ContactDetector::timing_level_n() const {
  return std::clamp(kTimingNoiseSds * noise_sd_n_, settings_.timing_threshold_n,
                    settings_.release_threshold_n);
}

}  // namespace stridecue
