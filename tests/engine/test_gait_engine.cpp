#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

#include "engine/gait_engine.hpp"
#include "engine/gait_summary.hpp"
#include "support/stance_train.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

ChannelInfo force_channel(Plate plate, Quantity q) {
  ChannelInfo c;
  c.name = std::string(to_string(plate)) + "_" + std::string(to_string(q));
  c.quantity = q;
  c.plate = plate;
  return c;
}

struct Collect : StrideSink {
  std::vector<StrideRecord> strides;
  GaitSummary summary;
  void on_stride(const StrideRecord& s) override {
    strides.push_back(s);
    summary.add(s);
  }
};

// Feeds interleaved frames to the engine in blocks of `block_frames`.
void feed(GaitEngine& engine, const std::vector<float>& frames, std::size_t channels,
          std::size_t block_frames, StrideSink& sink) {
  const std::size_t total = frames.size() / channels;
  for (std::size_t first = 0; first < total; first += block_frames) {
    SampleBlock b;
    b.first_sample = static_cast<std::int64_t>(first);
    b.frames = std::min(block_frames, total - first);
    b.channels = channels;
    b.samples = std::span<const float>(frames).subspan(first * channels, b.frames * channels);
    engine.process(b, sink);
  }
}

// Two belts' vertical forces, one stream.
SourceLayout split_belt_layout(double rate_hz) {
  SourceLayout layout;
  layout.streams.push_back({"force",
                            rate_hz,
                            0.0,
                            {force_channel(Plate::left, Quantity::force_z),
                             force_channel(Plate::right, Quantity::force_z)}});
  return layout;
}

// Interleaved left and right plate frames (Fz only) for `seconds` of the two feet's stances.
std::vector<float> split_belt_frames(const std::vector<Stance>& left,
                                     const std::vector<Stance>& right, double rate_hz,
                                     double seconds) {
  const auto fl = sample_force(left, rate_hz, seconds);
  const auto fr = sample_force(right, rate_hz, seconds);
  std::vector<float> frames;
  for (std::size_t k = 0; k < fl.size(); ++k) {
    frames.push_back(static_cast<float>(fl[k]));
    frames.push_back(static_cast<float>(fr[k]));
  }
  return frames;
}

}  // namespace

TEST_CASE("Split belt: the plate names the foot, step, stride and body weights", "[engine]") {
  const double rate_hz = 1000.0;
  const SourceLayout layout = split_belt_layout(rate_hz);
  EngineSettings settings;
  settings.runner.body_mass_kg = 70.0;
  GaitEngine engine(layout, settings);
  CHECK(engine.treadmill_layout() == TreadmillLayout::split_belt);

  // Left lands at 0.3, 1.0, 1.7 …; right at 0.65, 1.35 …: 0.35 s steps, 0.7 s strides.
  const auto left = regular_stances(6, 0.3, 0.7, 0.25, 1716.0);
  const auto right = regular_stances(6, 0.65, 0.7, 0.25, 1716.0);
  const auto frames = split_belt_frames(left, right, rate_hz, 5.0);
  Collect out;
  feed(engine, frames, 2, 37, out);  // odd block size: stances straddle blocks

  REQUIRE(out.strides.size() == 12);
  for (std::size_t i = 0; i < out.strides.size(); ++i) {
    const auto& s = out.strides[i];
    CHECK(s.index == i);
    CHECK(s.side == (i % 2 == 0 ? Side::left : Side::right));
    CHECK(s.side_evidence == SideEvidence::plate);
    CHECK(s.contact_time_ms == Approx(250.0).margin(1.0));
    REQUIRE(s.peak_fz_bw);
    CHECK(*s.peak_fz_bw == Approx(1716.0 / (70.0 * 9.80665)).epsilon(0.02));
    if (i >= 1) CHECK(*s.step_time_ms == Approx(350.0).margin(1.0));
    if (i >= 2) CHECK(*s.stride_time_ms == Approx(700.0).margin(1.0));
  }
  CHECK_FALSE(out.strides[0].step_time_ms);
  CHECK_FALSE(out.strides[1].stride_time_ms);
  CHECK(out.summary.side(Side::left).strides == 6);
  CHECK(*out.summary.cadence_steps_per_min() == Approx(60.0 / 0.35).epsilon(0.005));
  CHECK(*out.summary.mean_contact_time_ms() == Approx(250.0).margin(1.0));
}

TEST_CASE("Split belt: the right foot on the left belt is a crossover, not a left stride",
          "[engine]") {
  const double rate_hz = 1000.0;
  const SourceLayout layout = split_belt_layout(rate_hz);
  GaitEngine engine(layout, {});
  // Left at 0.3, 1.0, 1.7, 2.4, 3.1; right at 0.65, 1.35, 2.05, then its 2.75 step lands on the
  // left belt; then right again at 3.45.
  auto left = regular_stances(5, 0.3, 0.7, 0.25, 1500.0);
  left.push_back({2.75, 0.25, 1500.0});
  std::sort(left.begin(), left.end(),
            [](const Stance& a, const Stance& b) { return a.contact_s < b.contact_s; });
  auto right = regular_stances(3, 0.65, 0.7, 0.25, 1500.0);
  right.push_back({3.45, 0.25, 1500.0});
  const auto frames = split_belt_frames(left, right, rate_hz, 4.0);
  Collect out;
  feed(engine, frames, 2, 64, out);
  REQUIRE(out.strides.size() == 10);
  for (std::size_t i = 0; i < out.strides.size(); ++i) {
    const auto& s = out.strides[i];
    CAPTURE(i, s.contact_s);
    CHECK(s.side == (i % 2 == 0 ? Side::left : Side::right));  // the feet alternate throughout
    const bool crossover = std::abs(s.contact_s - 2.75) < 0.01;
    CHECK((s.side_evidence == SideEvidence::crossover) == crossover);
    if (crossover) {
      CHECK(s.plate == Plate::left);
      CHECK(s.side_confidence < 1.0);
      CHECK(*s.stride_time_ms == Approx(700.0).margin(1.0));  // from the right's 2.05
    }
  }
  CHECK(out.summary.side(Side::right).strides == 5);
}

TEST_CASE("Single belt: feet told apart by the mediolateral COP", "[engine]") {
  const double rate_hz = 500.0;
  SourceLayout layout;
  layout.streams.push_back(
      {"force",
       rate_hz,
       10.0,
       {force_channel(Plate::belt, Quantity::force_z), force_channel(Plate::belt, Quantity::cop_x),
        force_channel(Plate::belt, Quantity::cop_y)}});
  GaitEngine engine(layout, {});
  CHECK(engine.treadmill_layout() == TreadmillLayout::single_belt);

  // Right, left, left (a stumble), right: the COP must win over alternation.
  const std::vector<Stance> stances = {
      {0.3, 0.25, 1500}, {0.65, 0.25, 1500}, {1.0, 0.25, 1500}, {1.35, 0.25, 1500}};
  const std::vector<double> cop_y = {-0.08, 0.08, 0.08, -0.08};
  const auto fz = sample_force(stances, rate_hz, 2.0);
  std::vector<float> frames;
  for (std::size_t k = 0; k < fz.size(); ++k) {
    const double t = static_cast<double>(k) / rate_hz;
    double y = 0.0;
    for (std::size_t i = 0; i < stances.size(); ++i) {
      if (t >= stances[i].contact_s && t <= stances[i].contact_s + 0.25) y = cop_y[i];
    }
    frames.insert(frames.end(), {static_cast<float>(fz[k]), 0.1f, static_cast<float>(y)});
  }
  Collect out;
  feed(engine, frames, 3, 64, out);
  REQUIRE(out.strides.size() == 4);
  CHECK(out.strides[0].side == Side::right);
  CHECK(out.strides[1].side == Side::left);
  CHECK(out.strides[2].side == Side::left);
  CHECK(out.strides[3].side == Side::right);
  CHECK(out.strides[2].side_evidence == SideEvidence::cop);
  // Session time starts at the stream's start time.
  CHECK(out.strides[0].contact_s == Approx(10.3).margin(0.002));
  CHECK_FALSE(out.strides[0].peak_fz_bw);
}

TEST_CASE("Layouts the engine cannot use are refused with the reason", "[engine]") {
  SourceLayout none;
  none.streams.push_back({"emg", 2000.0, 0.0, {}});
  CHECK_THROWS_WITH(GaitEngine(none, {}), "no force plate: no vertical force channel");

  SourceLayout mixed;
  mixed.streams.push_back({"force",
                           1000.0,
                           0.0,
                           {force_channel(Plate::belt, Quantity::force_z),
                            force_channel(Plate::left, Quantity::force_z)}});
  CHECK_THROWS_WITH(
      GaitEngine(mixed, {}),
      "plates of different kinds in one trial (belt, left/right, floor): one layout at a time");

  SourceLayout split;
  split.streams.push_back({"force", 1000.0, 0.0, {force_channel(Plate::left, Quantity::force_z)}});
  EngineSettings single;
  single.treadmill.layout = TreadmillLayout::single_belt;
  CHECK_THROWS_WITH(GaitEngine(split, single),
                    "the treadmill is 'single' but the data's plates are 'split'");

  EngineSettings bad;
  bad.runner.body_mass_kg = -3.0;
  CHECK_THROWS_WITH(GaitEngine(split, bad), "body_mass_kg must be above 0");
}

TEST_CASE("Settings applied mid-trial take effect from the next block", "[engine]") {
  const double rate_hz = 1000.0;
  SourceLayout layout;
  layout.streams.push_back(
      {"force", rate_hz, 0.0, {force_channel(Plate::left, Quantity::force_z)}});
  GaitEngine engine(layout, {});
  // Light stances of 80 N peak: counted at the default 50 N threshold, not at 100 N.
  const auto stances = regular_stances(6, 0.2, 0.7, 0.25, 80.0);
  const auto fz = sample_force(stances, rate_hz, 4.4);
  std::vector<float> frames(fz.begin(), fz.end());
  Collect out;
  const std::size_t half = 2100;  // 2.1 s: three stances before the change
  feed(engine, std::vector<float>(frames.begin(), frames.begin() + half), 1, 100, out);
  CHECK(out.strides.size() == 3);
  EngineSettings stricter;
  stricter.contact.contact_threshold_n = 100.0;
  engine.apply(stricter);
  Collect after;
  for (std::size_t first = half; first < frames.size(); first += 100) {
    SampleBlock b;
    b.first_sample = static_cast<std::int64_t>(first);
    b.frames = std::min<std::size_t>(100, frames.size() - first);
    b.channels = 1;
    b.samples = std::span<const float>(frames).subspan(first, b.frames);
    engine.process(b, after);
  }
  CHECK(after.strides.empty());
  EngineSettings broken;
  broken.contact.release_threshold_n = 500.0;
  CHECK_THROWS_AS(engine.apply(broken), std::invalid_argument);
}
