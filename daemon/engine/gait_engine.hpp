// The engine: sample blocks in, stride records out. Pure code — no I/O, clocks or threads —
// so that live runs, replays and `stridecue analyze` give the same strides from the same data.
//
// Construction (any thread) sizes everything; process() (the engine thread) allocates nothing.
#pragma once

#include <optional>
#include <vector>

#include "engine/belt_speed_estimator.hpp"
#include "engine/contact_detector.hpp"
#include "engine/glute_tracker.hpp"
#include "engine/sample_block.hpp"
#include "engine/side_assigner.hpp"
#include "engine/stride_record.hpp"
#include "engine/strike_analyzer.hpp"
#include "engine/strike_decision.hpp"
#include "engine/trial_setup.hpp"

namespace stridecue {

// Where the foot length used for the strike index came from.
enum class FootLengthSource : std::uint8_t { runner, estimated, assumed };
std::string_view to_string(FootLengthSource s);

// Where the belt speed used for the strike index came from.
enum class BeltSpeedSource : std::uint8_t {
  given,      // the treadmill settings (config, --belt-speed-m-s)
  estimated,  // from the COP (BeltSpeedEstimator)
  none,       // over ground, or nothing to go on yet
};
std::string_view to_string(BeltSpeedSource s);

struct EngineSettings {
  ContactSettings contact;
  StrikeSettings strike;
  GluteSettings glute;
  RunnerInfo runner;
  TreadmillInfo treadmill;
  double side_cop_margin_m = 0.02;  // single belt: a COP this far off the midline names the foot
};

class GaitEngine {
 public:
  // Throws std::invalid_argument, naming the problem, when the layout has no usable force plate
  // or contradicts the treadmill (left/right plates on a single belt, a belt plate on a split one).
  GaitEngine(const SourceLayout& layout, const EngineSettings& settings);

  void process(const SampleBlock& block, StrideSink& sink);

  // At the end of the data: hands out the strides still waiting for their EMG, measured on
  // what there is.
  void finish(StrideSink& sink);

  // Forgets the gluteus medius baselines (both, or one side's): the next strides build new ones.
  void reset_glute_baseline(std::optional<Side> side = std::nullopt) {
    glute_.reset_baseline(side);
  }
  std::optional<double> glute_baseline_v(Side side) const { return glute_.gmed_baseline_v(side); }
  // The gluteus medius baseline from a calibration run instead of the first strides.
  bool set_glute_baseline(Side side, double activation_v) {
    return glute_.set_gmed_baseline(side, activation_v);
  }

  // Takes effect from the next block (a change of the EMG filters: GluteTracker::apply).
  // Throws std::invalid_argument for unusable settings, before anything changes.
  void apply(const EngineSettings& settings);
  // What apply() would refuse that only this trial knows (the EMG filters at its EMG rate),
  // or nullptr. Reads only what construction fixed, so the control thread may ask while the
  // engine thread runs, and answer a patch before posting it.
  const char* trial_problem(const EngineSettings& settings) const {
    return glute_.problem(settings.glute);
  }

  TreadmillLayout treadmill_layout() const { return layout_; }
  // The foot length the strike index uses now, and where it came from.
  double foot_length_m() const;
  FootLengthSource foot_length_source() const;
  // Why there is no strike index, if there is none: empty when the data allow one.
  const char* strike_index_unavailable() const;
  // The belt speed the strike index uses now (m/s), its uncertainty, and where it came from.
  std::optional<double> belt_speed_m_s() const;
  double belt_speed_sd_m_s() const;
  BeltSpeedSource belt_speed_source() const;
  const EngineSettings& settings() const { return settings_; }

 private:
  struct PlateTrack {
    Plate plate;
    std::uint16_t stream;
    double rate_hz;
    double start_time_s;
    std::size_t fz;
    std::optional<std::size_t> cop_x;
    std::optional<std::size_t> cop_y;
    ContactDetector detector;
    // The live strike decision of the stance under way (keyed by its contact time).
    double live_contact_s = -1.0;
    bool live_done = false;       // announced, or too late for an early decision
    bool live_announced = false;  // on_strike() was called for it
  };

  void on_contact(const PlateTrack& track, const Contact& contact, const SampleBlock& block,
                  double now_s, StrideSink& sink);
  // Moments after contact: announces the strike as soon as the first COP samples decide it.
  void decide_live(PlateTrack& track, const SampleBlock& block, StrideSink& sink);
  StrikeContext strike_context(const PlateTrack& track, double contact_s, double toe_off_s) const;
  // Hands out the waiting strides whose EMG has arrived (all of them when `all`).
  void release(StrideSink& sink, bool all);
  void add_strike(const PlateTrack& track, const Contact& contact, StrideRecord& r);
  void assign_side(const PlateTrack& track, const Contact& contact, StrideRecord& r);
  // The waiting stride whose side the latest single-belt stance showed to be wrong.
  void revise_pending_side();
  void mark_crossover(StrideRecord& r) const;

  EngineSettings settings_;
  TreadmillLayout layout_ = TreadmillLayout::split_belt;
  std::vector<PlateTrack> plates_;
  SideAssigner side_assigner_;
  StrikeAnalyzer strike_analyzer_;
  HeelPrior heel_prior_[2];  // by Side
  BeltSpeedEstimator belt_speed_;
  // The COP travel (foot frame, contact to toe) of recent stances: a high percentile of it
  // measures a heel striker's foot.
  static constexpr std::size_t kTravelHistory = 64;
  std::array<double, kTravelHistory> cop_travel_m_{};
  std::size_t travel_count_ = 0, travel_next_ = 0;
  double long_cop_travel_m_ = 0.0;  // their percentile, updated with each stance
  double measured_foot_m() const;
  bool has_cop_ = false;
  GluteTracker glute_;
  // Strides wait here for the EMG past their contact (~250 ms): a fixed ring, in stride order.
  static constexpr std::size_t kMaxWaiting = 32;
  std::array<StrideRecord, kMaxWaiting> waiting_{};
  std::size_t waiting_first_ = 0, waiting_count_ = 0;
  std::uint64_t next_index_ = 0;
  std::optional<double> last_contact_s_[2];      // by Side
  std::optional<double> before_last_contact_s_;  // the foot's contact before the newest one
  std::optional<double> typical_stride_s_;       // split belts: for telling a crossover step
  std::optional<std::uint64_t> side_pending_;    // a waiting stride whose side may be revised
};

}  // namespace stridecue
