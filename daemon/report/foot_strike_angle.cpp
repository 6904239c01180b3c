#include "report/foot_strike_angle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

#include "files/profile_errors.hpp"
#include "files/profile_file.hpp"

namespace stridecue {
namespace {

// A standing body spans more than this along the vertical: the axis of largest spread.
constexpr double kMinBodySpreadM = 0.4;
// Heel → forefoot must point somewhere along the floor when standing.
constexpr double kMinFootForwardM = 0.03;
// A standing foot flatter than this tells the axes are right.
constexpr double kMaxStandingDeg = 45.0;

std::size_t side_index(Side side) {
  return side == Side::left ? 0 : 1;
}

std::string join_names(const std::vector<std::string>& names, std::size_t limit) {
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i)
    out += (i ? ", " : "") + names[i];
  if (names.size() > limit) out += fmt::format(", … ({} in all)", names.size());
  return out;
}

// The markers of `set` in `m`, or the first missing name.
std::optional<std::string> first_missing(const FootMarkerSet& set, const MarkerTrajectories& m) {
  for (const Side side : {Side::left, Side::right}) {
    if (!m.find(set.marker(set.heel, side))) return set.marker(set.heel, side);
    for (const auto& f : set.forefoot)
      if (!m.find(set.marker(f, side))) return set.marker(f, side);
  }
  return std::nullopt;
}

std::array<double, 3> mean_of(const MarkerTrajectories& m, std::size_t frame,
                              const std::vector<std::size_t>& markers) {
  std::array<double, 3> sum{0.0, 0.0, 0.0};
  for (const auto k : markers) {
    const auto p = m.at(frame, k);
    for (int a = 0; a < 3; ++a)
      sum[static_cast<std::size_t>(a)] += p[static_cast<std::size_t>(a)];
  }
  for (auto& v : sum)
    v /= static_cast<double>(markers.size());
  return sum;
}

}  // namespace

std::optional<SignedAxis> FootStrikeAngles::detect_forward(const MarkerTrajectories& m,
                                                           const Foot feet[2],
                                                           SignedAxis vertical) {
  std::array<double, 3> along{0, 0, 0};
  std::size_t n = 0;
  for (const std::size_t s : {0U, 1U}) {
    for (std::size_t fr = 0; fr < m.frames(); ++fr) {
      bool ok = m.present(fr, feet[s].heel);
      for (const auto k : feet[s].forefoot)
        ok = ok && m.present(fr, k);
      if (!ok) continue;
      const auto heel = m.at(fr, feet[s].heel);
      const auto fore = mean_of(m, fr, feet[s].forefoot);
      for (std::size_t a = 0; a < 3; ++a)
        along[a] += fore[a] - heel[a];
      ++n;
    }
  }
  if (n == 0) return std::nullopt;
  along[static_cast<std::size_t>(vertical.axis)] = 0.0;
  std::size_t fwd = vertical.axis == 0 ? 1 : 0;
  for (std::size_t a = 0; a < 3; ++a)
    if (static_cast<int>(a) != vertical.axis && std::fabs(along[a]) > std::fabs(along[fwd]))
      fwd = a;
  if (std::fabs(along[fwd]) / static_cast<double>(n) < kMinFootForwardM) return std::nullopt;
  return SignedAxis{static_cast<int>(fwd), along[fwd] > 0 ? 1 : -1};
}

std::optional<SignedAxis> parse_signed_axis(std::string_view text) {
  int sign = 1;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    sign = text.front() == '-' ? -1 : 1;
    text.remove_prefix(1);
  }
  if (text.size() != 1) return std::nullopt;
  const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  if (c < 'X' || c > 'Z') return std::nullopt;
  return SignedAxis{c - 'X', sign};
}

std::string to_string(SignedAxis axis) {
  return fmt::format("{}{}", axis.sign < 0 ? '-' : '+', static_cast<char>('X' + axis.axis));
}

std::string FootMarkerSet::marker(std::string_view pattern, Side side) const {
  std::string out(pattern);
  const std::string& tag = side == Side::left ? left : right;
  for (std::size_t at = out.find("{side}"); at != std::string::npos;
       at = out.find("{side}", at + tag.size()))
    out.replace(at, 6, tag);
  return out;
}

const std::vector<FootMarkerSet>& known_foot_marker_sets() {
  static const std::vector<FootMarkerSet> sets = {
      {"RBDS (heel bottom → mid MT1/MT5)", "{side}.Heel.Bottom", {"{side}.MT1", "{side}.MT5"}},
      {"Rajagopal (CAL → TOE)", "{side}CAL", {"{side}TOE"}},
      {"Plug-in Gait (HEE → TOE)", "{side}HEE", {"{side}TOE"}},
  };
  return sets;
}

std::string check_foot_marker_set(const FootMarkerSet& set) {
  if (set.heel.empty()) return "no heel marker given";
  if (set.forefoot.empty()) return "no forefoot marker given";
  if (set.left == set.right) {
    return fmt::format("left and right tags are both \"{}\"", set.left);
  }
  const auto check = [](const std::string& name) -> std::string {
    if (name.find("{side}") == std::string::npos) {
      return fmt::format(
          "marker \"{}\" has no {{side}} placeholder: one name cannot be both "
          "feet (write e.g. \"{{side}}HEE\")",
          name);
    }
    return {};
  };
  if (auto e = check(set.heel); !e.empty()) return e;
  for (const auto& f : set.forefoot)
    if (auto e = check(f); !e.empty()) return e;
  return {};
}

static std::optional<FootMarkerProfile> parse_foot_marker_profile_into(
    std::string_view toml_text, std::string_view display_name, std::string* error) {
  const ProfileErrors errors(display_name, error);
  auto doc = parse_profile_document(toml_text, errors);
  if (!doc) return std::nullopt;
  FootMarkerProfile p;
  p.markers.name = std::string(display_name);
  bool heel = false, forefoot = false;
  for (const auto& [key, node] : *doc) {
    const auto where = node.source();
    if (key == "name") {
      const auto v = string_value(node);
      if (!v) return errors.at(where, "name must be a string");
      p.markers.name = *v;
    } else if (key == "heel") {
      const auto v = string_value(node);
      if (!v || v->empty()) return errors.at(where, "heel must be a marker name (a string)");
      p.markers.heel = *v;
      heel = true;
    } else if (key == "forefoot") {
      const auto* array = node.as_array();
      if (!array || array->empty()) {
        return errors.at(where,
                         "forefoot must be a list of marker names, e.g. "
                         "[\"{side}MT1\", \"{side}MT5\"]");
      }
      for (const auto& item : *array) {
        const auto v = string_value(item);
        if (!v || v->empty()) return errors.at(item.source(), "forefoot names must be strings");
        p.markers.forefoot.push_back(*v);
      }
      forefoot = true;
    } else if (key == "side") {
      const auto* table = node.as_table();
      if (!table) return errors.at(where, "side must be a table: { left = \"L\", right = \"R\" }");
      for (const auto& [k, v] : *table) {
        const auto text = string_value(v);
        if (!text || (k != "left" && k != "right")) {
          return errors.at(v.source(), fmt::format("side.{}: expected left = \"…\" or right = "
                                                   "\"…\" (strings)",
                                                   k.str()));
        }
        (k == "left" ? p.markers.left : p.markers.right) = *text;
      }
    } else if (key == "vertical" || key == "forward") {
      const auto text = string_value(node);
      const auto axis = text ? parse_signed_axis(*text) : std::nullopt;
      if (!axis) {
        return errors.at(where,
                         fmt::format("{} must be an axis: \"+X\", \"-Y\", \"+Z\", …", key.str()));
      }
      (key == "vertical" ? p.vertical : p.forward) = axis;
    } else {
      return errors.at(where, fmt::format("unknown key \"{}\" (name, heel, forefoot, side, "
                                          "vertical, forward)",
                                          key.str()));
    }
  }
  if (!heel || !forefoot) {
    return errors.at(toml::source_region{{1, 1}, {1, 1}, {}},
                     fmt::format("a marker profile needs heel and forefoot (missing: {})",
                                 !heel ? "heel" : "forefoot"));
  }
  if (const auto e = check_foot_marker_set(p.markers); !e.empty()) {
    return errors.at(toml::source_region{{1, 1}, {1, 1}, {}}, e);
  }
  if (p.vertical && p.forward && p.vertical->axis == p.forward->axis) {
    return errors.at(doc->get("forward")->source(), "forward and vertical are the same axis");
  }
  return p;
}

ParseResult<FootMarkerProfile> load_foot_marker_profile(const std::filesystem::path& path) {
  return load_profile_file(path, parse_foot_marker_profile);
}

StrikePattern altman_davis_class(double fsa_deg, const FootStrikeOptions& options) {
  if (fsa_deg > options.rearfoot_above_deg) return StrikePattern::rearfoot;
  if (fsa_deg < options.forefoot_below_deg) return StrikePattern::forefoot;
  return StrikePattern::midfoot;
}

double FootStrikeAngles::angle_deg(const std::array<double, 3>& heel,
                                   const std::array<double, 3>& fore, SignedAxis forward) const {
  const auto along = [&](SignedAxis a) {
    const auto i = static_cast<std::size_t>(a.axis);
    return a.sign * (fore[i] - heel[i]);
  };
  return std::atan2(along(vertical_), along(forward)) * 180.0 / std::numbers::pi;
}

ParseResult<FootStrikeAngles> FootStrikeAngles::create(MarkerTrajectories run,
                                                       MarkerTrajectories standing,
                                                       const FootStrikeOptions& options) {
  return parse_result_of([&](std::string* error) {
    return create_into(std::move(run), std::move(standing), options, error);
  });
}

std::optional<FootStrikeAngles> FootStrikeAngles::create_into(MarkerTrajectories run,
                                                              MarkerTrajectories standing,
                                                              const FootStrikeOptions& options,
                                                              std::string* error) {
  const auto fail = [&](const std::string& message) -> std::optional<FootStrikeAngles> {
    if (error) *error = message;
    return std::nullopt;
  };
  FootStrikeAngles f;
  f.options_ = options;
  if (options.markers) {
    if (const auto e = check_foot_marker_set(*options.markers); !e.empty()) {
      return fail(fmt::format("foot markers: {}", e));
    }
    f.set_ = *options.markers;
    for (const auto* m : {&run, &standing}) {
      if (const auto missing = first_missing(f.set_, *m)) {
        return fail(
            fmt::format("{}: no marker \"{}\" (foot markers {}: heel {}, forefoot {}); "
                        "its markers: {}",
                        m->source, *missing, f.set_.name, f.set_.heel,
                        join_names(f.set_.forefoot, 8), join_names(m->names, 40)));
      }
    }
  } else {
    bool found = false;
    for (const auto& set : known_foot_marker_sets()) {
      if (!first_missing(set, run) && !first_missing(set, standing)) {
        f.set_ = set;
        found = true;
        break;
      }
    }
    if (!found) {
      std::string tried;
      for (const auto& set : known_foot_marker_sets())
        tried += fmt::format("{}{} ({} + {})", tried.empty() ? "" : ", ", set.name, set.heel,
                             join_names(set.forefoot, 4));
      return fail(fmt::format(
          "{} and {}: no known foot marker set in both trials (tried {}); name the markers with "
          "--heel-marker and --forefoot-markers (\"{{side}}\" stands for L/R) or a marker "
          "profile. The run's markers: {}",
          run.source, standing.source, tried, join_names(run.names, 40)));
    }
  }

  Foot standing_feet[2];
  for (const Side side : {Side::left, Side::right}) {
    const auto s = side_index(side);
    f.run_feet_[s].heel = *run.find(f.set_.marker(f.set_.heel, side));
    standing_feet[s].heel = *standing.find(f.set_.marker(f.set_.heel, side));
    for (const auto& name : f.set_.forefoot) {
      f.run_feet_[s].forefoot.push_back(*run.find(f.set_.marker(name, side)));
      standing_feet[s].forefoot.push_back(*standing.find(f.set_.marker(name, side)));
    }
  }
  // Standing frames with every foot marker present, per side.
  std::vector<std::size_t> complete[2];
  for (const std::size_t s : {0U, 1U}) {
    for (std::size_t fr = 0; fr < standing.frames(); ++fr) {
      bool ok = standing.present(fr, standing_feet[s].heel);
      for (const auto k : standing_feet[s].forefoot)
        ok = ok && standing.present(fr, k);
      if (ok) complete[s].push_back(fr);
    }
    if (complete[s].empty()) {
      return fail(
          fmt::format("{}: the {} foot's markers are never all present: no standing "
                      "angle",
                      standing.source, s == 0 ? "left" : "right"));
    }
  }

  // The axes: given, or detected from the standing trial.
  f.axes_detected_ = !options.vertical || !options.forward;
  if (options.vertical) {
    f.vertical_ = *options.vertical;
  } else {
    // The body's markers spread most along the vertical; they lie above the feet.
    std::array<double, 3> lo{1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300}, all{0, 0, 0};
    std::size_t counted = 0;
    for (std::size_t k = 0; k < standing.markers(); ++k) {
      std::array<double, 3> sum{0, 0, 0};
      std::size_t n = 0;
      for (std::size_t fr = 0; fr < standing.frames(); ++fr) {
        if (!standing.present(fr, k)) continue;
        const auto p = standing.at(fr, k);
        for (std::size_t a = 0; a < 3; ++a)
          sum[a] += p[a];
        ++n;
      }
      if (n == 0) continue;
      for (std::size_t a = 0; a < 3; ++a) {
        const double mean = sum[a] / static_cast<double>(n);
        lo[a] = std::min(lo[a], mean);
        hi[a] = std::max(hi[a], mean);
        all[a] += mean;
      }
      ++counted;
    }
    std::size_t up = 0;
    for (std::size_t a = 1; a < 3; ++a)
      if (hi[a] - lo[a] > hi[up] - lo[up]) up = a;
    if (counted == 0 || hi[up] - lo[up] < kMinBodySpreadM) {
      return fail(
          fmt::format("{}: cannot tell which axis is up (the standing markers span less "
                      "than {} m on every axis); give the vertical axis (--vertical-axis "
                      "+Y, or vertical in the marker profile)",
                      standing.source, kMinBodySpreadM));
    }
    double feet = 0.0;
    for (const std::size_t s : {0U, 1U})
      feet += mean_of(standing, complete[s].front(), standing_feet[s].forefoot)[up] +
              standing.at(complete[s].front(), standing_feet[s].heel)[up];
    const double body = all[up] / static_cast<double>(counted);
    f.vertical_ = SignedAxis{static_cast<int>(up), body >= feet / 4.0 ? 1 : -1};
  }
  // Forward: where the feet point, on average, along the floor: in the run for the run (a
  // treadmill or a runway), in the standing trial for standing (the runner may have stood
  // facing another way: Rajagopal's static trial faces +Z, the run goes along +X).
  if (options.forward) {
    f.forward_ = *options.forward;
  } else if (const auto detected = detect_forward(run, f.run_feet_, f.vertical_)) {
    f.forward_ = *detected;
  } else {
    return fail(
        fmt::format("{}: cannot tell the forward axis: heel → forefoot points nowhere "
                    "along the floor on average; give --forward-axis",
                    run.source));
  }
  if (options.standing_forward) {
    f.standing_forward_ = *options.standing_forward;
  } else if (const auto detected = detect_forward(standing, standing_feet, f.vertical_)) {
    f.standing_forward_ = *detected;
  } else {
    f.standing_forward_ = f.forward_;
  }
  for (const auto forward : {f.forward_, f.standing_forward_}) {
    if (forward.axis == f.vertical_.axis) {
      return fail(fmt::format("the forward axis {} and the vertical axis {} are the same axis",
                              to_string(forward), to_string(f.vertical_)));
    }
  }

  for (const std::size_t s : {0U, 1U}) {
    double sum = 0.0;
    for (const auto fr : complete[s])
      sum += f.angle_deg(standing.at(fr, standing_feet[s].heel),
                         mean_of(standing, fr, standing_feet[s].forefoot), f.standing_forward_);
    f.standing_deg_[s] = sum / static_cast<double>(complete[s].size());
    f.standing_frames_[s] = complete[s].size();
    if (std::fabs(f.standing_deg_[s]) > kMaxStandingDeg) {
      return fail(
          fmt::format("{}: the standing {} foot is at {:.1f}° with vertical {} and "
                      "forward {}: the axes are wrong or this is not a standing trial",
                      standing.source, s == 0 ? "left" : "right", f.standing_deg_[s],
                      to_string(f.vertical_), to_string(f.standing_forward_)));
    }
  }
  f.run_ = std::move(run);
  return f;
}

ParseResult<FootStrikeAngles> FootStrikeAngles::load(const std::string& run_path,
                                                     const std::string& standing_path,
                                                     const FootStrikeOptions& options) {
  auto run = read_marker_file(run_path, options.text_units);
  if (!run) return ParseError{run.error()};
  auto standing = read_marker_file(standing_path, options.text_units);
  if (!standing) return ParseError{standing.error()};
  return create(std::move(*run), std::move(*standing), options);
}

FootStrikeAngle FootStrikeAngles::at(double contact_s, Side side) const {
  FootStrikeAngle out;
  const auto& t = run_.times_s;
  if (!(contact_s >= t.front() - 1e-9 && contact_s <= t.back() + 1e-9)) {
    out.missing = fmt::format("contact at {:.3f} s is outside the markers ({:.3f}–{:.3f} s)",
                              contact_s, t.front(), t.back());
    return out;
  }
  // The last frame at or before the contact (a contact within 1 ns of a frame is on it).
  const auto after = std::upper_bound(t.begin(), t.end(), contact_s + 1e-9);
  const std::size_t k = after == t.begin() ? 0 : static_cast<std::size_t>(after - t.begin()) - 1;
  double u = 0.0;
  if (options_.sampling == ContactSampling::interpolate && k + 1 < t.size()) {
    u = std::max(0.0, (contact_s - t[k]) / (t[k + 1] - t[k]));
    if (u < 1e-9) u = 0.0;
  }
  const Foot& foot = run_feet_[side_index(side)];
  const auto position = [&](std::size_t marker) -> std::optional<std::array<double, 3>> {
    const std::size_t last = u > 0.0 ? k + 1 : k;
    for (std::size_t fr = k; fr <= last; ++fr) {
      if (!run_.present(fr, marker)) {
        out.missing = fmt::format("marker {} is in a gap at {:.3f} s", run_.names[marker], t[fr]);
        return std::nullopt;
      }
    }
    auto p = run_.at(k, marker);
    if (u > 0.0) {
      const auto q = run_.at(k + 1, marker);
      for (std::size_t a = 0; a < 3; ++a)
        p[a] += u * (q[a] - p[a]);
    }
    return p;
  };
  const auto heel = position(foot.heel);
  if (!heel) return out;
  std::array<double, 3> fore{0, 0, 0};
  for (const auto m : foot.forefoot) {
    const auto p = position(m);
    if (!p) return out;
    for (std::size_t a = 0; a < 3; ++a)
      fore[a] += (*p)[a] / static_cast<double>(foot.forefoot.size());
  }
  out.contact_angle_deg = angle_deg(*heel, fore, forward_);
  out.fsa_deg = *out.contact_angle_deg - standing_deg(side);
  out.strike = altman_davis_class(*out.fsa_deg, options_);
  return out;
}

std::string FootStrikeAngles::describe() const {
  return fmt::format(
      "markers {}: heel {}, forefoot {}; vertical {}, forward {}{} ({}); standing "
      "angle left {:.2f}°, right {:.2f}°; contact positions {}",
      set_.name, set_.heel, join_names(set_.forefoot, 8), to_string(vertical_), to_string(forward_),
      standing_forward_ == forward_ ? std::string()
                                    : fmt::format(" (standing: {})", to_string(standing_forward_)),
      axes_detected_ ? "detected" : "given", standing_deg_[0], standing_deg_[1],
      options_.sampling == ContactSampling::interpolate ? "interpolated"
                                                        : "from the frame at or before contact");
}

void FootStrikeAgreement::add(const std::optional<StrikePattern>& force,
                              const FootStrikeAngle& markers, const FootStrikeOptions& options) {
  const int row = force ? static_cast<int>(*force) : 3;
  const int col = markers.strike ? static_cast<int>(*markers.strike) : 3;
  ++counts[row][col];
  if (markers.fsa_deg &&
      (std::fabs(*markers.fsa_deg - options.rearfoot_above_deg) <= boundary_margin_deg ||
       std::fabs(*markers.fsa_deg - options.forefoot_below_deg) <= boundary_margin_deg)) {
    ++near_boundary;
  }
}

int FootStrikeAgreement::compared() const {
  int n = 0;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      n += counts[r][c];
  return n;
}

int FootStrikeAgreement::agreed() const {
  return counts[0][0] + counts[1][1] + counts[2][2];
}

std::optional<double> FootStrikeAgreement::agreement_pct() const {
  const int n = compared();
  if (n == 0) return std::nullopt;
  return 100.0 * agreed() / n;
}

int FootStrikeAgreement::without_angle() const {
  int n = 0;
  for (int r = 0; r < 4; ++r)
    n += counts[r][3];
  return n;
}

ParseResult<FootMarkerProfile> parse_foot_marker_profile(std::string_view toml_text,
                                                         std::string_view display_name) {
  return parse_result_of([&](std::string* error) {
    return parse_foot_marker_profile_into(toml_text, display_name, error);
  });
}

ParseResult<std::vector<FootStrikeAngle>> foot_strike_angles(
    const std::string& run_markers, const std::string& standing_markers,
    std::span<const StrideContact> contacts, const FootStrikeOptions& options) {
  const auto angles = FootStrikeAngles::load(run_markers, standing_markers, options);
  if (!angles) return ParseError{angles.error()};
  std::vector<FootStrikeAngle> out;
  out.reserve(contacts.size());
  for (const auto& c : contacts)
    out.push_back(angles->at(c));
  return out;
}

}  // namespace stridecue
