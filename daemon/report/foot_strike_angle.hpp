// The foot-strike angle from markers, the clinical reference for strike classification
// (Altman & Davis 2012, Gait Posture 35:298): the foot's sagittal angle at initial contact —
// the elevation of the heel → forefoot vector in the plane of the lab's vertical and forward
// axes — minus the same angle averaged over a standing trial. Above 8° a rearfoot strike,
// below −1.6° a forefoot strike, midfoot between.
//
// The forefoot point is the mean of the set's forefoot markers (RBDS: mid(MT1, MT5);
// Rajagopal: the toe marker). Marker positions are interpolated to the contact time (or, to
// reproduce a reference that did so, taken from the last frame at or before it). A contact
// whose markers are in a gap, or outside the recording, gets no angle and says why.
//
// Not real-time code: it reads files and allocates. The engine never calls it; `stridecue
// analyze --markers` and the real-data tests do.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sample_block.hpp"
#include "engine/strike_pattern.hpp"
#include "files/marker_trajectories.hpp"
#include "source/parse_result.hpp"

namespace stridecue {

// A lab axis with its direction: "+Y" is axis 1 pointing the way Y grows.
struct SignedAxis {
  int axis = 1;  // 0 X, 1 Y, 2 Z
  int sign = 1;  // +1 or −1
  bool operator==(const SignedAxis&) const = default;
};
// "+Y", "-x", "Z" (a missing sign is +); nothing for anything else.
std::optional<SignedAxis> parse_signed_axis(std::string_view text);
std::string to_string(SignedAxis axis);

// Which markers make the foot. In a name, "{side}" stands for the side's tag (left/right).
struct FootMarkerSet {
  std::string name;                   // "rbds", "rajagopal", a profile's name, "options"
  std::string heel;                   // e.g. "{side}.Heel.Bottom"
  std::vector<std::string> forefoot;  // one or more; their mean is the forefoot point
  std::string left = "L";
  std::string right = "R";
  // The marker name for one side: the pattern with "{side}" replaced.
  std::string marker(std::string_view pattern, Side side) const;
};

// The sets recognised by their names: RBDS (heel-bottom, MT1, MT5), Rajagopal (CAL, TOE) and
// Vicon Plug-in Gait (HEE, TOE), tried in this order.
const std::vector<FootMarkerSet>& known_foot_marker_sets();

// A marker profile (TOML) for other marker sets:
//   name = "my lab"                      # optional, for messages
//   heel = "{side}_HEEL"
//   forefoot = ["{side}_MT1", "{side}_MT5"]
//   side = { left = "L", right = "R" }   # optional; the default
//   vertical = "+Z"                      # optional; default: detected from the standing trial
//   forward = "+Y"                       # optional; likewise
struct FootMarkerProfile {
  FootMarkerSet markers;
  std::optional<SignedAxis> vertical;
  std::optional<SignedAxis> forward;
};
// On failure nothing, and *error = "<display_name>:<line>:<column>: <what was wrong>".
ParseResult<FootMarkerProfile> parse_foot_marker_profile(std::string_view toml_text,
                                                         std::string_view display_name);
ParseResult<FootMarkerProfile> load_foot_marker_profile(const std::filesystem::path& path);
// Checks a set given by options: both names carry "{side}", at least one forefoot marker.
// Returns an error message, empty when the set is usable.
std::string check_foot_marker_set(const FootMarkerSet& set);

enum class ContactSampling {
  interpolate,         // positions interpolated linearly to the contact time (default)
  frame_at_or_before,  // the last marker frame at or before the contact (sample and hold)
};

struct FootStrikeOptions {
  std::optional<FootMarkerSet> markers;        // none: the first known set both trials carry
  std::optional<SignedAxis> vertical;          // none: detected from the standing trial
  std::optional<SignedAxis> forward;           // none: where the feet point on average in the run
  std::optional<SignedAxis> standing_forward;  // none: detected in the standing trial
  ContactSampling sampling = ContactSampling::interpolate;
  double rearfoot_above_deg = 8.0;  // Altman & Davis 2012
  double forefoot_below_deg = -1.6;
  std::string text_units = "mm";  // lengths in delimited-text marker files
};

// Rearfoot above 8°, forefoot below −1.6°, midfoot between (or the options' thresholds).
StrikePattern altman_davis_class(double fsa_deg, const FootStrikeOptions& options = {});

struct StrideContact {
  double contact_s = 0.0;  // on the marker file's time axis
  Side side = Side::left;
};

struct FootStrikeAngle {
  std::optional<double> fsa_deg;            // contact angle − standing angle
  std::optional<double> contact_angle_deg;  // the foot's angle at contact
  std::optional<StrikePattern> strike;      // the class of fsa_deg
  std::string missing;                      // why there is no angle, when there is none
};

class FootStrikeAngles {
 public:
  // The running and standing trials; what is wrong when the markers are not there, the axes
  // cannot be told, or the standing trial has no complete frame.
  static ParseResult<FootStrikeAngles> create(MarkerTrajectories run, MarkerTrajectories standing,
                                              const FootStrikeOptions& options);
  // The same from marker files (read_marker_file: .trc, .c3d, .txt/.tsv/.csv).
  static ParseResult<FootStrikeAngles> load(const std::string& run_path,
                                            const std::string& standing_path,
                                            const FootStrikeOptions& options);

  FootStrikeAngle at(double contact_s, Side side) const;
  FootStrikeAngle at(const StrideContact& c) const { return at(c.contact_s, c.side); }

  double standing_deg(Side side) const { return standing_deg_[side == Side::left ? 0 : 1]; }
  const FootMarkerSet& markers() const { return set_; }
  SignedAxis vertical() const { return vertical_; }
  SignedAxis forward() const { return forward_; }
  SignedAxis standing_forward() const { return standing_forward_; }
  bool axes_detected() const { return axes_detected_; }
  double first_s() const { return run_.times_s.front(); }
  double last_s() const { return run_.times_s.back(); }
  const MarkerTrajectories& run() const { return run_; }
  const FootStrikeOptions& options() const { return options_; }
  // One line for reports: the marker set, the axes, the standing angles.
  std::string describe() const;

 private:
  static std::optional<FootStrikeAngles> create_into(MarkerTrajectories run,
                                                     MarkerTrajectories standing,
                                                     const FootStrikeOptions& options,
                                                     std::string* error);
  struct Foot {
    std::size_t heel = 0;
    std::vector<std::size_t> forefoot;
  };
  FootStrikeAngles() = default;
  double angle_deg(const std::array<double, 3>& heel, const std::array<double, 3>& fore,
                   SignedAxis forward) const;
  // The horizontal axis heel → forefoot points along on average, if clearly one.
  static std::optional<SignedAxis> detect_forward(const MarkerTrajectories& m, const Foot feet[2],
                                                  SignedAxis vertical);

  MarkerTrajectories run_;
  FootStrikeOptions options_;
  FootMarkerSet set_;
  Foot run_feet_[2];  // left, right
  SignedAxis vertical_;
  SignedAxis forward_{0, 1};
  SignedAxis standing_forward_{0, 1};
  bool axes_detected_ = false;
  double standing_deg_[2] = {0.0, 0.0};
  std::size_t standing_frames_[2] = {0, 0};
};

// One call for tests and scripts: the angle of every contact, from the running and standing
// marker files. Nothing and *error when the files or markers are not usable; a contact in a
// gap gets an angle-less entry with its reason.
ParseResult<std::vector<FootStrikeAngle>> foot_strike_angles(
    const std::string& run_markers, const std::string& standing_markers,
    std::span<const StrideContact> contacts, const FootStrikeOptions& options);

// Force-based class against the marker class, stride by stride, for the analyze summary.
struct FootStrikeAgreement {
  // [force class][marker class]: rearfoot, midfoot, forefoot, then "none" (unclassified /
  // no angle).
  int counts[4][4] = {};
  int near_boundary = 0;  // strides with an angle within ±2° of a class boundary
  static constexpr double boundary_margin_deg = 2.0;

  void add(const std::optional<StrikePattern>& force, const FootStrikeAngle& markers,
           const FootStrikeOptions& options);
  int compared() const;  // strides classified both ways
  int agreed() const;
  std::optional<double> agreement_pct() const;
  int without_angle() const;
};

}  // namespace stridecue
