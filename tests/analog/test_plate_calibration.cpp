// Volts to loads to COP and free moment, against loads built from first principles.
#include <catch2/catch.hpp>
#include <cmath>

#include "analog/matrix6.hpp"
#include "analog/plate_calibration.hpp"
#include "plate_fixtures.hpp"

using namespace stridecue;

namespace {

Vector6 volts_of(const PlateCalibration& p, const PlateLoads& l) {
  return volts_for_loads(p, *invert(p.matrix), l);
}

}  // namespace

TEST_CASE("Matrix inverse: C times its inverse is the identity and a singular matrix has none",
          "[analog]") {
  const PlateCalibration p = test::test_plate();
  const auto inverse = invert(p.matrix);
  REQUIRE(inverse);
  for (std::size_t c = 0; c < 6; ++c) {
    Vector6 unit{};
    unit[c] = 1.0;
    const Vector6 back = multiply(p.matrix, multiply(*inverse, unit));
    for (std::size_t r = 0; r < 6; ++r)
      CHECK(back[r] == Approx(r == c ? 1.0 : 0.0).margin(1e-12));
  }
  Matrix6 singular = p.matrix;
  for (std::size_t c = 0; c < 6; ++c)
    singular[6 + c] = 2.0 * singular[c];  // row 2 = 2 × row 1
  CHECK_FALSE(invert(singular));
}

TEST_CASE("A known point load gives back its force and COP within 1 mm and Tz", "[analog]") {
  const PlateCalibration p = test::test_plate();
  const test::PointLoad cases[] = {
      {0.0, 0.0, 700.0, 0.0, 0.0, 0.0},
      {-120.0, 35.0, 1800.0, 0.11, -0.07, 4.5},
      {90.0, -60.0, 250.0, -0.18, 0.21, -2.0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.fx, c.fz, c.x, c.y);
    const Vector6 v = volts_of(p, test::loads_of(p, c));
    for (const double volt : v)
      CHECK(std::abs(volt) < 10.0);  // within a ±10 V DAQ: the gains are plausible
    const PlateLoads l = loads_from_volts(p, v);
    CHECK(l.fz == Approx(c.fz).margin(1e-6));
    // on_body, identity axes: our output is the plate's numbers.
    PlateCalibration body = p;
    body.sense = ForceSense::on_body;
    const PlateOutput o = plate_output(body, l, 20.0);
    REQUIRE(o.cop_valid);
    CHECK(o.fx_n == Approx(c.fx).margin(1e-6));
    CHECK(o.fy_n == Approx(c.fy).margin(1e-6));
    CHECK(o.fz_n == Approx(c.fz).margin(1e-6));
    CHECK(std::abs(o.cop_x_m - c.x) < 0.001);
    CHECK(std::abs(o.cop_y_m - c.y) < 0.001);
    CHECK(o.tz_nm == Approx(c.tz).margin(1e-6));
  }
}

TEST_CASE("The origin offset: ignoring z0 moves COP by z0 F over Fz and a and b shift it",
          "[analog]") {
  const PlateCalibration p = test::test_plate();
  const test::PointLoad load{-150.0, 80.0, 1500.0, 0.05, 0.02, 0.0};
  const PlateLoads l = test::loads_of(p, load);
  PlateCalibration right = p;
  right.sense = ForceSense::on_body;
  const PlateOutput good = plate_output(right, l, 20.0);
  CHECK(good.cop_x_m == Approx(0.05).margin(1e-9));
  CHECK(good.cop_y_m == Approx(0.02).margin(1e-9));

  PlateCalibration flat = right;
  flat.origin_m[2] = 0.0;  // pretend the origin were on the surface
  const PlateOutput off = plate_output(flat, l, 20.0);
  // x = (-My - z0·Fx)/Fz: dropping z0 adds z0·Fx/Fz = (-0.04)(-150)/1500 = +4 mm.
  CHECK(off.cop_x_m - good.cop_x_m == Approx(p.origin_m[2] * load.fx / load.fz).margin(1e-9));
  CHECK(off.cop_y_m - good.cop_y_m == Approx(p.origin_m[2] * load.fy / load.fz).margin(1e-9));
  CHECK(std::abs(off.cop_x_m - good.cop_x_m) > 0.003);

  PlateCalibration centred = right;
  centred.origin_m[0] = centred.origin_m[1] = 0.0;
  const PlateOutput shifted = plate_output(centred, l, 20.0);
  CHECK(good.cop_x_m - shifted.cop_x_m == Approx(p.origin_m[0]).margin(1e-9));
  CHECK(good.cop_y_m - shifted.cop_y_m == Approx(p.origin_m[1]).margin(1e-9));
}

TEST_CASE("Plate axes and force sense map onto ours: x forward y left z up", "[analog]") {
  PlateCalibration p = test::test_plate();
  p.axes = {AxisMap{1, 1}, AxisMap{0, -1}, AxisMap{2, 1}};  // ours x = y, y = -x, z = z
  p.sense = ForceSense::on_plate;
  p.position_m = {0.3, 0.12};
  // The foot pushes down (-z) and backwards on the plate; the plate's y is our forward.
  const test::PointLoad push{20.0, -90.0, -1200.0, 0.04, 0.10, 3.0};
  const PlateOutput o = plate_output(p, test::loads_of(p, push), 20.0);
  REQUIRE(o.cop_valid);
  CHECK(o.fz_n == Approx(1200.0));         // the reaction holds the runner up
  CHECK(o.fx_n == Approx(90.0));           // and pushes them forward: -(plate fy = -90)
  CHECK(o.fy_n == Approx(20.0));           // ours y = -plate x, and the reaction: -(-20)
  CHECK(o.cop_x_m == Approx(0.3 + 0.10));  // ours x = plate y, plus the plate's position
  CHECK(o.cop_y_m == Approx(0.12 - 0.04));
  CHECK(o.tz_nm == Approx(-3.0));  // the reaction's free moment, same vertical

  // loads_for_output is the inverse of plate_output.
  const PlateLoads back = loads_for_output(p, o);
  const PlateOutput again = plate_output(p, back, 20.0);
  CHECK(again.fx_n == Approx(o.fx_n));
  CHECK(again.cop_x_m == Approx(o.cop_x_m));
  CHECK(again.cop_y_m == Approx(o.cop_y_m));
  CHECK(again.tz_nm == Approx(o.tz_nm));

  CHECK(axes_problem(p.axes).empty());
  CHECK_FALSE(axes_problem({AxisMap{1, 1}, AxisMap{0, 1}, AxisMap{2, 1}}).empty());  // mirror
  CHECK_FALSE(axes_problem({AxisMap{2, 1}, AxisMap{0, 1}, AxisMap{1, 1}}).empty());  // z lies
}

TEST_CASE("Below cop_min_fz_n the COP is undefined", "[analog]") {
  PlateCalibration p = test::test_plate();
  const PlateOutput o = plate_output(p, test::loads_of(p, {1.0, 1.0, 12.0, 0.1, 0.1, 0.0}), 20.0);
  CHECK_FALSE(o.cop_valid);
  CHECK(o.fz_n == Approx(-12.0));  // forces are still reported (on_plate: the reaction)
}
