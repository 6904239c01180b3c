// The EMG side of the engine: conditions every EMG channel of the trial, watches its signal
// quality, keeps a short history, and for each stride measures the activation of each muscle of
// that side around its contact, against the runner's own baseline. The gluteus medius fills the
// stride's glute_* fields and drives the drop-off flag; other muscles are reported beside it.
// docs/emg.md has the chain, its parameters and their sources.
//
// Construction sizes everything; process() and measure() (engine thread) allocate nothing.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/emg_conditioner.hpp"
#include "engine/emg_quality.hpp"
#include "engine/glute_activation.hpp"
#include "engine/glute_baseline.hpp"
#include "engine/sample_block.hpp"

namespace stridecue {

// The EMG history kept per channel: the longest stretch the activation settings may ask for
// (lookback_s up to 3 s before contact, the burst's end searched up to 0.8 s after it) and
// 0.5 s more, because a stride is measured a little after its EMG is there (at the next block,
// or at toe-off + flight when the stance outlasts the search). Sized from the maxima so that
// any live change fits: at 4 kHz, 69 kB per channel.
inline constexpr double kGluteMaxLookbackS = 3.0;
inline constexpr double kGluteMaxSearchS = 0.8;
inline constexpr double kGluteHistoryS = kGluteMaxLookbackS + kGluteMaxSearchS + 0.5;

struct GluteSettings {
  EmgSettings emg;  // filters: a change restarts the EMG measures (GluteTracker::apply)
  EmgQualitySettings quality;
  GluteActivationSettings activation;
  GluteBaselineSettings baseline;

  const char* problem() const;
};

// One muscle's measures for one stride.
struct MuscleActivation {
  std::uint16_t channel = 0;  // index into the EMG stream's channels
  std::string_view name;      // the channel's name (owned by the source's layout)
  std::string_view muscle;    // e.g. "gmed"
  std::optional<double> activation_v;
  std::optional<double> ratio;  // to this muscle's baseline on this side
  std::optional<double> onset_ms;
  std::optional<double> offset_ms;
  std::optional<double> mdf_hz;
  EmgQualityFlags quality = EmgQualityFlags::unknown;
};

// At most this many muscles per side are measured (the first ones in the stream).
inline constexpr std::size_t kMaxMusclesPerSide = 8;

struct StrideEmg {
  std::array<MuscleActivation, kMaxMusclesPerSide> muscles{};
  std::size_t count = 0;
  std::optional<std::size_t> gmed;  // which of them is the gluteus medius
  bool glute_drop = false;
};

class GluteTracker {
 public:
  // Throws std::invalid_argument for unusable settings or an EMG rate the chain cannot take.
  GluteTracker(const SourceLayout& layout, const GluteSettings& settings);
  ~GluteTracker();

  // Whether this foot has any muscle to measure.
  bool measures(Side side) const;
  // The EMG stream's index, if the layout has one.
  std::optional<std::uint16_t> stream() const { return stream_; }

  void process(const SampleBlock& block);
  // Whether the EMG has reached far enough past `contact_s` to measure it.
  bool ready(double contact_s) const;
  StrideEmg measure(Side side, double contact_s);

  // nullptr if `settings` can be applied to this trial (its EMG rate), else what is wrong.
  const char* problem(const GluteSettings& settings) const;
  // Live changes (engine thread, no allocation). Quality limits, the activation window and the
  // baseline rules take effect at the next stride. A change of the filters (settings.emg)
  // restarts the EMG side as at the start of a session: the conditioner settles anew, the
  // histories and the quality window empty (strides measured before the next full quality
  // window are reported with quality `unknown` and not rated, so none is rated on a mix of two
  // filters), and the baselines start again (an activation through other filters is not
  // comparable with the old baseline). Throws std::invalid_argument with problem(settings),
  // changing nothing.
  void apply(const GluteSettings& settings);
  // Both sides, or the one named.
  void reset_baseline(std::optional<Side> side = std::nullopt);
  // A baseline from an explicit calibration run (e.g. the gmed_baseline_v of an earlier trial);
  // returns false when this side has no gluteus medius channel.
  bool set_gmed_baseline(Side side, double activation_v);
  std::optional<double> gmed_baseline_v(Side side) const;
  const StreamInfo* emg_stream_info() const { return info_; }
  const GluteSettings& settings() const { return settings_; }

 private:
  struct Muscle;

  GluteSettings settings_;
  std::optional<std::uint16_t> stream_;
  const StreamInfo* info_ = nullptr;
  std::unique_ptr<EmgConditioner> conditioner_;
  std::unique_ptr<EmgQuality> quality_;
  std::vector<Muscle> muscles_;
  std::vector<float> filtered_, envelope_, mains_;  // one chunk of frames × channels
  double newest_time_s_ = -1e300;
};

}  // namespace stridecue
