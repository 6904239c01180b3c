// How the foot landed, from one stance's force and COP trace: strike index, impact transient,
// loading rates and the strike pattern with a confidence. Algorithms and references:
// docs/algorithms.md ("Foot strike").
//
// Called from the engine thread once per stance; allocates only at construction.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/contact_detector.hpp"
#include "engine/strike_pattern.hpp"

namespace stridecue {

struct StrikeSettings {
  StrikeBoundaries boundaries;
  // Where the COP leaves the foot at push-off, as a fraction of foot length from the heel: under
  // the toes. It places the heel, since the foot's own position is not measured.
  double toe_cop_fraction = 0.90;
  // COP below this load is too noisy to use: real plates throw the COP 10-20 cm about at 50-100 N
  // (rbds/: 150 N doubles the strike index's agreement with the foot-strike angle over 50 N).
  double cop_min_force_n = 150.0;
  double initial_cop_window_s = 0.033;   // early COP samples that place the contact
  double decision_confidence = 0.90;     // probability needed to commit to a class early
  double decision_deadline_s = 0.050;    // every stance is decided by then (a cue later is no use)
  double impact_window_fraction = 0.25;  // an impact peak lies in the first quarter of stance
  double impact_min_prominence = 0.02;   // of the stance's peak force: smaller bumps are noise
  double impact_lowpass_hz = 70.0;       // zero-phase low-pass before looking for the peak

  const char* problem() const;
};

enum class LoadingRateMethod : std::uint8_t {
  impact_20_80,  // 20-80 % of the impact peak
  stance_3_12,   // 3-12 % of stance, where there is no impact peak
};
std::string_view to_string(LoadingRateMethod m);

// What the analysis needs besides the trace.
struct StrikeContext {
  double contact_s = 0.0;
  double toe_off_s = 0.0;
  double rate_hz = 1000.0;
  double belt_speed_m_s = 0.0;     // the foot travels back with the belt; 0 over ground
  double belt_speed_sd_m_s = 0.0;  // its uncertainty when it was estimated from the data
  // Over ground the lab's x need not point where the runner goes: take the direction from the
  // COP, which always progresses from heel to toe.
  bool direction_from_cop = false;
  // Whether the COP may be used at all (a treadmill trial without its belt speed: no).
  bool use_cop = true;
  double foot_length_m = 0.26;
  std::optional<double> body_weight_n;
};

// The COP's position along the direction of travel in the foot's frame: the belt's motion since
// contact removed. `direction` is +1 when the runner goes towards +x, else -1.
inline double foot_frame_x(const TraceSample& s, const StrikeContext& ctx, double direction = 1.0) {
  return direction * (s.cop_x_m + ctx.belt_speed_m_s * (s.time_s - ctx.contact_s));
}

struct StrikeResult {
  std::optional<StrikePattern> pattern;  // none when nothing in the data can tell
  double confidence = 0.0;
  std::optional<double> strike_index;  // 0 heel … 1 toe; none without a COP
  double strike_index_sd = 0.0;
  // The COP at contact and the toe, in the foot's frame (belt motion removed), lab metres.
  std::optional<double> cop_contact_m;
  std::optional<double> cop_contact_sd_m;
  std::optional<double> toe_m;
  std::optional<double> impact_peak_n;
  std::optional<double> impact_peak_ms;  // after contact
  LoadingRateMethod loading_rate_method = LoadingRateMethod::stance_3_12;
  std::optional<double> valr_n_s;  // vertical average loading rate
  std::optional<double> vilr_n_s;  // vertical instantaneous loading rate
};

// The COP at contact in the foot's frame, from the loaded samples of the first moments of the
// stance, weighted by Fz² (COP noise falls as 1/Fz, so a 150 N sample counts for little beside a
// 600 N one), leaving out single samples that jump away from the rest (real plates throw
// 10-20 cm COP spikes at low load): a straight line read at contact when it is known to better
// than 1 cm, else their mean. Fed sample by sample, so that a live decision and the
// whole-stance analysis see the same estimate at the same moment.
class InitialCop {
 public:
  void add(double t_since_contact_s, double cop_m, double fz_n);
  std::size_t samples() const { return n_; }
  // The weighted mean and its standard error; none before the first sample.
  std::optional<std::pair<double, double>> at_contact() const;

 private:
  double sw_ = 0, swx_ = 0, swxx_ = 0, sww_ = 0, swt_ = 0, swtt_ = 0, swtx_ = 0;
  std::size_t n_ = 0;
};

class StrikeAnalyzer {
 public:
  // `max_trace` bounds the stances it will see (samples): its scratch space is sized once.
  StrikeAnalyzer(const StrikeSettings& settings, std::size_t max_trace);

  StrikeResult analyze(std::span<const TraceSample> trace, const StrikeContext& ctx);
  void apply(const StrikeSettings& settings) { settings_ = settings; }
  const StrikeSettings& settings() const { return settings_; }

 private:
  void find_strike_index(std::span<const TraceSample> trace, const StrikeContext& ctx,
                         StrikeResult& r);
  void find_impact_and_loading(std::span<const TraceSample> trace, const StrikeContext& ctx,
                               StrikeResult& r);
  void classify(const StrikeContext& ctx, StrikeResult& r) const;

  StrikeSettings settings_;
  std::vector<double> smooth_n_;   // zero-phase low-passed Fz of the current stance
  std::vector<double> scratch_m_;  // foot-frame COP of the loaded samples, for the toe
};

}  // namespace stridecue
