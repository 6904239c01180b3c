// The foot-strike angle from markers (daemon/report/foot_strike_angle.hpp) on real running:
// the RBDS runners against the derived reference in rbds/reference/ (data README: heel-bottom →
// mid(MT1, MT5) at the force onset minus the same angle standing), and the marker readers on
// the real files (TRC, C3D POINT data, delimited text).
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "files/c3d_points.hpp"
#include "files/marker_trajectories.hpp"
#include "report/foot_strike_angle.hpp"
#include "support/run_program.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

struct ReferenceRow {
  double onset_s = 0.0;
  Side side = Side::left;
  double fsa_deg = 0.0;
  std::string fsa_class;
};

std::vector<ReferenceRow> read_reference(const std::filesystem::path& path) {
  std::ifstream in(path);
  REQUIRE(in);
  std::vector<ReferenceRow> rows;
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();  // the files have CRLF line ends
  REQUIRE(line == "onset_s,offset_s,side,fsa_deg,fsa_class");
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::stringstream s(line);
    std::string onset, offset, side, fsa, cls;
    std::getline(s, onset, ',');
    std::getline(s, offset, ',');
    std::getline(s, side, ',');
    std::getline(s, fsa, ',');
    std::getline(s, cls, ',');
    // The onsets are force samples at 300 Hz printed to 0.1 ms: back onto their sample grid.
    rows.push_back({std::round(std::stod(onset) * 300.0) / 300.0,
                    side == "L" ? Side::left : Side::right, std::stod(fsa), cls});
  }
  return rows;
}

std::string class_code(StrikePattern p) {
  switch (p) {
    case StrikePattern::rearfoot: return "RFS";
    case StrikePattern::midfoot: return "MFS";
    case StrikePattern::forefoot: return "FFS";
  }
  return "?";
}

struct Runner {
  const char* markers;
  const char* standing;
  const char* reference;
};

}  // namespace

TEST_CASE("RBDS: the foot-strike angle matches the derived reference on every stance",
          "[realdata][markers]") {
  const auto dir = test::data_dir() / "rbds";
  for (const Runner r :
       {Runner{"RBDS001runT25markers.txt", "RBDS001static.txt", "RBDS001_T25_contacts.csv"},
        Runner{"RBDS0041runT252markers.txt", "RBDS0041static.txt", "RBDS0041_T25_contacts.csv"}}) {
    CAPTURE(r.markers);
    const auto reference = read_reference(dir / "reference" / r.reference);
    REQUIRE(reference.size() > 70);
    std::vector<StrideContact> contacts;
    for (const auto& row : reference)
      contacts.push_back({row.onset_s, row.side});

    // The reference took the marker frame at or before each onset (no interpolation): with the
    // same sampling the angles agree to rounding.
    FootStrikeOptions held;
    held.sampling = ContactSampling::frame_at_or_before;
    std::string error;
    const auto angles = value_or_error(
        foot_strike_angles((dir / r.markers).string(), (dir / r.standing).string(), contacts, held),
        &error);
    INFO(error);
    REQUIRE(angles);
    double worst = 0.0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
      const auto& a = (*angles)[i];
      CAPTURE(i, reference[i].onset_s, reference[i].fsa_deg, a.missing);
      REQUIRE(a.fsa_deg);
      CHECK(std::fabs(*a.fsa_deg - reference[i].fsa_deg) <= 0.5);
      worst = std::max(worst, std::fabs(*a.fsa_deg - reference[i].fsa_deg));
      // the class too, unless the printed angle sits on a boundary
      if (std::fabs(reference[i].fsa_deg - 8.0) > 0.01 &&
          std::fabs(reference[i].fsa_deg + 1.6) > 0.01) {
        CHECK(class_code(*a.strike) == reference[i].fsa_class);
      }
    }
    CHECK(worst < 0.01);

    // Interpolated to the onset (the default), the angle moves by up to a third of the foot's
    // rotation over one 6.7 ms frame: a few tenths of a degree, up to ~1.6° on runner 0041.
    const auto interpolated = value_or_error(
        foot_strike_angles((dir / r.markers).string(), (dir / r.standing).string(), contacts, {}),
        &error);
    REQUIRE(interpolated);
    double worst_interpolated = 0.0;
    int same_class = 0;
    for (std::size_t i = 0; i < reference.size(); ++i) {
      REQUIRE((*interpolated)[i].fsa_deg);
      worst_interpolated = std::max(worst_interpolated,
                                    std::fabs(*(*interpolated)[i].fsa_deg - reference[i].fsa_deg));
      same_class += class_code(*(*interpolated)[i].strike) == reference[i].fsa_class;
    }
    CHECK(worst_interpolated < 2.0);
    WARN(r.markers << ": held frame max |Δ| " << worst << "°; interpolated max |Δ| "
                   << worst_interpolated << "°, same class on " << same_class << " of "
                   << reference.size());
  }
}

TEST_CASE("RBDS text markers: 150 Hz on its exact grid, mm to m, the empty cells are gaps",
          "[realdata][markers]") {
  std::string error;
  const auto m = value_or_error(
      read_marker_file((test::data_dir() / "rbds" / "RBDS0041runT252markers.txt").string()),
      &error);
  INFO(error);
  REQUIRE(m);
  CHECK(m->markers() == 48);
  CHECK(m->frames() == 4500);
  CHECK(m->rate_hz == 150.0);
  CHECK(m->times_s[1] == Approx(1.0 / 150.0).epsilon(1e-12));  // printed as 0.007
  // its Time column runs 0…30.000 s over 4500 frames (linspace): one frame too long
  CHECK(m->times_s.back() == Approx(4499.0 / 150.0).epsilon(1e-12));
  CHECK_THAT(m->note, Catch::Contains("one frame more than 150 Hz"));
  const auto knee = m->find("R.Knee");
  REQUIRE(knee);
  CHECK_FALSE(m->present(0, *knee));  // an empty column: a gap throughout
  const auto heel = m->find("R.Heel.Bottom");
  REQUIRE(heel);
  REQUIRE(m->present(0, *heel));
  CHECK(m->at(0, *heel)[1] > 0.0);
  CHECK(m->at(0, *heel)[1] < 0.3);  // metres above the belt
}

TEST_CASE("RBDS001runT35.c3d: 32 markers at 150 Hz, heels near the belt, angles from C3D",
          "[realdata][markers]") {
  const auto dir = test::data_dir() / "rbds";
  std::string error;
  const auto run = value_or_error(read_marker_file((dir / "RBDS001runT35.c3d").string()), &error);
  INFO(error);
  REQUIRE(run);
  CHECK(run->markers() == 32);
  CHECK(run->rate_hz == 150.0);
  CHECK(run->frames() > 4000);
  for (const char* name : {"R.Heel.Bottom", "L.Heel.Bottom"}) {
    CAPTURE(name);
    const auto heel = run->find(name);
    REQUIRE(heel);
    double low = 1e9, high = -1e9;
    std::size_t present = 0;
    for (std::size_t f = 0; f < run->frames(); ++f) {
      if (!run->present(f, *heel)) continue;
      ++present;
      low = std::min(low, run->at(f, *heel)[1]);
      high = std::max(high, run->at(f, *heel)[1]);
    }
    CHECK(present > run->frames() * 9 / 10);
    // Y up, metres: the heel touches the belt and swings up to hip-ish heights at most
    CHECK(low > -0.05);
    CHECK(low < 0.1);
    CHECK(high > 0.15);
    CHECK(high < 0.8);
    WARN(name << " height " << low << "–" << high << " m");
  }
  const auto standing =
      value_or_error(read_marker_file((dir / "RBDS001static.c3d").string()), &error);
  REQUIRE(standing);
  auto angles = value_or_error(FootStrikeAngles::create(*run, *standing, {}), &error);
  INFO(error);
  REQUIRE(angles);
  CHECK(angles->vertical() == SignedAxis{1, 1});
  CHECK(angles->forward() == SignedAxis{0, 1});
  CHECK(angles->markers().heel == "{side}.Heel.Bottom");
  // The same runner standing, from the text export: the same standing angle.
  const auto text =
      value_or_error(FootStrikeAngles::load((dir / "RBDS001runT25markers.txt").string(),
                                            (dir / "RBDS001static.txt").string(), {}),
                     &error);
  REQUIRE(text);
  CHECK(angles->standing_deg(Side::left) == Approx(text->standing_deg(Side::left)).margin(0.5));
  CHECK(angles->standing_deg(Side::right) == Approx(text->standing_deg(Side::right)).margin(0.5));
}

TEST_CASE("C3D POINT data of the BTK and ezc3d files", "[realdata][markers]") {
  for (const char* name : {"BTKData_PiG_Motion-FlatFoot-Full.c3d", "ezc3d-testFiles_BTS.c3d",
                           "BTKData_c3dorg_sample01_Eb015pi.c3d"}) {
    CAPTURE(name);
    std::string error;
    const auto m =
        value_or_error(read_marker_file((test::data_dir() / "c3d" / name).string()), &error);
    INFO(error);
    REQUIRE(m);
    CHECK(m->markers() > 0);
    CHECK(m->frames() > 10);
    CHECK(m->rate_hz > 0.0);
    std::size_t present = 0;
    double extent = 0.0;
    for (std::size_t f = 0; f < m->frames(); ++f)
      for (std::size_t k = 0; k < m->markers(); ++k)
        if (m->present(f, k)) {
          ++present;
          for (const double v : m->at(f, k))
            extent = std::max(extent, std::fabs(v));
        }
    CHECK(present > 0);
    CHECK(extent < 20.0);  // metres: a lab, whatever POINT:UNITS said
    WARN(name << ": " << m->markers() << " markers, " << m->frames() << " frames at " << m->rate_hz
              << " Hz, " << present << " samples present, axes " << m->axes);
  }
}
