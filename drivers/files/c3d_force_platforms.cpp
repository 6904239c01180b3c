#include "files/c3d_force_platforms.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace stridecue {
namespace {

using Vec3 = std::array<double, 3>;

Vec3 sub(const Vec3& a, const Vec3& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
double norm(const Vec3& a) {
  return std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
}
Vec3 rotate(const std::array<double, 9>& m, const Vec3& v) {
  return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
          m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Metres per unit of a length unit ("mm", "cm", "m"); nothing for anything else.
std::optional<double> length_unit_m(std::string_view unit) {
  const std::string u = lower(unit);
  if (u == "mm") return 1e-3;
  if (u == "cm") return 1e-2;
  if (u == "m") return 1.0;
  return std::nullopt;
}

// N·m per unit of a moment unit as files write it ("Nmm", "N.mm", "ntmm", "Nm"); nothing when
// the unit does not say.
std::optional<double> moment_unit_nm(std::string_view unit) {
  std::string u = lower(unit);
  std::erase_if(u, [](char c) { return c == '.' || c == '*' || c == ' ' || c == '-'; });
  if (u.starts_with("nt")) {
    u.erase(0, 2);
  } else if (u.starts_with("n")) {
    u.erase(0, 1);
  } else {
    return std::nullopt;
  }
  return length_unit_m(u);
}

std::size_t channel_count(int type) {
  return type == 3 ? 8 : 6;
}

}  // namespace

ParseResult<C3dForcePlatforms> C3dForcePlatforms::read(const C3dFile& file,
                                                       std::string_view display_name) {
  return parse_result_of([&](std::string* error) { return read_into(file, display_name, error); });
}

std::optional<C3dForcePlatforms> C3dForcePlatforms::read_into(const C3dFile& file,
                                                              std::string_view display_name,
                                                              std::string* error) {
  const auto fail = [&](const C3dParameter* p, std::string_view message) {
    if (error) {
      *error = p ? fmt::format("{}: byte {}: {}:{} {}", display_name, p->offset, p->group, p->name,
                               message)
                 : fmt::format("{}: {}", display_name, message);
    }
    return std::nullopt;
  };
  const auto numeric = [&](std::string_view name) -> const C3dParameter* {
    const C3dParameter* p = file.find("FORCE_PLATFORM", name);
    return p && p->type != C3dType::character ? p : nullptr;
  };

  const C3dParameter* used_p = numeric("USED");
  if (!used_p || used_p->numbers.empty()) {
    return fail(nullptr, "no force platforms: FORCE_PLATFORM:USED is missing");
  }
  const double used_value = used_p->numbers[0];
  if (!(used_value >= 0 && used_value <= kMaxFloorPlates) || used_value != std::floor(used_value)) {
    return fail(used_p,
                fmt::format("is {}: 0 to {} platforms are read", used_value, kMaxFloorPlates));
  }
  const auto used = static_cast<std::size_t>(used_value);
  C3dForcePlatforms result;
  if (used == 0) return result;

  const C3dParameter* type_p = numeric("TYPE");
  const C3dParameter* channel_p = numeric("CHANNEL");
  const C3dParameter* corners_p = numeric("CORNERS");
  const C3dParameter* origin_p = numeric("ORIGIN");
  const C3dParameter* cal_p = numeric("CAL_MATRIX");
  const C3dParameter* zero_p = numeric("ZERO");
  const char* missing = !type_p      ? "TYPE"
                        : !channel_p ? "CHANNEL"
                        : !corners_p ? "CORNERS"
                        : !origin_p  ? "ORIGIN"
                                     : nullptr;
  if (missing) {
    return fail(used_p, fmt::format("is {} but FORCE_PLATFORM:{} is missing or not numeric", used,
                                    missing));
  }
  if (type_p->numbers.size() < used) {
    return fail(type_p,
                fmt::format("has {} values for {} platforms", type_p->numbers.size(), used));
  }
  const std::size_t stride = channel_p->dims.empty() ? 1 : channel_p->dims[0];
  if (corners_p->numbers.size() < 12 * used) {
    return fail(corners_p, fmt::format("has {} values, {} platforms need {}",
                                       corners_p->numbers.size(), used, 12 * used));
  }
  if (origin_p->numbers.size() < 3 * used) {
    return fail(origin_p, fmt::format("has {} values, {} platforms need {}",
                                      origin_p->numbers.size(), used, 3 * used));
  }

  double length_m = 1e-3;
  if (!file.point_units.empty()) {
    const auto unit = length_unit_m(file.point_units);
    if (!unit) {
      const C3dParameter* units = file.find("POINT", "UNITS");
      return fail(units, fmt::format("\"{}\" is not a length unit (mm, cm, m)", file.point_units));
    }
    length_m = *unit;
  }

  // The baseline range, in frames of the file counted from 1.
  std::size_t zero_first = 0, zero_last = 0;
  if (zero_p && zero_p->numbers.size() >= 2 && zero_p->numbers[0] >= 1 &&
      zero_p->numbers[1] >= zero_p->numbers[0]) {
    if (zero_p->numbers[1] > static_cast<double>(file.frames)) {
      return fail(zero_p, fmt::format("range {} to {} runs past the file's {} frames",
                                      zero_p->numbers[0], zero_p->numbers[1], file.frames));
    }
    zero_first = static_cast<std::size_t>(zero_p->numbers[0]);
    zero_last = static_cast<std::size_t>(zero_p->numbers[1]);
  }

  Vec3 normal_sum{};
  for (std::size_t i = 0; i < used; ++i) {
    C3dForcePlatform plate;
    plate.number = static_cast<int>(i + 1);
    const double type = type_p->numbers[i];
    if (type != 1 && type != 2 && type != 3 && type != 4) {
      return fail(type_p, fmt::format("platform {} has type {}: types 1, 2, 3 and 4 are read",
                                      i + 1, type));
    }
    plate.type = static_cast<int>(type);
    const std::size_t needed = channel_count(plate.type);
    if (stride < needed || channel_p->numbers.size() < stride * (i + 1)) {
      return fail(channel_p,
                  fmt::format("has no {} channels for platform {} (type {}; "
                              "dimensions {})",
                              needed, i + 1, plate.type, fmt::join(channel_p->dims, "×")));
    }
    for (std::size_t c = 0; c < needed; ++c) {
      const double index = channel_p->numbers[i * stride + c];
      if (!(index >= 1 && index <= static_cast<double>(file.analog_channels))) {
        return fail(channel_p, fmt::format("platform {} channel {} is {}, but the file has {} "
                                           "analog channels (numbered from 1)",
                                           i + 1, c + 1, index, file.analog_channels));
      }
      const auto channel = static_cast<std::size_t>(index) - 1;
      for (std::size_t k = 0; k < plate.channels.size(); ++k) {
        if (plate.channels[k] == channel) {
          return fail(channel_p, fmt::format("platform {} channels {} and {} are both analog "
                                             "channel {}",
                                             i + 1, k + 1, c + 1, channel + 1));
        }
      }
      plate.channels.push_back(channel);
    }

    std::array<Vec3, 4> corner{};
    for (std::size_t k = 0; k < 4; ++k) {
      for (std::size_t a = 0; a < 3; ++a) {
        corner[k][a] = corners_p->numbers[i * 12 + k * 3 + a] * length_m;
        plate.centre_m[a] += corner[k][a] / 4.0;
      }
    }
    const Vec3 x = sub(corner[0], corner[1]);
    const Vec3 y0 = sub(corner[0], corner[3]);
    const Vec3 z = cross(x, y0);
    const Vec3 y = cross(z, x);
    const double nx = norm(x), ny = norm(y), nz = norm(z);
    if (!(nx > 0 && ny > 0 && nz > 0) || !std::isfinite(nx * ny * nz)) {
      return fail(corners_p, fmt::format("of platform {} do not span a plane", i + 1));
    }
    plate.kind = floor_plate(plate.number);
    plate.length_m = std::max(nx, norm(y0));
    plate.width_m = std::min(nx, norm(y0));
    plate.long_axis = nx >= norm(y0) ? 0 : 1;
    for (std::size_t a = 0; a < 3; ++a) {
      plate.rotation[a * 3 + 0] = x[a] / nx;
      plate.rotation[a * 3 + 1] = y[a] / ny;
      plate.rotation[a * 3 + 2] = z[a] / nz;
      normal_sum[a] += std::fabs(z[a] / nz);
    }

    for (std::size_t a = 0; a < 3; ++a)
      plate.origin_m[a] = origin_p->numbers[i * 3 + a] * length_m;
    if (plate.type == 3) {
      plate.origin_m[2] = -std::fabs(plate.origin_m[2]);  // the sensor plane lies below
    } else if (plate.type == 1) {
      plate.origin_m = {};
    } else if (plate.origin_m[2] > 0.0) {
      for (double& v : plate.origin_m)
        v = -v;
    }

    for (std::size_t r = 0; r < 6; ++r)
      plate.cal_matrix[r * 6 + r] = 1.0;
    if (plate.type == 4) {
      if (!cal_p || cal_p->dims.size() < 2 || cal_p->dims[0] != 6 || cal_p->dims[1] != 6 ||
          cal_p->numbers.size() < 36 * (i + 1)) {
        return fail(cal_p ? cal_p : type_p,
                    cal_p ? fmt::format("has no 6×6 matrix for platform {} (type 4)", i + 1)
                          : fmt::format("platform {} has type 4 but FORCE_PLATFORM:CAL_MATRIX is "
                                        "missing",
                                        i + 1));
      }
      for (std::size_t r = 0; r < 6; ++r) {
        for (std::size_t c = 0; c < 6; ++c)
          plate.cal_matrix[r * 6 + c] = cal_p->numbers[i * 36 + c * 6 + r];
      }
    }

    plate.length_to_m = length_m;
    plate.moment_to_nm = length_m;
    const std::size_t moment_channel = plate.type == 1 ? 5 : plate.type == 3 ? 0 : 3;
    if (plate.type != 3) {
      const std::string& unit = file.analog_units[plate.channels[moment_channel]];
      if (const auto scale = moment_unit_nm(unit)) plate.moment_to_nm = *scale;
    }
    if (plate.type == 1) {
      if (const auto scale = length_unit_m(file.analog_units[plate.channels[3]])) {
        plate.length_to_m = *scale;
      }
    }

    if (zero_last > 0) {
      const std::size_t spf = file.analog_samples_per_frame;
      const std::size_t from = (zero_first - 1) * spf, to = zero_last * spf;
      for (std::size_t c = 0; c < needed; ++c) {
        double sum = 0.0;
        for (std::size_t s = from; s < to; ++s)
          sum += file.analog_values[s * file.analog_channels + plate.channels[c]];
        plate.baseline[c] = to > from ? sum / static_cast<double>(to - from) : 0.0;
      }
    }
    result.platforms_.push_back(std::move(plate));
  }

  result.lab_vertical_ =
      static_cast<int>(std::max_element(normal_sum.begin(), normal_sum.end()) - normal_sum.begin());
  switch (result.lab_vertical_) {
    case 0: result.lab_to_ours_ = {0, 1, 0, 0, 0, 1, 1, 0, 0}; break;
    case 1: result.lab_to_ours_ = {1, 0, 0, 0, 0, -1, 0, 1, 0}; break;
    default: result.lab_to_ours_ = {1, 0, 0, 0, 1, 0, 0, 0, 1}; break;
  }

  // The sign: a plate cannot pull the foot down, so its largest vertical value is the load.
  const std::size_t samples = file.analog_samples();
  for (auto& plate : result.platforms_) {
    double highest = 0.0, lowest = 0.0;
    for (std::size_t s = 0; s < samples; ++s) {
      const auto v = result.sample(
          plate, std::span<const float>(file.analog_values.data() + s * file.analog_channels,
                                        file.analog_channels));
      highest = std::max(highest, v.fz_n);
      lowest = std::min(lowest, v.fz_n);
    }
    if (-lowest > highest) plate.sign = -1.0;
  }
  static constexpr const char* kAxisNames[] = {"X", "Y", "Z"};
  result.frame_note_ =
      fmt::format("lab {} up (plate normal), our x = lab {}", kAxisNames[result.lab_vertical_],
                  result.lab_vertical_ == 0 ? "Y" : "X");
  result.recognise_treadmill(file);
  return result;
}

C3dForcePlatforms::Loadings C3dForcePlatforms::loadings(const C3dFile& file,
                                                        const C3dForcePlatform& plate) const {
  // (A rate the parser let through is finite and positive; a file of fuzz is kept in range.)
  const double rate_hz = std::isfinite(file.analog_rate_hz) ? file.analog_rate_hz : 0.0;
  const auto min_run =
      static_cast<std::size_t>(std::clamp(std::round(loading_min_s * rate_hz), 1.0, 1e6));
  const auto at = [&](std::size_t s) {
    return sample(plate,
                  std::span<const float>(file.analog_values.data() + s * file.analog_channels,
                                         file.analog_channels));
  };
  // The long axis in our axes as they stand (the vertical is already ours; x, y may turn).
  const std::size_t column = plate.long_axis;
  const Vec3 long_ours = rotate(lab_to_ours_, {plate.rotation[column], plate.rotation[3 + column],
                                               plate.rotation[6 + column]});
  Loadings out;
  const std::size_t samples = file.analog_samples();
  for (std::size_t s = 0; s < samples;) {
    if (!(at(s).fz_n > loading_force_n)) {
      ++s;
      continue;
    }
    std::size_t end = s;
    while (end < samples && at(end).fz_n > loading_force_n)
      ++end;
    if (end - s >= min_run) {
      ++out.count;
      // COP from 10 % to 90 % of the stance: its ends are where the COP is least sure.
      const std::size_t n = end - s;
      const C3dPlateSample first = at(s + n / 10), last = at(s + n - 1 - n / 10);
      out.travel_m +=
          (last.copx_m - first.copx_m) * long_ours[0] + (last.copy_m - first.copy_m) * long_ours[1];
    }
    s = end;
  }
  return out;
}

void C3dForcePlatforms::recognise_treadmill(const C3dFile& file) {
  if (platforms_.empty() || platforms_.size() > 2) return;
  for (const auto& plate : platforms_) {
    if (plate.length_m < min_belt_length_m) return;
  }
  // Two belts run side by side: their long axes are parallel (within 10°).
  const auto long_lab = [](const C3dForcePlatform& plate) {
    const std::size_t c = plate.long_axis;
    return Vec3{plate.rotation[c], plate.rotation[3 + c], plate.rotation[6 + c]};
  };
  const Vec3 axis = long_lab(platforms_[0]);
  double travel_m = 0.0;
  std::size_t total = 0;
  for (auto& plate : platforms_) {
    const Vec3 own = long_lab(plate);
    const double along = own[0] * axis[0] + own[1] * axis[1] + own[2] * axis[2];
    if (std::fabs(along) < std::cos(10.0 * M_PI / 180.0)) return;
    const Loadings l = loadings(file, plate);
    plate.loadings = l.count;
    if (l.count < min_belt_loadings) return;
    travel_m += along > 0.0 ? l.travel_m : -l.travel_m;  // along the first plate's axis
    total += l.count;
  }

  // Forward is the long axis against the COP's travel; it is horizontal up to the corners'
  // rounding, and made exactly so.
  Vec3 up{};
  up[static_cast<std::size_t>(lab_vertical_)] = 1.0;
  const double sense = travel_m > 0.0 ? -1.0 : 1.0;
  Vec3 forward{};
  const double along_up = axis[0] * up[0] + axis[1] * up[1] + axis[2] * up[2];
  for (std::size_t a = 0; a < 3; ++a)
    forward[a] = sense * (axis[a] - along_up * up[a]);
  const double length = norm(forward);
  if (!(length > 0.0)) return;
  for (double& v : forward)
    v /= length;
  const Vec3 left = cross(up, forward);
  if (platforms_.size() == 2) {
    // Side by side, not one behind the other (two long walkway plates in a row).
    const Vec3 d = sub(platforms_[1].centre_m, platforms_[0].centre_m);
    const double across = std::fabs(d[0] * left[0] + d[1] * left[1] + d[2] * left[2]);
    const double along = std::fabs(d[0] * forward[0] + d[1] * forward[1] + d[2] * forward[2]);
    const double shorter = std::min(platforms_[0].length_m, platforms_[1].length_m);
    if (!(across >= min_belt_gap_m && along < shorter / 2.0)) return;
  }
  lab_to_ours_ = {forward[0], forward[1], forward[2], left[0], left[1],
                  left[2],    up[0],      up[1],      up[2]};
  treadmill_ = true;
  // COP from the treadmill's centre: the belt's, or the middle of the two belts.
  lab_origin_m_ = {};
  for (const auto& plate : platforms_) {
    for (std::size_t a = 0; a < 3; ++a)
      lab_origin_m_[a] += plate.centre_m[a] / static_cast<double>(platforms_.size());
  }
  std::string belts;
  if (platforms_.size() == 1) {
    platforms_[0].kind = Plate::belt;
    belts = fmt::format("single-belt treadmill ({:.2f} × {:.2f} m, {} loadings)",
                        platforms_[0].length_m, platforms_[0].width_m, total);
  } else {
    // The belt further to the runner's left is the left foot's.
    const auto side = [&](const C3dForcePlatform& plate) {
      const Vec3 c = sub(plate.centre_m, lab_origin_m_);
      return c[0] * left[0] + c[1] * left[1] + c[2] * left[2];
    };
    const bool first_left = side(platforms_[0]) > side(platforms_[1]);
    platforms_[0].kind = first_left ? Plate::left : Plate::right;
    platforms_[1].kind = first_left ? Plate::right : Plate::left;
    belts = fmt::format(
        "split-belt treadmill ({:.2f} × {:.2f} m belts, {} and {} loadings): left belt "
        "platform {}",
        platforms_[0].length_m, platforms_[0].width_m, platforms_[0].loadings,
        platforms_[1].loadings, first_left ? 1 : 2);
  }
  // The lab axis nearest forward, for the note.
  std::size_t nearest = 0;
  for (std::size_t a = 1; a < 3; ++a) {
    if (std::fabs(forward[a]) > std::fabs(forward[nearest])) nearest = a;
  }
  static constexpr const char* kAxisNames[] = {"X", "Y", "Z"};
  frame_note_ = fmt::format(
      "lab {} up (plate normal); {}: forward {}{} (the belt carries the COP {:.2f} m backwards "
      "per stance), left = up × forward",
      kAxisNames[lab_vertical_], belts, forward[nearest] < 0.0 ? "-" : "+", kAxisNames[nearest],
      std::fabs(travel_m) / static_cast<double>(total));
}

C3dPlateSample C3dForcePlatforms::sample(const C3dForcePlatform& plate,
                                         std::span<const float> analog) const {
  std::array<double, 8> raw{};
  for (std::size_t c = 0; c < plate.channels.size(); ++c)
    raw[c] = static_cast<double>(analog[plate.channels[c]]) - plate.baseline[c];

  Vec3 force{}, moment{};
  double cop_x = 0.0, cop_y = 0.0, free_moment = 0.0;
  bool cop_measured = false;
  switch (plate.type) {
    case 1:
      force = {raw[0], raw[1], raw[2]};
      cop_x = raw[3] * plate.length_to_m;
      cop_y = raw[4] * plate.length_to_m;
      free_moment = raw[5] * plate.moment_to_nm;
      cop_measured = true;
      break;
    case 3: {
      // Kistler: fx12 fx34 fy14 fy23 fz1 fz2 fz3 fz4; sensors at (±a, ±b), plane at az0.
      const double a = plate.origin_m[0], b = plate.origin_m[1];
      force = {raw[0] + raw[1], raw[2] + raw[3], raw[4] + raw[5] + raw[6] + raw[7]};
      moment = {b * (raw[4] + raw[5] - raw[6] - raw[7]), a * (-raw[4] + raw[5] + raw[6] - raw[7]),
                b * (-raw[0] + raw[1]) + a * (raw[2] - raw[3])};
      const Vec3 arm = cross(force, {0.0, 0.0, plate.origin_m[2]});
      for (std::size_t k = 0; k < 3; ++k)
        moment[k] += arm[k];
      break;
    }
    default: {
      std::array<double, 6> v{};
      for (std::size_t r = 0; r < 6; ++r) {
        for (std::size_t c = 0; c < 6; ++c)
          v[r] += plate.cal_matrix[r * 6 + c] * raw[c];
      }
      force = {v[0], v[1], v[2]};
      moment = {v[3] * plate.moment_to_nm, v[4] * plate.moment_to_nm, v[5] * plate.moment_to_nm};
      const Vec3 arm = cross(force, plate.origin_m);
      for (std::size_t k = 0; k < 3; ++k)
        moment[k] += arm[k];
      break;
    }
  }
  const bool loaded = std::fabs(force[2]) > min_cop_fz_n;
  if (!cop_measured && loaded) {
    cop_x = -moment[1] / force[2];
    cop_y = moment[0] / force[2];
    free_moment = moment[2] - (cop_x * force[1] - cop_y * force[0]);
  }

  std::array<double, 9> to_ours{};
  for (std::size_t r = 0; r < 3; ++r) {
    for (std::size_t c = 0; c < 3; ++c) {
      for (std::size_t k = 0; k < 3; ++k)
        to_ours[r * 3 + c] += lab_to_ours_[r * 3 + k] * plate.rotation[k * 3 + c];
    }
  }
  const Vec3 f = rotate(to_ours, force);
  C3dPlateSample out;
  out.fx_n = plate.sign * f[0] + 0.0;
  out.fy_n = plate.sign * f[1] + 0.0;
  out.fz_n = plate.sign * f[2] + 0.0;
  if (loaded) {
    // A treadmill's COP is the runner's, from the treadmill's centre (as the analog plate
    // driver gives it): on a single belt the engine tells the feet apart by their side of the
    // midline. A floor plate's is in the lab (lab_origin_m_ is 0), where the walkway lies.
    const Vec3 centre = rotate(lab_to_ours_, sub(plate.centre_m, lab_origin_m_));
    const Vec3 cop = rotate(to_ours, {cop_x, cop_y, 0.0});
    out.copx_m = centre[0] + cop[0];
    out.copy_m = centre[1] + cop[1];
    out.tz_nm = plate.sign * rotate(to_ours, {0.0, 0.0, free_moment})[2] + 0.0;
  }
  return out;
}

}  // namespace stridecue
