#include "files/c3d_points.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "files/number_field.hpp"

namespace stridecue {

static std::optional<MarkerTrajectories> c3d_points_into(const C3dFile& file,
                                                         std::string_view display_name,
                                                         std::string* error) {
  const auto fail = [&](const std::string& message) -> std::optional<MarkerTrajectories> {
    if (error) *error = fmt::format("{}: {}", display_name, message);
    return std::nullopt;
  };
  if (file.points == 0) return fail("no POINT data (POINT:USED is 0): no markers");
  if (file.frames < 2) {
    return fail(fmt::format("{} point frame(s): at least 2 are needed", file.frames));
  }
  const auto scale = metres_per_unit(file.point_units);
  if (!scale) {
    return fail(fmt::format("POINT:UNITS {} is not a length unit (mm, cm or m)",
                            quote_field(file.point_units)));
  }
  MarkerTrajectories m;
  m.source = std::string(display_name);
  m.rate_hz = file.point_rate_hz;
  for (int n = 1; m.names.size() < file.points; ++n) {
    const auto* labels =
        file.find("POINT", n == 1 ? std::string("LABELS") : fmt::format("LABELS{}", n));
    if (!labels) break;
    for (const auto& s : labels->strings) {
      if (m.names.size() == file.points) break;
      m.names.push_back(s);
    }
  }
  while (m.names.size() < file.points)
    m.names.push_back(fmt::format("POINT{}", m.names.size() + 1));
  for (std::size_t i = 0; i < m.names.size(); ++i) {
    if (m.names[i].empty()) m.names[i] = fmt::format("POINT{}", i + 1);
  }
  std::string x_screen, y_screen;
  if (const auto* p = file.find("POINT", "X_SCREEN"); p && !p->strings.empty())
    x_screen = p->strings[0];
  if (const auto* p = file.find("POINT", "Y_SCREEN"); p && !p->strings.empty())
    y_screen = p->strings[0];
  if (!x_screen.empty() || !y_screen.empty()) {
    m.axes = fmt::format("POINT:X_SCREEN {}, POINT:Y_SCREEN {}", x_screen.empty() ? "-" : x_screen,
                         y_screen.empty() ? "-" : y_screen);
  }
  m.times_s.resize(file.frames);
  const double start = file.start_time_s();
  for (std::size_t f = 0; f < file.frames; ++f)
    m.times_s[f] = start + static_cast<double>(f) / file.point_rate_hz;
  m.xyz_m.resize(file.frames * file.points * 3);
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const float* in = file.point_values.data();
  double* out = m.xyz_m.data();
  for (std::size_t k = 0; k < file.frames * file.points; ++k, in += 4, out += 3) {
    const bool valid =
        in[3] >= 0.0F && std::isfinite(in[0]) && std::isfinite(in[1]) && std::isfinite(in[2]);
    for (int axis = 0; axis < 3; ++axis)
      out[axis] = valid ? static_cast<double>(in[axis]) * *scale : kNaN;
  }
  return m;
}

ParseResult<MarkerTrajectories> read_c3d_points(std::span<const std::uint8_t> bytes,
                                                std::string_view display_name) {
  const auto file = parse_c3d(bytes, display_name);
  if (!file) return ParseError{file.error()};
  return c3d_points(*file, display_name);
}

ParseResult<MarkerTrajectories> c3d_points(const C3dFile& file, std::string_view display_name) {
  return parse_result_of(
      [&](std::string* error) { return c3d_points_into(file, display_name, error); });
}

}  // namespace stridecue
