#include <catch2/catch.hpp>
#include <vector>

#include "engine/glute_baseline.hpp"

using namespace stridecue;

namespace {

// Feeds the ratios (× a baseline of 2.0) after building that baseline; returns the flag after
// each stride.
std::vector<bool> feed(GluteBaseline& g, const std::vector<double>& ratios, double& t) {
  std::vector<bool> flags;
  for (const double r : ratios) {
    flags.push_back(g.add_stride(2.0 * r, t).drop);
    t += 0.7;
  }
  return flags;
}

}  // namespace

TEST_CASE("Glute baseline: median of the first N strides, then ratios", "[emg]") {
  GluteBaselineSettings s;
  s.baseline_strides = 5;
  GluteBaseline g(s);
  double t = 0.0;
  for (const double a : {2.0, 1.9, 50.0, 2.1, 2.0}) {  // one artefact stride
    CHECK_FALSE(g.add_stride(a, t).ratio);
    t += 0.7;
  }
  REQUIRE(g.baseline());
  CHECK(*g.baseline() == Approx(2.0));
  CHECK(*g.add_stride(1.5, t).ratio == Approx(0.75));
  // Unmeasurable strides neither build the baseline nor get a ratio.
  GluteBaseline h(s);
  for (int i = 0; i < 10; ++i)
    h.add_stride(std::nullopt, 0.7 * i);
  CHECK_FALSE(h.baseline());
  h.set_baseline(4.0);
  CHECK(*h.add_stride(2.0, 8.0).ratio == Approx(0.5));
}

TEST_CASE("Glute drop-off: K of M below the threshold raises, K of M above clear clears", "[emg]") {
  GluteBaseline g;  // K = 6 of M = 10, 0.8 / 0.85
  g.set_baseline(2.0);
  double t = 0.0;
  // Five low strides among good ones: not yet.
  auto f = feed(g, {1.0, 0.7, 1.0, 0.7, 0.7, 1.0, 0.7, 0.7, 1.0, 1.0}, t);
  CHECK(std::count(f.begin(), f.end(), true) == 0);
  // The sixth low stride within the last ten raises the flag.
  f = feed(g, {0.75}, t);
  CHECK(f.back());
  // Ratios between 0.8 and 0.85 are neither low nor clear: the flag holds (hysteresis).
  f = feed(g, std::vector<double>(12, 0.82), t);
  CHECK(std::count(f.begin(), f.end(), false) == 0);
  // Recovery: the sixth stride at ≥ 0.85 clears it, not the fifth.
  f = feed(g, {0.9, 0.9, 0.9, 0.9, 0.9}, t);
  CHECK(f.back());
  const auto r = g.add_stride(2.0 * 0.9, t);
  CHECK_FALSE(r.drop);
  CHECK(r.drop_changed);
}

TEST_CASE("Glute drop-off: trend per stride and per minute", "[emg]") {
  GluteBaseline g;
  g.set_baseline(1.0);
  GluteStrideRatio r;
  for (int i = 0; i < 20; ++i)
    r = g.add_stride(1.0 - 0.01 * i, 0.75 * i);  // 1 % per stride, a stride every 0.75 s
  REQUIRE(r.trend_per_stride);
  CHECK(*r.trend_per_stride == Approx(-0.01));
  CHECK(*r.trend_per_min == Approx(-0.01 * 80.0));
}

TEST_CASE("Glute drop-off: settings change live", "[emg]") {
  GluteBaseline g;
  g.set_baseline(1.0);
  double t = 0.0;
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(g.add_stride(0.7, t).drop);
    t += 0.7;
  }
  GluteBaselineSettings s;
  s.drop_count = 3;
  s.window_strides = 5;
  REQUIRE(g.apply(s));
  CHECK(g.add_stride(0.7, t).drop);  // 4 of the last 5 now
  s.clear_ratio = 0.5;               // below drop_ratio: refused
  CHECK_FALSE(g.apply(s));
  CHECK(g.settings().clear_ratio == Approx(0.85));
  // A smaller baseline_strides completes a baseline being collected.
  GluteBaseline h;
  for (int i = 0; i < 10; ++i)
    h.add_stride(3.0, 0.7 * i);
  CHECK_FALSE(h.baseline());
  GluteBaselineSettings shorter;
  shorter.baseline_strides = 8;
  h.apply(shorter);
  h.add_stride(3.0, 7.0);
  REQUIRE(h.baseline());
  CHECK(*h.baseline() == Approx(3.0));
}
