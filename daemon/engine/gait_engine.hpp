// The engine: sample blocks in, stride records out. Pure code — no I/O, clocks or threads —
// so that live runs, replays and `stridecue analyze` give the same strides from the same data.
//
// Construction (any thread) sizes everything; process() (the engine thread) allocates nothing.
#pragma once

#include <optional>
#include <vector>

#include "engine/contact_detector.hpp"
#include "engine/sample_block.hpp"
#include "engine/side_assigner.hpp"
#include "engine/stride_record.hpp"
#include "engine/trial_setup.hpp"

namespace stridecue {

struct EngineSettings {
  ContactSettings contact;
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

  // Takes effect from the next block. Throws std::invalid_argument for unusable settings.
  void apply(const EngineSettings& settings);

  TreadmillLayout treadmill_layout() const { return layout_; }
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
  };

  void on_contact(const PlateTrack& track, const Contact& contact, StrideSink& sink);

  EngineSettings settings_;
  TreadmillLayout layout_ = TreadmillLayout::split_belt;
  std::vector<PlateTrack> plates_;
  SideAssigner side_assigner_;
  std::uint64_t next_index_ = 0;
  std::optional<double> last_contact_s_[2];  // by Side
};

}  // namespace stridecue
