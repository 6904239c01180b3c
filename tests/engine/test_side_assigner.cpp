#include <catch2/catch.hpp>

#include "engine/side_assigner.hpp"

using namespace stridecue;

TEST_CASE("The mediolateral COP names the foot when it is clear of the midline", "[side]") {
  SideAssigner a;
  auto d = a.assign(0.08);
  CHECK(d.side == Side::left);
  CHECK(d.evidence == SideEvidence::cop);
  d = a.assign(-0.08);
  CHECK(d.side == Side::right);
  // Two lefts in a row are possible (a stumble) and the COP says so.
  CHECK(a.assign(0.09).side == Side::left);
  CHECK(a.assign(0.07).side == Side::left);
}

TEST_CASE("Without a clear COP the feet alternate", "[side]") {
  SideAssigner a;
  CHECK(a.assign(std::nullopt).side == Side::right);  // nothing known: start somewhere
  const auto d = a.assign(0.005);                     // inside the margin
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
  // Once both feet are known, a right foot at +0.03 is right of the learnt midline (~0.10).
  const auto d = a.assign(0.03);
  CHECK(d.side == Side::right);
  CHECK(d.evidence == SideEvidence::cop);
}
