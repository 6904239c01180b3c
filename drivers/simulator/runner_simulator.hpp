// The built-in simulator: a runner on an instrumented treadmill, as a SampleSource.
//
// Stream 0 "force" (force_rate_hz): per plate <plate>_fx_n _fy_n _fz_n _copx_m _copy_m _tz_nm,
// plates left and right on a split-belt treadmill, `belt` on a single belt. Stream 1 "emg"
// (emg_rate_hz): emg_gmed_left_v, emg_gmed_right_v. Both start at session time 0. Blocks of
// block_s come in time order, force then EMG for the same span, until duration_s.
//
// Everything is deterministic from the seed (bit-identical output for the same config), and
// the strides it simulates are available as ground truth. The model is in docs/simulator.md,
// stance_force.hpp and stride_plan.hpp.
//
// Called from one thread (whichever drives the source); next() does not allocate.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/gait_engine.hpp"
#include "simulator/deterministic_rng.hpp"
#include "simulator/simulator_config.hpp"
#include "simulator/stride_plan.hpp"
#include "source/sample_source.hpp"

namespace stridecue {

class RunnerSimulator final : public SampleSource {
 public:
  // Throws std::invalid_argument naming the bad field if validate(config) is not empty.
  explicit RunnerSimulator(SimulatorConfig config);

  const SourceLayout& layout() const override { return layout_; }
  SourceStatus next(SampleBlock& block) override;
  const std::string& failure() const override { return failure_; }

  const SimulatorConfig& config() const { return config_; }
  // Every stride with contact before duration_s, in time order (sides alternate).
  const std::vector<TruthStride>& truth() const { return plan_.truth; }

 private:
  struct PlateState {
    Plate plate = Plate::belt;
    std::vector<std::uint32_t> strides;  // indices into the plan, of the feet this plate sees
    std::size_t cursor = 0;              // first of them not yet ended
    double offset_fx_n = 0.0;
    double offset_fy_n = 0.0;
    double offset_fz_n = 0.0;
  };
  struct EmgSideState {
    std::vector<std::uint32_t> strides;
    std::size_t cursor = 0;
    double hum_scale = 1.0;
  };

  void fill_force(std::int64_t first, std::size_t frames);
  void fill_emg(std::int64_t first, std::size_t frames);

  SimulatorConfig config_;
  SourceLayout layout_;
  StridePlan plan_;
  std::string failure_;

  DeterministicRng force_rng_;
  DeterministicRng emg_rng_;
  std::vector<PlateState> plates_;
  std::array<EmgSideState, 2> emg_sides_;
  double force_noise_n_ = 0.0;
  double emg_noise_v_ = 0.0;
  double mains_hum_v_ = 0.0;
  double mains_phase_rad_ = 0.0;

  std::int64_t force_frames_total_ = 0;
  std::int64_t emg_frames_total_ = 0;
  std::int64_t blocks_total_ = 0;
  std::int64_t block_ = 0;
  bool emg_turn_ = false;
  std::vector<float> force_buffer_;
  std::vector<float> emg_buffer_;
};

// The simulated runner is known: gives the engine the facts a clinic would enter (body mass,
// foot length, belt speed) where `settings` has none.
void add_known_runner(const SimulatorConfig& config, EngineSettings& settings);

}  // namespace stridecue
