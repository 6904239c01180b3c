// The foot-strike angle on synthetic markers (daemon/report/foot_strike_angle.hpp): a foot
// tilted by a known angle gives that angle, with Y or Z up; gaps, the marker sets, the axes,
// the profile and the agreement table.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <numbers>

#include "report/foot_strike_angle.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

constexpr double kDeg = std::numbers::pi / 180.0;

// A lab with `up` and `forward` axes (indices, positive directions); coordinates built from
// (forward, up, lateral) components.
struct Lab {
  int up = 1;
  int forward = 0;
  int lateral() const { return 3 - up - forward; }
  std::array<double, 3> point(double f, double u, double l) const {
    std::array<double, 3> p{};
    p[static_cast<std::size_t>(forward)] = f;
    p[static_cast<std::size_t>(up)] = u;
    p[static_cast<std::size_t>(lateral())] = l;
    return p;
  }
};

// Markers of a foot pitched `pitch_deg` (toe up) with the heel at `heel_f` forward, 3 cm up.
void add_foot(std::vector<double>& xyz, const Lab& lab, double heel_f, double lateral,
              double pitch_deg) {
  const double c = std::cos(pitch_deg * kDeg), s = std::sin(pitch_deg * kDeg);
  for (const auto& p : {lab.point(heel_f, 0.03, lateral),                                // heel
                        lab.point(heel_f + 0.19 * c, 0.03 + 0.19 * s, lateral - 0.03),   // MT1
                        lab.point(heel_f + 0.17 * c, 0.03 + 0.17 * s, lateral + 0.03)})  // MT5
    xyz.insert(xyz.end(), p.begin(), p.end());
}

// RBDS-named markers: L foot, R foot, then a pelvis marker 1 m up (standing needs a body).
MarkerTrajectories trial(const Lab& lab, std::size_t frames, double rate_hz,
                         double (*pitch_deg)(double t), const char* name) {
  MarkerTrajectories m;
  m.source = name;
  m.rate_hz = rate_hz;
  m.names = {"L.Heel.Bottom", "L.MT1", "L.MT5", "R.Heel.Bottom", "R.MT1", "R.MT5", "Pelvis"};
  for (std::size_t f = 0; f < frames; ++f) {
    const double t = static_cast<double>(f) / rate_hz;
    m.times_s.push_back(t);
    add_foot(m.xyz_m, lab, 0.1, -0.1, pitch_deg(t));
    add_foot(m.xyz_m, lab, 0.1 + 0.5 * t, 0.1, pitch_deg(t));
    const auto pelvis = lab.point(0.2, 1.0, 0.0);
    m.xyz_m.insert(m.xyz_m.end(), pelvis.begin(), pelvis.end());
  }
  return m;
}

double standing_pitch(double) {
  return 5.0;
}
double landing_pitch(double) {
  return 25.0;
}
double rotating_pitch(double t) {
  return 30.0 - 100.0 * t;
}  // 100°/s, toe coming down

void gap(MarkerTrajectories& m, std::size_t frame, std::string_view marker) {
  const auto k = *m.find(marker);
  for (int a = 0; a < 3; ++a)
    m.xyz_m[(frame * m.markers() + k) * 3 + static_cast<std::size_t>(a)] =
        std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

TEST_CASE("a foot tilted by a known angle gives that angle, Y up or Z up", "[markers]") {
  for (const Lab lab : {Lab{1, 0}, Lab{2, 0}, Lab{2, 1}}) {
    CAPTURE(lab.up, lab.forward);
    std::string error;
    const auto f = value_or_error(
        FootStrikeAngles::create(trial(lab, 100, 150.0, landing_pitch, "run"),
                                 trial(lab, 30, 150.0, standing_pitch, "standing"), {}),
        &error);
    INFO(error);
    REQUIRE(f);
    CHECK(f->vertical() == SignedAxis{lab.up, 1});
    CHECK(f->forward() == SignedAxis{lab.forward, 1});
    CHECK(f->axes_detected());
    CHECK(f->standing_deg(Side::left) == Approx(5.0).margin(1e-9));
    const auto a = f->at(0.1234, Side::right);
    REQUIRE(a.fsa_deg);
    CHECK(*a.contact_angle_deg == Approx(25.0).margin(1e-9));
    CHECK(*a.fsa_deg == Approx(20.0).margin(1e-9));
    CHECK(a.strike == StrikePattern::rearfoot);
  }
}

TEST_CASE("a runner facing -X, and axes given rather than detected", "[markers]") {
  // Facing -X: forward is detected as -X, and the toe-up foot still reads positive.
  MarkerTrajectories run = trial(Lab{1, 0}, 50, 100.0, landing_pitch, "run");
  MarkerTrajectories standing = trial(Lab{1, 0}, 20, 100.0, standing_pitch, "standing");
  for (auto* m : {&run, &standing})
    for (std::size_t i = 0; i < m->xyz_m.size(); i += 3)
      m->xyz_m[i] = -m->xyz_m[i];
  std::string error;
  auto f = value_or_error(FootStrikeAngles::create(run, standing, {}), &error);
  REQUIRE(f);
  CHECK(f->forward() == SignedAxis{0, -1});
  CHECK(*f->at(0.2, Side::left).fsa_deg == Approx(20.0).margin(1e-9));

  FootStrikeOptions given;
  given.vertical = SignedAxis{1, 1};
  given.forward = SignedAxis{0, -1};
  f = value_or_error(FootStrikeAngles::create(run, standing, given), &error);
  REQUIRE(f);
  CHECK_FALSE(f->axes_detected());
  CHECK(*f->at(0.2, Side::left).fsa_deg == Approx(20.0).margin(1e-9));
}

TEST_CASE("positions are interpolated to the contact, or held from the frame before", "[markers]") {
  const Lab lab{1, 0};
  const auto run = trial(lab, 100, 100.0, rotating_pitch, "run");
  const auto standing = trial(lab, 10, 100.0, standing_pitch, "standing");
  std::string error;
  const auto f = value_or_error(FootStrikeAngles::create(run, standing, {}), &error);
  REQUIRE(f);
  // On a frame: exact. Between frames: within the chord error of a 1° step.
  CHECK(*f->at(0.10, Side::left).contact_angle_deg == Approx(20.0).margin(1e-9));
  CHECK(*f->at(0.105, Side::left).contact_angle_deg == Approx(19.5).margin(0.01));

  FootStrikeOptions held;
  held.sampling = ContactSampling::frame_at_or_before;
  const auto h = value_or_error(FootStrikeAngles::create(run, standing, held), &error);
  REQUIRE(h);
  CHECK(*h->at(0.109, Side::left).contact_angle_deg == Approx(20.0).margin(1e-9));
  CHECK(*h->at(0.11, Side::left).contact_angle_deg == Approx(19.0).margin(1e-9));
}

TEST_CASE("a contact in a gap or outside the recording gets no angle, and says why", "[markers]") {
  const Lab lab{1, 0};
  auto run = trial(lab, 100, 100.0, landing_pitch, "run");
  gap(run, 50, "R.MT5");
  std::string error;
  const auto f = value_or_error(
      FootStrikeAngles::create(run, trial(lab, 10, 100.0, standing_pitch, "standing"), {}), &error);
  REQUIRE(f);
  auto a = f->at(0.495, Side::right);  // between frames 49 and 50
  CHECK_FALSE(a.fsa_deg);
  CHECK_FALSE(a.strike);
  CHECK(a.missing == "marker R.MT5 is in a gap at 0.500 s");
  CHECK(f->at(0.495, Side::left).fsa_deg);  // the other foot is fine
  CHECK(f->at(0.485, Side::right).fsa_deg);
  a = f->at(1.5, Side::left);
  CHECK_FALSE(a.fsa_deg);
  CHECK(a.missing == "contact at 1.500 s is outside the markers (0.000–0.990 s)");
}

TEST_CASE("the standing trial: gaps skipped, a foot never seen whole is an error", "[markers]") {
  const Lab lab{1, 0};
  auto standing = trial(lab, 10, 100.0, standing_pitch, "standing");
  gap(standing, 3, "L.MT1");
  std::string error;
  auto f = value_or_error(
      FootStrikeAngles::create(trial(lab, 10, 100.0, landing_pitch, "run"), standing, {}), &error);
  REQUIRE(f);
  CHECK(f->standing_deg(Side::left) == Approx(5.0).margin(1e-9));
  for (std::size_t fr = 0; fr < 10; ++fr)
    gap(standing, fr, "L.Heel.Bottom");
  f = value_or_error(
      FootStrikeAngles::create(trial(lab, 10, 100.0, landing_pitch, "run"), standing, {}), &error);
  CHECK_FALSE(f);
  CHECK(error == "standing: the left foot's markers are never all present: no standing angle");
}

TEST_CASE("marker sets: detected by name, given with {side}, or missing with a clear error",
          "[markers]") {
  const Lab lab{1, 0};
  auto run = trial(lab, 10, 100.0, landing_pitch, "run");
  auto standing = trial(lab, 10, 100.0, standing_pitch, "standing");
  std::string error;
  auto f = value_or_error(FootStrikeAngles::create(run, standing, {}), &error);
  REQUIRE(f);
  CHECK(f->markers().heel == "{side}.Heel.Bottom");

  // Rajagopal names: heel CAL, toe TOE.
  for (auto* m : {&run, &standing})
    m->names = {"LCAL", "LTOE", "L.MT5", "RCAL", "RTOE", "R.MT5", "Pelvis"};
  f = value_or_error(FootStrikeAngles::create(run, standing, {}), &error);
  REQUIRE(f);
  CHECK(f->markers().forefoot == std::vector<std::string>{"{side}TOE"});
  CHECK(*f->at(0.05, Side::left).fsa_deg == Approx(20.0).margin(1e-9));  // toe = MT1 here

  // Other names: none known.
  for (auto* m : {&run, &standing})
    m->names = {"LH", "LM1", "LM5", "RH", "RM1", "RM5", "Pelvis"};
  f = value_or_error(FootStrikeAngles::create(run, standing, {}), &error);
  CHECK_FALSE(f);
  CHECK_THAT(error, Catch::Contains("no known foot marker set in both trials") &&
                        Catch::Contains("--heel-marker") && Catch::Contains("LH, LM1"));
  FootStrikeOptions named;
  named.markers = FootMarkerSet{"options", "{side}H", {"{side}M1", "{side}M5"}};
  f = value_or_error(FootStrikeAngles::create(run, standing, named), &error);
  REQUIRE(f);
  CHECK(*f->at(0.05, Side::right).fsa_deg == Approx(20.0).margin(1e-9));
  named.markers = FootMarkerSet{"options", "{side}H", {"{side}M2"}};
  CHECK_FALSE(value_or_error(FootStrikeAngles::create(run, standing, named), &error));
  CHECK_THAT(error, Catch::StartsWith("run: no marker \"LM2\""));
  named.markers = FootMarkerSet{"options", "LH", {"{side}M1"}};
  CHECK_FALSE(value_or_error(FootStrikeAngles::create(run, standing, named), &error));
  CHECK_THAT(error, Catch::Contains("has no {side} placeholder"));
}

TEST_CASE("the axes cannot be told from foot markers alone: say what to give", "[markers]") {
  const Lab lab{1, 0};
  auto run = trial(lab, 10, 100.0, landing_pitch, "run");
  auto standing = trial(lab, 10, 100.0, standing_pitch, "standing");
  for (std::size_t fr = 0; fr < standing.frames(); ++fr)
    standing.xyz_m[(fr * standing.markers() + 6) * 3 + 1] = 0.05;  // the "pelvis" on the floor
  std::string error;
  CHECK_FALSE(value_or_error(FootStrikeAngles::create(run, standing, {}), &error));
  CHECK_THAT(error,
             Catch::Contains("cannot tell which axis is up") && Catch::Contains("--vertical-axis"));
  FootStrikeOptions given;
  given.vertical = SignedAxis{1, 1};
  const auto f = value_or_error(FootStrikeAngles::create(run, standing, given), &error);
  REQUIRE(f);
  CHECK(f->forward() == SignedAxis{0, 1});
}

TEST_CASE("Altman & Davis classes and the agreement table", "[markers]") {
  CHECK(altman_davis_class(8.01) == StrikePattern::rearfoot);
  CHECK(altman_davis_class(8.0) == StrikePattern::midfoot);
  CHECK(altman_davis_class(-1.6) == StrikePattern::midfoot);
  CHECK(altman_davis_class(-1.61) == StrikePattern::forefoot);

  FootStrikeAgreement agreement;
  const FootStrikeOptions o;
  const auto angle = [&](double deg) {
    FootStrikeAngle a;
    a.fsa_deg = deg;
    a.strike = altman_davis_class(deg, o);
    return a;
  };
  agreement.add(StrikePattern::rearfoot, angle(20.0), o);
  agreement.add(StrikePattern::rearfoot, angle(7.0), o);   // near 8°: either way
  agreement.add(StrikePattern::forefoot, angle(-1.0), o);  // near −1.6°
  agreement.add(std::nullopt, angle(-5.0), o);
  agreement.add(StrikePattern::midfoot, FootStrikeAngle{}, o);
  CHECK(agreement.compared() == 3);
  CHECK(agreement.agreed() == 1);
  CHECK(*agreement.agreement_pct() == Approx(100.0 / 3.0));
  CHECK(agreement.near_boundary == 2);
  CHECK(agreement.without_angle() == 1);
  CHECK(agreement.counts[0][1] == 1);
  CHECK(agreement.counts[3][2] == 1);
}

TEST_CASE("marker profiles: TOML with errors that name line and column", "[markers]") {
  std::string error;
  const auto p = value_or_error(parse_foot_marker_profile(R"(
name = "lab"
heel = "{side}_HEEL"
forefoot = ["{side}_MT1", "{side}_MT5"]
side = { left = "Left", right = "Right" }
vertical = "+Z"
forward = "-Y"
)",
                                                          "lab.toml"),
                                &error);
  INFO(error);
  REQUIRE(p);
  CHECK(p->markers.marker(p->markers.heel, Side::left) == "Left_HEEL");
  CHECK(p->markers.marker(p->markers.forefoot[1], Side::right) == "Right_MT5");
  CHECK(p->vertical == SignedAxis{2, 1});
  CHECK(p->forward == SignedAxis{1, -1});

  CHECK_FALSE(value_or_error(
      parse_foot_marker_profile("heel = \"{side}H\"\nforefoot = []\n", "a.toml"), &error));
  CHECK_THAT(error, Catch::StartsWith("a.toml:2:") && Catch::Contains("list of marker names"));
  CHECK_FALSE(value_or_error(
      parse_foot_marker_profile("heel = \"{side}H\"\nforefoot = [\"{side}T\"]\nup = 1\n", "b.toml"),
      &error));
  CHECK_THAT(error, Catch::StartsWith("b.toml:3:") && Catch::Contains("unknown key \"up\""));
  CHECK_FALSE(
      value_or_error(parse_foot_marker_profile("heel = \"{side}H\"\nforefoot = [\"{side}T\"]\n"
                                               "vertical = \"up\"\n",
                                               "c.toml"),
                     &error));
  CHECK_THAT(error, Catch::StartsWith("c.toml:3:") && Catch::Contains("must be an axis"));
  CHECK_FALSE(
      value_or_error(parse_foot_marker_profile("forefoot = [\"{side}T\"]\n", "d.toml"), &error));
  CHECK_THAT(error, Catch::Contains("needs heel and forefoot (missing: heel)"));
  CHECK(parse_signed_axis("-x") == SignedAxis{0, -1});
  CHECK(parse_signed_axis("Z") == SignedAxis{2, 1});
  CHECK_FALSE(parse_signed_axis("+W"));
  CHECK(to_string(SignedAxis{2, -1}) == "-Z");
}

TEST_CASE("a runner who stood facing another way: forward is found per trial", "[markers]") {
  // Standing facing +Z, running along +X (as in Rajagopal's trials), Y up.
  const auto run = trial(Lab{1, 0}, 50, 100.0, landing_pitch, "run");
  const auto standing = trial(Lab{1, 2}, 20, 100.0, standing_pitch, "standing");
  std::string error;
  const auto f = value_or_error(FootStrikeAngles::create(run, standing, {}), &error);
  INFO(error);
  REQUIRE(f);
  CHECK(f->forward() == SignedAxis{0, 1});
  CHECK(f->standing_forward() == SignedAxis{2, 1});
  CHECK(f->standing_deg(Side::right) == Approx(5.0).margin(1e-9));
  CHECK(*f->at(0.2, Side::right).fsa_deg == Approx(20.0).margin(1e-9));
  CHECK_THAT(f->describe(), Catch::Contains("forward +X (standing: +Z) (detected)"));
}
