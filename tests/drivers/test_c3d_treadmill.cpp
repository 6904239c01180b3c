// A C3D file's single long plate, loaded stride after stride, is a single-belt treadmill
// (files/c3d_force_platforms.hpp): Plate::belt, x forward as the COP's travel says, y to the
// runner's left, COP from the belt's centre. Written here: a Y-up lab in which the runner runs
// towards lab −X (so that nothing works by keeping the lab's x), one type-4 plate in volts with
// a negative ANALOG:SCALE, as Motion Analysis writes them.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "drivers/c3d_test_writer.hpp"
#include "engine/gait_engine.hpp"
#include "files/c3d_reader.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;
using stridecue::test::C3dWriter;

namespace {

constexpr double kAnalogHz = 500.0;
constexpr int kSpf = 5;  // analog samples per 100 Hz point frame
constexpr double kFirstS = 0.2, kStepS = 0.36, kStanceS = 0.25;
constexpr double kCentreXmm = 1800.0, kCentreZmm = 250.0;  // the plate's centre in the lab
constexpr double kFootZmm = 60.0;    // each foot's COP this far from the belt's midline
constexpr double kTravelMm = 500.0;  // the belt carries the COP this far (towards lab +X)
const double kCal[6] = {500, 500, 1000, 800000, 250000, 400000};  // N/V, N·mm/V

// Stance k's foot: even stances left (lab +Z is the runner's left when running towards −X).
bool left_foot(int k) {
  return k % 2 == 0;
}

// A plate `length_mm` long (lab X) spanning lab Z from z0_mm to z1_mm, on analog channels
// first … first + 5.
void add_plate(std::vector<double>& corners, double length_mm, double z0_mm, double z1_mm,
               double shift_x_mm = 0.0) {
  const double x0 = kCentreXmm + shift_x_mm - length_mm / 2;
  const double x1 = kCentreXmm + shift_x_mm + length_mm / 2;
  // Corner 1 in the plate's +x +y quadrant: plate x = lab X, y = lab Z, z = −lab Y (down).
  for (const double v : {x1, 0.0, z1_mm, x0, 0.0, z1_mm, x0, 0.0, z0_mm, x1, 0.0, z0_mm})
    corners.push_back(v);
}

// `stances` stances on one plate `length_mm` long (lab X) and 500 mm wide (lab Z), or with
// `belts` 2 on two such plates 240 mm wide side by side, the right belt's (lab Z 0 … 240 mm)
// first, each foot on its own; `row_mm` moves the second plate along lab X by that much.
std::vector<std::uint8_t> treadmill_file(double length_mm, int stances, int belts = 1,
                                         double row_mm = 0.0) {
  C3dWriter w;
  w.float_storage = true;
  w.points = 1;
  w.analog_samples_per_frame = kSpf;
  w.analog_channels = 6 * belts;
  const double total_s = kFirstS + stances * kStepS + 0.3;
  w.frames = static_cast<int>(total_s * 100.0);
  w.point_values.assign(static_cast<std::size_t>(w.frames) * 3, 1.0);
  // Plate centres on lab Z; with two belts the feet run 130 mm either side of the middle.
  const double centre_z[2] = {belts == 1 ? kCentreZmm : 120.0, 380.0};
  const double foot_z = belts == 1 ? kFootZmm : 130.0;
  for (int s = 0; s < w.frames * kSpf; ++s) {
    const double t = s / kAnalogHz;
    double fz = 0.0, x_mm = 0.0, z_mm = 0.0;  // up force, COP in the lab
    int on = 0;                               // the plate loaded
    for (int k = 0; k < stances; ++k) {
      const double tau = (t - (kFirstS + k * kStepS)) / kStanceS;
      if (tau < 0.0 || tau >= 1.0) continue;
      fz = 1200.0 * std::sin(M_PI * tau);
      // The foot lands 0.2 m ahead of the centre (lab −X) and rides the belt backwards.
      x_mm = kCentreXmm - 200.0 + kTravelMm * tau;
      z_mm = kCentreZmm + (left_foot(k) ? foot_z : -foot_z);
      on = belts == 2 && left_foot(k) ? 1 : 0;
    }
    for (int p = 0; p < belts; ++p) {
      // The reaction on the foot is up, −z in the plate; moments about the true origin 20 mm
      // below the surface: M = r × F.
      const double f_plate_z = p == on ? -fz : 0.0;
      const double px = x_mm - kCentreXmm, py = z_mm - centre_z[p];
      const double loads[6] = {0.0, 0.0, f_plate_z, py * f_plate_z, -px * f_plate_z, 0.0};
      for (int c = 0; c < 6; ++c)
        w.analog_raw.push_back(-loads[c] / kCal[c]);  // volts, stored negated (SCALE −1)
    }
  }
  std::vector<std::string> labels, units;
  for (int p = 1; p <= belts; ++p) {
    for (const std::string q : {"FX", "FY", "FZ", "MX", "MY", "MZ"}) {
      labels.push_back(q.substr(0, 1) + std::to_string(p) + q.substr(1));
      units.push_back(q[0] == 'F' ? "N" : "Nmm");
    }
  }
  w.add_basics(labels, std::vector<double>(labels.size(), -1.0),
               std::vector<double>(labels.size(), 0.0));
  w.add_chars("ANALOG", "UNITS", units);
  std::vector<double> corners, origins, channels, types, cal;
  for (int p = 0; p < belts; ++p) {
    if (belts == 1) {
      add_plate(corners, length_mm, 0.0, 500.0);
    } else {
      add_plate(corners, length_mm, centre_z[p] - 120.0, centre_z[p] + 120.0, p * row_mm);
    }
    for (const double v : {0.0, 0.0, -20.0})
      origins.push_back(v);
    for (int c = 1; c <= 6; ++c)
      channels.push_back(p * 6 + c);
    types.push_back(4);
    for (int r = 0; r < 6; ++r) {
      for (int c = 0; c < 6; ++c)
        cal.push_back(r == c ? kCal[r] : 0.0);
    }
  }
  w.add_int("FORCE_PLATFORM", "USED", {}, {double(belts)});
  w.add_int("FORCE_PLATFORM", "TYPE", {belts}, types);
  w.add_int("FORCE_PLATFORM", "ZERO", {2}, {0, 0});
  w.add_float("FORCE_PLATFORM", "CORNERS", {3, 4, belts}, corners);
  w.add_float("FORCE_PLATFORM", "ORIGIN", {3, belts}, origins);
  w.add_int("FORCE_PLATFORM", "CHANNEL", {6, belts}, channels);
  w.add_float("FORCE_PLATFORM", "CAL_MATRIX", {6, 6, belts}, cal);
  return w.write();
}

std::vector<float> drain(C3dReader& reader) {
  std::vector<float> all;
  SampleBlock block;
  while (reader.next(block) == SourceStatus::block)
    all.insert(all.end(), block.samples.begin(), block.samples.end());
  REQUIRE(reader.failure().empty());
  return all;
}

}  // namespace

TEST_CASE("c3d treadmill: a long plate loaded stride after stride is the belt", "[c3d]") {
  constexpr int kStances = 12;
  const auto bytes = treadmill_file(1600.0, kStances);
  C3dReader reader(bytes, "belt.c3d");
  REQUIRE(reader.failure().empty());
  CHECK(reader.treadmill());
  INFO(reader.frame_note());
  CHECK(reader.frame_note().find("forward -X") != std::string::npos);
  const StreamInfo& stream = reader.layout().streams.at(0);
  REQUIRE(stream.channels.size() == 6);
  CHECK(stream.channels[2].name == "belt_fz_n");
  CHECK(stream.channels[2].plate == Plate::belt);

  const auto all = drain(reader);
  // Mid-stance of every stance: up force, COP from the centre with x forward (−lab X) and y
  // left (+lab Z).
  for (int k = 0; k < kStances; ++k) {
    INFO("stance " << k);
    const double t = kFirstS + k * kStepS + kStanceS / 2;
    const auto s = static_cast<std::size_t>(std::lround(t * kAnalogHz));
    const double tau = (static_cast<double>(s) / kAnalogHz - (kFirstS + k * kStepS)) / kStanceS;
    CHECK(all[s * 6 + 2] == Approx(1200.0 * std::sin(M_PI * tau)).margin(0.5));
    CHECK(all[s * 6 + 3] == Approx(-(-200.0 + kTravelMm * tau) / 1000.0).margin(1e-4));
    CHECK(all[s * 6 + 4] == Approx((left_foot(k) ? kFootZmm : -kFootZmm) / 1000.0).margin(1e-4));
    CHECK(all[s * 6 + 0] == Approx(0.0).margin(1e-3));
  }

  // The engine: a single belt, every stance, each foot by its side of the midline.
  C3dReader again(bytes, "belt.c3d");
  EngineSettings settings;
  settings.treadmill.belt_speed_m_s = 2.0;
  const auto strides = test::run_engine(again, settings);
  REQUIRE(strides.size() == kStances);
  for (std::size_t k = 0; k < strides.size(); ++k) {
    INFO("stride " << k);
    CHECK(strides[k].plate == Plate::belt);
    CHECK(strides[k].side == (left_foot(static_cast<int>(k)) ? Side::left : Side::right));
    CHECK(strides[k].side_evidence == SideEvidence::cop);
  }
}

TEST_CASE("c3d treadmill: two long plates side by side are a split belt, by position", "[c3d]") {
  constexpr int kStances = 20;  // 10 on each belt
  const auto bytes = treadmill_file(1600.0, kStances, 2);
  C3dReader reader(bytes, "split.c3d");
  REQUIRE(reader.failure().empty());
  CHECK(reader.treadmill());
  INFO(reader.frame_note());
  CHECK(reader.frame_note().find("forward -X") != std::string::npos);
  CHECK(reader.frame_note().find("left belt platform 2") != std::string::npos);
  const StreamInfo& stream = reader.layout().streams.at(0);
  REQUIRE(stream.channels.size() == 12);
  // Platform 1 lies at lab Z 0 … 240 mm: the runner's right when running towards −X.
  CHECK(stream.channels[2].name == "right_fz_n");
  CHECK(stream.channels[8].name == "left_fz_n");

  const auto all = drain(reader);
  for (int k = 0; k < kStances; ++k) {
    INFO("stance " << k);
    const double t = kFirstS + k * kStepS + kStanceS / 2;
    const auto s = static_cast<std::size_t>(std::lround(t * kAnalogHz));
    const std::size_t plate = left_foot(k) ? 6 : 0;
    const double tau = (static_cast<double>(s) / kAnalogHz - (kFirstS + k * kStepS)) / kStanceS;
    CHECK(all[s * 12 + plate + 2] == Approx(1200.0 * std::sin(M_PI * tau)).margin(0.5));
    CHECK(all[s * 12 + (6 - plate) + 2] == Approx(0.0).margin(1e-3));
    // COP from the treadmill's centre, between the belts.
    CHECK(all[s * 12 + plate + 3] == Approx(-(-200.0 + kTravelMm * tau) / 1000.0).margin(1e-4));
    CHECK(all[s * 12 + plate + 4] == Approx(left_foot(k) ? 0.13 : -0.13).margin(1e-4));
  }

  C3dReader again(bytes, "split.c3d");
  GaitEngine engine(again.layout(), {});
  CHECK(engine.treadmill_layout() == TreadmillLayout::split_belt);
  const auto strides = test::run_engine(again);
  REQUIRE(strides.size() == kStances);
  for (const auto& stride : strides) {
    // Each plate's strides come in order; across plates by their contact time.
    const auto k = static_cast<int>(std::lround((stride.contact_s - kFirstS) / kStepS));
    INFO("stance " << k << " at " << stride.contact_s << " s");
    CHECK(stride.side == (left_foot(k) ? Side::left : Side::right));
    CHECK(stride.plate == (left_foot(k) ? Plate::left : Plate::right));
    CHECK(stride.side_evidence == SideEvidence::plate);
  }
}

TEST_CASE("c3d treadmill: a floor plate, or a long plate loaded a few times, stays floor",
          "[c3d]") {
  // A 0.6 m plate stepped on again and again (a lab's plate under a treadmill-less trial).
  {
    C3dReader reader(treadmill_file(600.0, 12), "short.c3d");
    REQUIRE(reader.failure().empty());
    CHECK_FALSE(reader.treadmill());
    CHECK(reader.layout().streams.at(0).channels[2].name == "floor1_fz_n");
  }
  // A 1.6 m plate with three steps on it: over ground.
  {
    C3dReader reader(treadmill_file(1600.0, 3), "walkway.c3d");
    REQUIRE(reader.failure().empty());
    CHECK_FALSE(reader.treadmill());
    CHECK(reader.layout().streams.at(0).channels[2].plate == floor_plate(1));
  }
  // Two long plates one behind the other (a walkway), stepped on alternately: not belts.
  {
    C3dReader reader(treadmill_file(1600.0, 20, 2, 1600.0), "row.c3d");
    REQUIRE(reader.failure().empty());
    CHECK_FALSE(reader.treadmill());
    CHECK(reader.layout().streams.at(0).channels[2].name == "floor1_fz_n");
  }
}
