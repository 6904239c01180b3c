// C3D force platforms (FORCE_PLATFORM group) to ground reaction forces and centres of pressure
// in our axes (engine/sample_block.hpp: z up, SI units).
//
// Types read (c3d.org user guide, "Force platforms"):
//   1  Fx Fy Fz Px Py Tz: the COP (relative to the plate centre) and free moment are measured
//   2  Fx Fy Fz Mx My Mz about the plate's true origin (AMTI, Bertec, BTS ...)
//   3  Kistler, 8 channels fx12 fx34 fy14 fy23 fz1 fz2 fz3 fz4; ORIGIN holds the sensor offsets
//      a, b and the depth az0 of the sensor plane (Kistler's formulas for moments and COP)
//   4  type 2 with the 6×6 CAL_MATRIX (first index the row) applied to the 6 channels
//
// The plate frame comes from CORNERS (corner 1 in the plate's +x +y quadrant, 2 in −x +y,
// 3 in −x −y, 4 in +x −y): x = c1 − c2, y = c1 − c4 (made orthogonal), z = x × y, the
// centre the corners' mean. ORIGIN (types 2 and 4) is the vector from the true origin to
// the centre of the plate's surface in the plate frame, so its z is ≤ 0 in the usual z-down
// plate frame; files that store the opposite vector (z > 0, as Vicon and BTS do) are negated,
// as ezc3d does. Moments are moved to the surface centre (M + F × ORIGIN, which brings in the
// Fx·dz and Fy·dz terms of the depth) and COP = (−My/Fz, Mx/Fz) there.
//
// Axes out: the lab axis closest to the plates' normal is vertical and becomes our z (up):
// a plate lies flat, so its corners say which way is up in every file, before any force is
// read and whatever the lab's convention (POINT:X_SCREEN/Y_SCREEN describe a view, not the
// lab, and are often absent). With a z-up lab our x, y are the lab's x, y, with a y-up lab
// (BTS, OpenSim, Motion Analysis) x stays and y = −lab z. Over ground the walking direction
// is unknown: our x is the lab's, not necessarily forward. On a treadmill (one long plate
// loaded stride after stride: Plate::belt; two, side by side: Plate::left and Plate::right)
// forward is found from the data: the
// belt carries each stance's COP backwards (at 1 m/s a 0.6 s stance moves the foot 0.6 m,
// more than the heel-to-toe roll), so forward is the plate's long axis pointing against the
// mean COP travel during stance; our y = z × x is then the runner's left (the belt further
// left is the left foot's), and COP is given from the treadmill's centre (a single belt's
// midline is y = 0), not in the lab.
// Sign: R·F (plate channels turned into the lab frame) points up under a loaded plate in
// every file we have seen (Vicon, BTS, the c3d.org sample), i.e. those channels give the force
// on the foot; a plate whose largest vertical value points down is taken to report the force
// on the plate and is negated, so fz is always the ground reaction force on the foot, positive
// when loaded.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "files/c3d_file.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

struct C3dForcePlatform {
  int number = 1;  // 1-based, as in FORCE_PLATFORM
  int type = 2;
  std::vector<std::size_t> channels;    // 0-based analog channel indices, 6 or 8
  std::array<double, 36> cal_matrix{};  // row-major; identity except for type 4
  std::array<double, 3> origin_m{};     // types 2/4: true origin to surface centre; 3: a, b, az0
  std::array<double, 3> centre_m{};     // lab frame
  std::array<double, 9> rotation{};     // plate → lab, row-major (columns: plate axes in the lab)
  double moment_to_nm = 1e-3;           // moment channels (type 1: Tz) to N·m
  double length_to_m = 1e-3;            // type 1 Px, Py channels to m
  std::array<double, 8> baseline{};     // per channel, from FORCE_PLATFORM:ZERO (else 0)
  double sign = 1.0;                    // −1: the plate reports the force on the plate
  Plate kind = Plate::floor1;           // floor<number>; belt, left or right on a treadmill
  double length_m = 0.0, width_m = 0.0;  // the longer and the shorter side (CORNERS)
  std::size_t long_axis = 0;             // the plate axis along the longer side: 0 x, 1 y
  std::size_t loadings = 0;              // runs above the belt test's force (see below)
};

// One analog sample of one plate in our axes.
struct C3dPlateSample {
  double fx_n = 0.0, fy_n = 0.0, fz_n = 0.0;
  double copx_m = 0.0, copy_m = 0.0;  // 0 while |fz| ≤ min_cop_fz_n; treadmill: from its centre
  double tz_nm = 0.0;                 // free moment about the vertical through the COP
};

class C3dForcePlatforms {
 public:
  static constexpr double min_cop_fz_n = 10.0;  // below this the COP is noise

  // The treadmill test: a file's only plate is a single-belt treadmill's, and its two plates a
  // split-belt treadmill's, when each plate's longer side is at least min_belt_length_m (floor
  // plates are at most 1.2 m; a belt carries a whole stride, 1.5-2 m), two plates lie side
  // by side with parallel long sides, and each plate was loaded at least min_belt_loadings times,
  // each load above loading_force_n for at least loading_min_s (a floor plate takes one or two
  // steps per pass).
  static constexpr double min_belt_length_m = 1.4;
  static constexpr std::size_t min_belt_loadings = 8;
  // Two belts' centres lie at least this far apart across, and less than half a belt along.
  static constexpr double min_belt_gap_m = 0.1;
  static constexpr double loading_force_n = 50.0;
  static constexpr double loading_min_s = 0.1;

  // Reads and checks FORCE_PLATFORM (USED up to 8, TYPE, CHANNEL, CORNERS, ORIGIN, CAL_MATRIX,
  // ZERO) and decides each plate's sign from the data. Errors as parse_c3d's, naming the
  // parameter. ZERO (first, last 1-based frames) gives a baseline subtracted from the
  // plate's channels when 1 ≤ first ≤ last ≤ the file's last frame; (0, 0) or (1, 0): none.
  static ParseResult<C3dForcePlatforms> read(const C3dFile& file, std::string_view display_name);

  const std::vector<C3dForcePlatform>& platforms() const { return platforms_; }

  // One plate from one analog sample (all channels, as scaled in the file).
  C3dPlateSample sample(const C3dForcePlatform& plate, std::span<const float> analog) const;

  // Lab axes → ours, row-major; which lab axis is vertical (0 x, 1 y, 2 z).
  const std::array<double, 9>& lab_to_ours() const { return lab_to_ours_; }
  int lab_vertical_axis() const { return lab_vertical_; }
  // True when the plates are a treadmill's (kinds belt, or left and right).
  bool treadmill() const { return treadmill_; }
  // How the lab frame was mapped into ours, for the user: "lab Y up (plate normal), forward
  // +X (the belt carries the COP backwards)".
  const std::string& frame_note() const { return frame_note_; }

 private:
  static std::optional<C3dForcePlatforms> read_into(const C3dFile& file,
                                                    std::string_view display_name,
                                                    std::string* error);
  struct Loadings {
    std::size_t count = 0;  // runs above loading_force_n for loading_min_s
    double travel_m = 0.0;  // their COP travel along the plate's long axis, summed
  };
  Loadings loadings(const C3dFile& file, const C3dForcePlatform& plate) const;
  void recognise_treadmill(const C3dFile& file);

  std::vector<C3dForcePlatform> platforms_;
  std::array<double, 9> lab_to_ours_{1, 0, 0, 0, 1, 0, 0, 0, 1};
  int lab_vertical_ = 2;
  bool treadmill_ = false;
  std::array<double, 3> lab_origin_m_{};  // subtracted from COPs: a treadmill's centre, else 0
  std::string frame_note_;
};

}  // namespace stridecue
