#include "engine/cue_policy.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stridecue {
namespace {

// A share such as 0.28 × 25 strides is 7.000000000000001 in binary: 7 misses must reach it.
constexpr double kShareTolerance = 1e-9;

bool is_valid(CueMode m) {
  return m == CueMode::every_stride || m == CueMode::bandwidth || m == CueMode::summary;
}

std::size_t index_of(CueKind k) {
  return static_cast<std::size_t>(k);
}

std::size_t index_of(Side s) {
  return s == Side::left ? 0 : 1;
}

// Step rates outside this are a missed or a doubled contact, not a cadence (running lies at
// about 140-220 steps/min; the simulator's own range).
constexpr double kMinStepRate = 100.0;
constexpr double kMaxStepRate = 260.0;

bool finite_positive(double x) {
  return x > 0.0 && std::isfinite(x);
}

// Where each kind's measure goes in its reason.
void set_value(CueReason& r, CueKind kind, std::optional<double> value) {
  switch (kind) {
    case CueKind::heel_strike: r.strike_index = value; break;
    case CueKind::hips: r.glute_ratio = value; break;
    case CueKind::loading_rate: r.valr_bw_s = value; break;
    case CueKind::cadence: r.cadence_steps_min = value; break;
    case CueKind::glute_onset: r.glute_onset_ms = value; break;
  }
}

}  // namespace

std::string_view to_string(CueMode m) {
  switch (m) {
    case CueMode::every_stride: return "every_stride";
    case CueMode::bandwidth: return "bandwidth";
    case CueMode::summary: return "summary";
  }
  return "every_stride";
}

std::optional<CueMode> cue_mode_from_string(std::string_view s) {
  if (s == "every_stride") return CueMode::every_stride;
  if (s == "bandwidth") return CueMode::bandwidth;
  if (s == "summary") return CueMode::summary;
  return std::nullopt;
}

std::string_view to_string(CueOutput o) {
  switch (o) {
    case CueOutput::both: return "both";
    case CueOutput::visual: return "visual";
    case CueOutput::audio: return "audio";
  }
  return "both";
}

std::optional<CueOutput> cue_output_from_string(std::string_view s) {
  if (s == "both") return CueOutput::both;
  if (s == "visual") return CueOutput::visual;
  if (s == "audio") return CueOutput::audio;
  return std::nullopt;
}

double FadedSchedule::feedback_share(int session_number) const {
  if (session_number <= full_sessions) return 1.0;
  if (session_number >= sessions) return 0.0;
  return static_cast<double>(sessions - session_number) /
         static_cast<double>(sessions - full_sessions);
}

const char* FadedSchedule::problem() const {
  if (sessions < 1) return "cue.fading.sessions must be at least 1";
  // With full_sessions == sessions nothing would fade, and the last session would be both full
  // and empty.
  if (full_sessions < 0 || full_sessions >= sessions) {
    return "cue.fading.full_sessions must be between 0 and cue.fading.sessions - 1";
  }
  if (!(block_s > 0.0) || !std::isfinite(block_s)) {
    return "cue.fading.block_s must be a finite number of seconds greater than 0";
  }
  return nullptr;
}

const char* CueSettings::problem() const {
  if (!is_valid(mode)) return "cue.mode must be one of every_stride, bandwidth, summary";
  if (heel_enabled && !heel_classes[0] && !heel_classes[1] && !heel_classes[2]) {
    return "cue.heel_classes must name at least one of rearfoot, midfoot, forefoot when "
           "cue.heel_enabled is true";
  }
  if (bandwidth_strides < 1 || bandwidth_strides > kMaxCueWindowStrides) {
    return "cue.bandwidth_strides must be between 1 and 64";
  }
  if (bandwidth_misses < 1 || bandwidth_misses > bandwidth_strides) {
    return "cue.bandwidth_misses must be between 1 and cue.bandwidth_strides";
  }
  if (summary_strides < 1) return "cue.summary_strides must be at least 1";
  // A share of 0 would cue every block even when the runner never missed.
  if (!(summary_min_share > 0.0 && summary_min_share <= 1.0)) {
    return "cue.summary_min_share must be greater than 0 and at most 1";
  }
  if (!(refractory_s >= 0.0) || !std::isfinite(refractory_s)) {
    return "cue.refractory_s must be a finite number of seconds, 0 or more";
  }
  if (session_number < 1) return "cue.session_number must be at least 1";
  if (!(loading_rate.max_share > 0.0 && loading_rate.max_share <= 2.0)) {
    return "cue.loading_rate.max_share must be greater than 0 and at most 2";
  }
  if (loading_rate.baseline_strides < 1) {
    return "cue.loading_rate.baseline_strides must be at least 1";
  }
  if (loading_rate.baseline_bw_s && !finite_positive(*loading_rate.baseline_bw_s)) {
    return "cue.loading_rate.baseline_bw_s must be a finite number of BW/s greater than 0";
  }
  if (cadence.target_steps_min &&
      !(*cadence.target_steps_min >= kMinStepRate && *cadence.target_steps_min <= kMaxStepRate)) {
    return "cue.cadence.target_steps_min must be between 100 and 260 steps/min";
  }
  if (!(cadence.increase_share >= -0.5 && cadence.increase_share <= 0.5)) {
    return "cue.cadence.increase_share must be between -0.5 and 0.5";
  }
  if (cadence.baseline_steps < 1) return "cue.cadence.baseline_steps must be at least 1";
  if (!(cadence.tolerance_share > 0.0 && cadence.tolerance_share <= 0.5)) {
    return "cue.cadence.tolerance_share must be greater than 0 and at most 0.5";
  }
  if (cadence.mean_steps < 1 || cadence.mean_steps > kMaxCueWindowStrides) {
    return "cue.cadence.mean_steps must be between 1 and 64";
  }
  if (!(cadence.metronome_volume >= 0.0 && cadence.metronome_volume <= 1.0)) {
    return "cue.cadence.metronome_volume must be between 0 and 1";
  }
  if (!std::isfinite(glute_onset.late_ms)) {
    return "cue.glute_onset.late_ms must be a finite number of milliseconds";
  }
  return fading.problem();
}

CuePolicy::CuePolicy(const CueSettings& settings) : settings_(settings) {
  if (const char* p = settings.problem()) throw std::invalid_argument(p);
}

void CuePolicy::apply(const CueSettings& settings) {
  if (const char* p = settings.problem()) throw std::invalid_argument(p);
  settings_ = settings;
}

std::optional<Cue> CuePolicy::on_strike(const StrikeEvent& strike) {
  Observation o;
  o.miss = settings_.heel_classes[static_cast<std::size_t>(strike.pattern)];
  o.decided_s = strike.decided_s;
  o.pattern = strike.pattern;
  o.value = strike.strike_index;
  // A class known only at toe-off counts towards the windows but never sounds: by then the foot
  // is off the belt, and a cue lands on the next step.
  auto reason =
      observe(state_[index_of(CueKind::heel_strike)], settings_.heel_enabled && strike.early, o);
  if (!reason) return std::nullopt;
  Cue cue;
  cue.kind = CueKind::heel_strike;
  cue.side = strike.side;
  cue.contact_s = strike.contact_s;
  cue.decided_s = strike.decided_s;
  cue.receipt_ns = strike.receipt_ns;
  cue.output = settings_.outputs[index_of(CueKind::heel_strike)];
  cue.reason = *reason;
  return cue;
}

std::optional<Cue> CueList::of(CueKind kind) const {
  for (const Cue& c : *this)
    if (c.kind == kind) return c;
  return std::nullopt;
}

CueList CuePolicy::on_stride(const StrideRecord& stride) {
  return on_stride(stride, stride.toe_off_s, 0);
}

CueList CuePolicy::on_stride(const StrideRecord& stride, double decided_s,
                             std::int64_t receipt_ns) {
  CueList cues;
  // A stride without a gluteus medius measure says nothing about the hips: counting it as a
  // hit would dilute the window with strides of a foot that carries no electrode.
  if (const MuscleActivation* gmed = stride.gmed()) {
    Observation o;
    o.kind = CueKind::hips;
    o.miss = stride.emg.glute_drop;
    o.decided_s = decided_s;
    o.value = gmed->ratio;
    if (auto reason = observe(state_[index_of(CueKind::hips)], settings_.hips_enabled, o)) {
      cues.push(make_cue(CueKind::hips, stride, decided_s, receipt_ns, *reason));
    }
  }
  if (auto cue = loading_rate_cue(stride, decided_s, receipt_ns)) cues.push(*cue);
  if (auto cue = cadence_cue(stride, decided_s, receipt_ns)) cues.push(*cue);
  if (auto cue = glute_onset_cue(stride, decided_s, receipt_ns)) cues.push(*cue);
  return cues;
}

Cue CuePolicy::make_cue(CueKind kind, const StrideRecord& stride, double decided_s,
                        std::int64_t receipt_ns, const CueReason& reason) const {
  Cue cue;
  cue.kind = kind;
  cue.side = stride.side;
  cue.contact_s = stride.contact_s;
  cue.decided_s = decided_s;
  cue.receipt_ns = receipt_ns;
  cue.output = settings_.outputs[index_of(kind)];
  cue.reason = reason;
  return cue;
}

void CuePolicy::LearntMean::add(double x, int strides) {
  if (value) return;
  sum += x;
  ++count;
  if (count >= strides) value = sum / static_cast<double>(count);
}

void CuePolicy::StepRates::add(double steps_min) {
  recent[static_cast<std::size_t>(next)] = steps_min;
  next = (next + 1) % kMaxCueWindowStrides;
  if (count < kMaxCueWindowStrides) ++count;
}

std::optional<double> CuePolicy::StepRates::mean_of_last(int steps) const {
  if (count < steps) return std::nullopt;
  double sum = 0.0;
  for (int i = 1; i <= steps; ++i)
    sum +=
        recent[static_cast<std::size_t>((next - i + kMaxCueWindowStrides) % kMaxCueWindowStrides)];
  return sum / static_cast<double>(steps);
}

std::optional<double> CuePolicy::valr_baseline_bw_s(Side side) const {
  return valr_baseline_[index_of(side)].value;
}

std::optional<double> CuePolicy::cadence_baseline_steps_min() const {
  return cadence_baseline_.value;
}

void CuePolicy::reset_baselines(std::optional<Side> side) {
  if (side) {
    valr_baseline_[index_of(*side)] = LearntMean{};
    return;
  }
  valr_baseline_ = {};
  cadence_baseline_ = LearntMean{};
  step_rates_ = StepRates{};
}

void CuePolicy::reset_for_new_runner() {
  reset_baselines();
  state_ = {};
}

std::optional<double> CuePolicy::cadence_target_steps_min() const {
  const CadenceCue& cc = settings_.cadence;
  if (cc.target_steps_min) return cc.target_steps_min;
  if (!cadence_baseline_.value) return std::nullopt;
  return *cadence_baseline_.value * (1.0 + cc.increase_share);
}

std::optional<Cue> CuePolicy::loading_rate_cue(const StrideRecord& stride, double decided_s,
                                               std::int64_t receipt_ns) {
  // The engine measures VALR on the whole stance (a zero-phase filter, a window in shares of
  // the stance, the impact peak found against the active peak), so it exists from toe-off:
  // the cue goes with the stride record and lands on a following step.
  if (!stride.valr_bw_s || !finite_positive(*stride.valr_bw_s)) return std::nullopt;
  const LoadingRateCue& lr = settings_.loading_rate;
  LearntMean& learnt = valr_baseline_[index_of(stride.side)];
  // The baseline is learnt whether or not the cue is on, so switching it on mid-session finds
  // it ready; the learning strides themselves are never judged.
  const bool learning = !learnt.value;
  learnt.add(*stride.valr_bw_s, lr.baseline_strides);
  const std::optional<double> baseline = lr.baseline_bw_s ? lr.baseline_bw_s : learnt.value;
  if (!baseline || (learning && !lr.baseline_bw_s)) return std::nullopt;
  const double limit = lr.max_share * *baseline;
  Observation o;
  o.kind = CueKind::loading_rate;
  o.miss = *stride.valr_bw_s > limit;
  o.decided_s = decided_s;
  o.value = stride.valr_bw_s;
  auto reason = observe(state_[index_of(CueKind::loading_rate)], lr.enabled, o);
  if (!reason) return std::nullopt;
  reason->valr_limit_bw_s = limit;
  return make_cue(CueKind::loading_rate, stride, decided_s, receipt_ns, *reason);
}

std::optional<Cue> CuePolicy::cadence_cue(const StrideRecord& stride, double decided_s,
                                          std::int64_t receipt_ns) {
  if (!stride.step_time_ms || !finite_positive(*stride.step_time_ms)) return std::nullopt;
  const double rate = 60000.0 / *stride.step_time_ms;
  if (rate < kMinStepRate || rate > kMaxStepRate) return std::nullopt;
  const CadenceCue& cc = settings_.cadence;
  const bool learning = !cadence_baseline_.value;
  cadence_baseline_.add(rate, cc.baseline_steps);
  step_rates_.add(rate);
  // The stride that completes the baseline is not judged against it.
  if (learning && !cc.target_steps_min) return std::nullopt;
  const std::optional<double> target = cadence_target_steps_min();
  // A running mean, so that one long or short step does not fire the cue.
  const auto mean = step_rates_.mean_of_last(cc.mean_steps);
  if (!mean) return std::nullopt;
  Observation o;
  o.kind = CueKind::cadence;
  o.miss = std::fabs(*mean - *target) > cc.tolerance_share * *target;
  o.decided_s = decided_s;
  o.value = mean;
  auto reason = observe(state_[index_of(CueKind::cadence)], cc.enabled, o);
  if (!reason) return std::nullopt;
  reason->cadence_target_steps_min = target;
  return make_cue(CueKind::cadence, stride, decided_s, receipt_ns, *reason);
}

std::optional<Cue> CuePolicy::glute_onset_cue(const StrideRecord& stride, double decided_s,
                                              std::int64_t receipt_ns) {
  // Only a measured onset speaks: a stride whose burst was not found (or a foot without an
  // electrode) would dilute the window.
  const MuscleActivation* gmed = stride.gmed();
  if (gmed == nullptr || !gmed->onset_ms) return std::nullopt;
  const GluteOnsetCue& go = settings_.glute_onset;
  Observation o;
  o.kind = CueKind::glute_onset;
  o.miss = *gmed->onset_ms > go.late_ms;
  o.decided_s = decided_s;
  o.value = gmed->onset_ms;
  auto reason = observe(state_[index_of(CueKind::glute_onset)], go.enabled, o);
  if (!reason) return std::nullopt;
  reason->glute_onset_limit_ms = go.late_ms;
  return make_cue(CueKind::glute_onset, stride, decided_s, receipt_ns, *reason);
}

int CuePolicy::misses_in_last(const KindState& state, int strides) const {
  const int n = strides < state.recent_count ? strides : state.recent_count;
  int misses = 0;
  for (int i = 1; i <= n; ++i) {
    const int at = (state.recent_next - i + kMaxCueWindowStrides) % kMaxCueWindowStrides;
    if (state.recent[static_cast<std::size_t>(at)]) ++misses;
  }
  return misses;
}

double CuePolicy::feedback_share() const {
  return settings_.fading.enabled ? settings_.fading.feedback_share(settings_.session_number) : 1.0;
}

bool CuePolicy::in_feedback_time(double share, double decided_s) const {
  if (share >= 1.0) return true;
  if (!(share > 0.0)) return false;
  const double block_s = settings_.fading.block_s;
  const double phase_s = decided_s - std::floor(decided_s / block_s) * block_s;
  return phase_s < share * block_s;
}

std::optional<CueReason> CuePolicy::observe(KindState& state, bool enabled, const Observation& o) {
  state.recent[static_cast<std::size_t>(state.recent_next)] = o.miss;
  state.recent_next = (state.recent_next + 1) % kMaxCueWindowStrides;
  if (state.recent_count < kMaxCueWindowStrides) ++state.recent_count;

  ++state.block_strides;
  if (o.miss) {
    ++state.block_misses;
    if (o.pattern) ++state.block_pattern_misses[static_cast<std::size_t>(*o.pattern)];
    if (o.value) {
      state.block_value_sum += *o.value;
      ++state.block_value_count;
    }
  }

  CueReason reason;
  reason.mode = settings_.mode;
  bool earned = false;
  switch (settings_.mode) {
    case CueMode::every_stride:
      earned = o.miss;
      reason.pattern = o.pattern;
      reason.misses = 1;
      reason.window = 1;
      set_value(reason, o.kind, o.value);
      break;
    case CueMode::bandwidth: {
      // Only a miss cues: the sentence is about the stride the runner just took.
      const int window = settings_.bandwidth_strides < state.recent_count
                             ? settings_.bandwidth_strides
                             : state.recent_count;
      reason.misses = misses_in_last(state, window);
      reason.window = window;
      earned = o.miss && reason.misses >= settings_.bandwidth_misses;
      reason.pattern = o.pattern;
      set_value(reason, o.kind, o.value);
      break;
    }
    case CueMode::summary: {
      if (state.block_strides < settings_.summary_strides) break;
      reason.misses = state.block_misses;
      reason.window = state.block_strides;
      earned = state.block_misses > 0 &&
               static_cast<double>(state.block_misses) >=
                   settings_.summary_min_share * static_cast<double>(state.block_strides) -
                       kShareTolerance;
      // The block's story: its most frequent missed class (the heel-most on a tie) and the
      // mean measure (strike index, glute ratio, VALR …) of its misses.
      if (o.kind == CueKind::heel_strike) {
        std::size_t most = 0;
        for (std::size_t p = 1; p < state.block_pattern_misses.size(); ++p) {
          if (state.block_pattern_misses[p] > state.block_pattern_misses[most]) most = p;
        }
        if (state.block_pattern_misses[most] > 0) reason.pattern = static_cast<StrikePattern>(most);
      }
      if (state.block_value_count > 0) {
        set_value(reason, o.kind,
                  state.block_value_sum / static_cast<double>(state.block_value_count));
      }
      state.block_strides = 0;
      state.block_misses = 0;
      state.block_pattern_misses = {};
      state.block_value_sum = 0.0;
      state.block_value_count = 0;
      break;
    }
  }
  if (!earned || !enabled) return std::nullopt;

  reason.feedback_share = feedback_share();
  if (!in_feedback_time(reason.feedback_share, o.decided_s)) return std::nullopt;
  if (state.last_cue_s && o.decided_s - *state.last_cue_s < settings_.refractory_s) {
    return std::nullopt;
  }
  state.last_cue_s = o.decided_s;
  return reason;
}

namespace {

// Appends printf-formatted text; describe() runs off the engine thread, so a string is fine.
template <typename... Args>
void append(std::string& out, const char* format, Args... args) {
  char buffer[160];
  const int n = std::snprintf(buffer, sizeof buffer, format, args...);
  if (n <= 0) return;
  const auto written = static_cast<std::size_t>(n);
  out.append(buffer, written < sizeof buffer ? written : sizeof buffer - 1);
}

std::string_view mode_words(CueMode m) {
  switch (m) {
    case CueMode::every_stride: return "every-stride mode";
    case CueMode::bandwidth: return "bandwidth mode";
    case CueMode::summary: return "summary mode";
  }
  return "every-stride mode";
}

}  // namespace

std::string_view cue_words(CueKind kind) {
  return english_cue_word(kind, std::nullopt);
}

namespace {

std::string_view kind_title(CueKind kind) {
  switch (kind) {
    case CueKind::heel_strike: return "Heel-strike cue, ";
    case CueKind::hips: return "Hips cue, ";
    case CueKind::loading_rate: return "Loading-rate cue, ";
    case CueKind::cadence: return "Cadence cue, ";
    case CueKind::glute_onset: return "Glute-onset cue, ";
  }
  return "Cue, ";
}

// What the kind's measure says, e.g. "VALR 92 BW/s, above 70 BW/s".
std::string what_missed(const Cue& cue) {
  const CueReason& r = cue.reason;
  const bool summary = r.mode == CueMode::summary;
  std::string what;
  switch (cue.kind) {
    case CueKind::heel_strike:
      if (r.pattern) {
        what += to_string(*r.pattern);
        what += summary ? " strikes" : " strike";
      }
      if (r.strike_index) {
        append(what, "%s(%sstrike index %.2f)", what.empty() ? "" : " ", summary ? "mean " : "",
               *r.strike_index);
      }
      break;
    case CueKind::hips:
      if (r.glute_ratio) {
        append(what, "gluteus medius at %.0f%% of baseline%s", *r.glute_ratio * 100.0,
               summary ? " on average" : "");
      } else {
        what += "gluteus medius drop-off";
      }
      break;
    case CueKind::loading_rate:
      if (r.valr_bw_s) append(what, "%sVALR %.0f BW/s", summary ? "mean " : "", *r.valr_bw_s);
      if (r.valr_limit_bw_s) append(what, ", above %.0f BW/s", *r.valr_limit_bw_s);
      break;
    case CueKind::cadence:
      if (r.cadence_steps_min) {
        append(what, "%scadence %.0f steps/min", summary ? "mean " : "", *r.cadence_steps_min);
      }
      if (r.cadence_target_steps_min) {
        const bool slow = r.cadence_steps_min && *r.cadence_steps_min < *r.cadence_target_steps_min;
        append(what, ", %s the target %.0f", slow ? "below" : "above", *r.cadence_target_steps_min);
      }
      break;
    case CueKind::glute_onset:
      if (r.glute_onset_ms) {
        append(what, "%sgluteus medius onset %+.0f ms from contact", summary ? "mean " : "",
               *r.glute_onset_ms);
      }
      if (r.glute_onset_limit_ms) append(what, ", later than %+.0f ms", *r.glute_onset_limit_ms);
      break;
  }
  return what;
}

}  // namespace

std::string describe(const Cue& cue) {
  const CueReason& r = cue.reason;
  std::string out(kind_title(cue.kind));
  out += to_string(cue.side);
  out += " foot";
  append(out, " (contact at %.2f s): ", cue.contact_s);
  const char* strides = cue.kind == CueKind::heel_strike ? "strikes"
                        : cue.kind == CueKind::cadence   ? "steps"
                                                         : "strides";
  const std::string what = what_missed(cue);

  switch (r.mode) {
    case CueMode::every_stride: out += what; break;
    case CueMode::bandwidth:
      out += what;
      append(out, "; %d of the last %d %s missed", r.misses, r.window, strides);
      break;
    case CueMode::summary:
      append(out, "%d of %d %s in the block missed", r.misses, r.window, strides);
      if (!what.empty()) out += ", " + what;
      break;
  }
  out += ", ";
  out += mode_words(r.mode);
  if (r.feedback_share < 1.0) {
    append(out, ", feedback in %.0f%% of each block (faded schedule)", r.feedback_share * 100.0);
  }
  out += '.';
  return out;
}

}  // namespace stridecue
