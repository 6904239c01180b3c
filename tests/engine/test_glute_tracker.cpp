// The EMG side of the engine under live changes: a change of the filters restarts the EMG
// measures (no stride is rated on a mix of two filters), anything else does not; a setting the
// trial's EMG rate cannot take is refused before anything changes.
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <vector>

#include "engine/gait_engine.hpp"
#include "engine/glute_tracker.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;

namespace {

SourceLayout emg_layout(double rate_hz) {
  ChannelInfo gmed;
  gmed.name = "emg_gmed_left_v";
  gmed.quantity = Quantity::emg;
  gmed.side = Side::left;
  gmed.muscle = "gmed";
  SourceLayout layout;
  layout.streams.push_back({"emg", rate_hz, 0.0, {gmed}});
  return layout;
}

// One gluteus medius channel: a 100 µV noise burst from 120 ms before each contact (at
// k + 0.5 s) to `burst_end_s` after it, 5 µV of background and 10 µV of 50 Hz hum.
std::vector<float> emg_signal(double duration_s, double rate_hz, double burst_end_s = 0.15) {
  const auto frames = static_cast<std::size_t>(duration_s * rate_hz);
  std::vector<float> x(frames);
  std::mt19937 rng(21);
  std::normal_distribution<double> gauss(0.0, 1.0);
  for (std::size_t f = 0; f < frames; ++f) {
    const double t = static_cast<double>(f) / rate_hz;
    const double since_contact = t - (std::floor(t - 0.5 + 0.12) + 0.5);
    const double sd = since_contact < burst_end_s ? 100e-6 : 5e-6;
    x[f] =
        static_cast<float>(sd * gauss(rng) + 10e-6 * std::sin(2.0 * std::numbers::pi * 50.0 * t));
  }
  return x;
}

// Feeds the signal in 10 ms blocks and measures each contact as soon as its EMG is there, as
// GaitEngine does.
struct Run {
  Run(GluteTracker& t, const std::vector<float>& samples, double rate)
      : tracker(t), x(samples), rate_hz(rate) {}

  GluteTracker& tracker;
  const std::vector<float>& x;
  double rate_hz;
  std::size_t next_frame = 0;
  double next_contact_s = 0.5;
  std::vector<std::pair<double, MuscleActivation>> strides;

  void until(double t_s) {
    const auto block = static_cast<std::size_t>(0.010 * rate_hz);
    while (static_cast<double>(next_frame) / rate_hz < t_s - 1e-9) {
      SampleBlock b;
      b.first_sample = static_cast<std::int64_t>(next_frame);
      b.frames = std::min(block, x.size() - next_frame);
      b.channels = 1;
      b.samples = std::span<const float>(x).subspan(next_frame, b.frames);
      tracker.process(b);
      next_frame += b.frames;
      while (tracker.ready(next_contact_s)) {
        const StrideEmg e = tracker.measure(Side::left, next_contact_s);
        REQUIRE(e.count == 1);
        strides.emplace_back(next_contact_s, e.muscles[0]);
        next_contact_s += 1.0;
      }
    }
  }
  const MuscleActivation& at(double contact_s) const {
    for (const auto& [c, m] : strides) {
      if (std::abs(c - contact_s) < 1e-9) return m;
    }
    FAIL("no stride at " << contact_s);
    return strides.front().second;
  }
};

}  // namespace

TEST_CASE("Glute tracker: a filter change restarts the EMG measures, other changes do not",
          "[emg][live]") {
  const double rate_hz = 2000.0;
  const SourceLayout layout = emg_layout(rate_hz);
  GluteSettings settings;
  settings.baseline.baseline_strides = 3;
  GluteTracker tracker(layout, settings);
  const std::vector<float> x = emg_signal(12.5, rate_hz);
  Run run(tracker, x, rate_hz);

  run.until(4.0);
  // The first quality window ends at 1 s: the stride at 0.5 s is not rated, the next three
  // make the baseline.
  CHECK(run.at(0.5).quality == EmgQualityFlags::unknown);
  CHECK_FALSE(run.at(0.5).ratio);
  for (const double c : {1.5, 2.5, 3.5})
    CHECK(run.at(c).quality == EmgQualityFlags::none);
  const std::optional<double> baseline = tracker.gmed_baseline_v(Side::left);
  REQUIRE(baseline);

  // Not a filter: nothing restarts.
  GluteSettings looser = settings;
  looser.baseline.drop_ratio = 0.75;
  looser.quality.window_s = 1.2;
  tracker.apply(looser);
  run.until(5.0);
  CHECK(tracker.gmed_baseline_v(Side::left) == baseline);
  CHECK(run.at(4.5).quality == EmgQualityFlags::none);
  REQUIRE(run.at(4.5).ratio);
  CHECK(*run.at(4.5).ratio == Approx(1.0).margin(0.2));

  // A filter the 2 kHz EMG cannot take (fine on its own): refused, nothing changes.
  GluteSettings bad = looser;
  bad.emg.bandpass_low_hz = 950.0;
  bad.emg.bandpass_high_hz = 1000.0;
  bad.baseline.drop_ratio = 0.5;
  REQUIRE(bad.problem() == nullptr);
  CHECK(tracker.problem(bad) != nullptr);
  CHECK_THROWS_AS(tracker.apply(bad), std::invalid_argument);
  CHECK(tracker.settings().emg == EmgSettings{});
  CHECK(tracker.settings().baseline.drop_ratio == 0.75);
  run.until(7.0);
  CHECK(tracker.gmed_baseline_v(Side::left) == baseline);
  CHECK(run.at(5.5).ratio);
  CHECK(run.at(6.5).ratio);

  // The mains notch moves to 60 Hz at 7 s. The stride at 7.5 s looks back across the change:
  // reported with its activation, but with quality `unknown` until the restarted quality
  // window is full (8 s) and not rated; the baselines start again.
  GluteSettings us = looser;
  us.emg.mains_hz = 60.0;
  REQUIRE(tracker.problem(us) == nullptr);
  tracker.apply(us);
  CHECK(tracker.settings().emg.mains_hz == 60.0);
  CHECK_FALSE(tracker.gmed_baseline_v(Side::left));
  run.until(12.5);
  CHECK(run.at(7.5).quality == EmgQualityFlags::unknown);
  CHECK(run.at(7.5).activation_v);
  CHECK_FALSE(run.at(7.5).ratio);
  // From 8.5 s the strides build the new baseline (three of them), then are rated again.
  for (const double c : {8.5, 9.5, 10.5, 11.5})
    CHECK(run.at(c).quality == EmgQualityFlags::none);
  CHECK_FALSE(run.at(8.5).ratio);
  REQUIRE(tracker.gmed_baseline_v(Side::left));
  CHECK(*tracker.gmed_baseline_v(Side::left) == Approx(*baseline).epsilon(0.2));
  REQUIRE(run.at(11.5).ratio);
  CHECK(*run.at(11.5).ratio == Approx(1.0).margin(0.2));

  // On the engine thread: a filter change, the next block and a stride allocate nothing.
  SampleBlock b;
  b.first_sample = static_cast<std::int64_t>(run.next_frame);
  b.frames = 20;
  b.channels = 1;
  b.samples = std::span<const float>(x).subspan(run.next_frame - 2000, 20);
  test::start_counting_allocations();
  tracker.apply(looser);
  tracker.process(b);
  const StrideEmg e = tracker.measure(Side::left, 12.0);
  const long allocations = test::stop_counting_allocations();
  CHECK(allocations == 0);
  CHECK(e.count == 1);
  CHECK(tracker.settings().emg.mains_hz == 50.0);
}

TEST_CASE("Glute tracker: the history holds a 3 s look-back and a 0.8 s offset search at 4 kHz",
          "[emg][live]") {
  const double rate_hz = 4000.0;
  const SourceLayout layout = emg_layout(rate_hz);
  GluteTracker tracker(layout, {});
  // Walking: the burst lasts until 0.6 s after contact, past the running search of 0.25 s.
  const std::vector<float> x = emg_signal(6.0, rate_hz, 0.6);
  Run run(tracker, x, rate_hz);
  run.until(3.0);
  CHECK_FALSE(run.at(1.5).offset_ms);  // runs off the 0.25 s search

  GluteSettings walking;
  walking.activation.lookback_s = 3.0;
  walking.activation.offset_search_s = 0.8;
  REQUIRE(walking.activation.problem() == nullptr);
  tracker.apply(walking);
  // The search is in force: a stride waits for 0.8 s of EMG after its contact.
  run.until(4.25);
  CHECK_FALSE(tracker.ready(3.5));
  run.until(6.0);
  const MuscleActivation& walk = run.at(4.5);  // measured at 5.3 s: 3.8 s back to 1.5 s
  REQUIRE(walk.offset_ms);
  WARN("walking burst, 0.6 s after contact: offset " << *walk.offset_ms << " ms, onset "
                                                     << walk.onset_ms.value_or(0.0) << " ms");
  CHECK(*walk.offset_ms > 550.0);
  CHECK(*walk.offset_ms < 750.0);
  REQUIRE(walk.onset_ms);
  // The burst starts 120 ms before contact; the two-way 6 Hz envelope and the 5 % floor put
  // the onset some 50 ms earlier (docs/emg.md §3).
  CHECK(*walk.onset_ms < -100.0);
  CHECK(*walk.onset_ms > -250.0);

  GluteSettings too_far = walking;
  too_far.activation.offset_search_s = 0.81;
  CHECK(tracker.problem(too_far) != nullptr);
}

TEST_CASE("Engine: a filter the EMG rate cannot take is refused before anything changes",
          "[emg][live][engine]") {
  ChannelInfo fz;
  fz.name = "left_fz";
  fz.quantity = Quantity::force_z;
  fz.plate = Plate::left;
  SourceLayout layout = emg_layout(1000.0);
  layout.streams.push_back({"force", 1000.0, 0.0, {fz}});
  GaitEngine engine(layout, {});

  EngineSettings bad;
  bad.contact.contact_threshold_n = 100.0;
  bad.glute.baseline.drop_ratio = 0.5;
  bad.glute.emg.bandpass_low_hz = 460.0;  // above the 450 Hz cap at 1 kHz
  bad.glute.emg.bandpass_high_hz = 480.0;
  REQUIRE(bad.glute.problem() == nullptr);
  CHECK_THROWS_WITH(engine.apply(bad), "bandpass_low_hz must be below 0.45 × the EMG rate");
  CHECK(engine.settings().contact.contact_threshold_n ==
        EngineSettings{}.contact.contact_threshold_n);
  CHECK(engine.settings().glute.baseline.drop_ratio == GluteBaselineSettings{}.drop_ratio);

  EngineSettings good = bad;
  good.glute.emg = {};
  good.glute.emg.mains_hz = 60.0;
  engine.apply(good);
  CHECK(engine.settings().contact.contact_threshold_n == 100.0);
  CHECK(engine.settings().glute.emg.mains_hz == 60.0);
}
