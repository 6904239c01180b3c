#include <catch2/catch.hpp>
#include <cmath>

#include "engine/side_assigner.hpp"

using namespace stridecue;

TEST_CASE("A plate origin a metre off: the feet are told apart from the second step", "[side]") {
  // A single-belt treadmill whose origin is at a corner: y of both feet about -1 m, the left
  // foot (y positive to the left) 7 cm further left than the right.
  SideAssigner a;
  const double left_m = -1.00, right_m = -1.07;
  const auto first = a.assign(left_m);
  CHECK(first.confidence == 0.5);  // nothing to go on: a guess (the right foot)
  CHECK(first.side == Side::right);
  const auto second = a.assign(right_m);
  CHECK(second.side == Side::right);
  CHECK(second.evidence == SideEvidence::cop);
  CHECK(a.revised_previous());  // so the first was the left foot
  for (int i = 0; i < 20; ++i) {
    const bool left = i % 2 == 0;
    const double wobble_m = 0.008 * std::sin(i * 1.7);
    const auto d = a.assign((left ? left_m : right_m) + wobble_m);
    CAPTURE(i);
    CHECK(d.side == (left ? Side::left : Side::right));
    CHECK_FALSE(a.revised_previous());
    // Sure once each foot has two stances (before that the nearer stance decides, at 0.9).
    CHECK(d.confidence >= (i < 2 ? 0.9 : 0.99));
  }
}

TEST_CASE("Two stances of one foot in a row (a missed stance) are told by the COP", "[side]") {
  SideAssigner a;
  for (int i = 0; i < 8; ++i)
    a.assign(i % 2 == 0 ? 0.55 : 0.45);  // left, right, … (the first one revised)
  // The last was right; the next two are both left.
  auto d = a.assign(0.551);
  CHECK(d.side == Side::left);
  d = a.assign(0.548);
  CHECK(d.side == Side::left);
  CHECK(d.evidence == SideEvidence::cop);
  CHECK(a.assign(0.452).side == Side::right);
}

TEST_CASE("Crossover running: a COP that cannot tell leaves it to alternation", "[side]") {
  // Both feet land on the runner's midline (step width ~0): the COP says nothing.
  SideAssigner a;
  Side expected = Side::right;
  int alternation = 0;
  for (int i = 0; i < 30; ++i) {
    const double y = 0.30 + 0.01 * std::sin(i * 2.3);
    const auto d = a.assign(y);
    if (i > 0) {
      CHECK(d.side == expected);
      alternation += d.evidence == SideEvidence::alternation;
      CHECK(d.confidence < 0.99);
    }
    expected = opposite(d.side);
  }
  CHECK(alternation >= 25);
}

TEST_CASE("Without a COP the feet alternate", "[side]") {
  SideAssigner a;
  CHECK(a.assign(std::nullopt).side == Side::right);  // nothing known: start somewhere
  const auto d = a.assign(0.005);
  CHECK(d.side == Side::left);
  CHECK(d.evidence == SideEvidence::alternation);
  CHECK(a.assign(std::nullopt).side == Side::right);
}

TEST_CASE("The midline follows a runner who drifts across the belt", "[side]") {
  SideAssigner a;
  // The runner runs 10 cm left of the belt's centre: both feet have positive y.
  double y_left = 0.18, y_right = 0.02;
  for (int i = 0; i < 4; ++i) {
    a.assign(y_left);
    a.assign(y_right);
  }
  // A right foot at +0.03 is right of the learnt midline (~0.10).
  const auto d = a.assign(0.03);
  CHECK(d.side == Side::right);
  CHECK(d.evidence == SideEvidence::cop);
  // Then the runner drifts 15 cm to the right over twenty steps: every step still named.
  for (int i = 0; i < 20; ++i) {
    const double drift_m = -0.0075 * i;
    const bool left = i % 2 == 0;
    CHECK(a.assign((left ? y_left : y_right) + drift_m).side == (left ? Side::left : Side::right));
  }
}
