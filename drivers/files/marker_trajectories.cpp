#include "files/marker_trajectories.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "files/c3d_bytes.hpp"
#include "files/c3d_points.hpp"
#include "files/marker_text_reader.hpp"
#include "files/trc_reader.hpp"

namespace stridecue {

std::optional<std::size_t> MarkerTrajectories::find(std::string_view name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<std::size_t>(it - names.begin());
}

std::optional<double> metres_per_unit(std::string_view unit) {
  std::string u;
  for (const char c : unit)
    if (c != ' ') u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u == "mm" || u == "millimeters" || u == "millimetres") return 1e-3;
  if (u == "cm" || u == "centimeters" || u == "centimetres") return 1e-2;
  if (u == "m" || u == "meters" || u == "metres") return 1.0;
  return std::nullopt;
}

double regularise_frame_times(std::vector<double>& times, std::string* note) {
  const std::size_t n = times.size();
  const double t0 = times.front();
  const double span = times.back() - t0;
  const double mean_rate = static_cast<double>(n - 1) / span;
  const auto on_grid = [&](double rate, double step) {
    for (std::size_t i = 0; i < n; ++i) {
      if (std::fabs(times[i] - (t0 + static_cast<double>(i) * step)) > 0.25 / rate) return false;
    }
    return true;
  };
  const auto regrid = [&](double rate) {
    for (std::size_t i = 0; i < n; ++i)
      times[i] = t0 + static_cast<double>(i) / rate;
    return rate;
  };
  const double rate = std::round(mean_rate);
  if (rate >= 1.0 && std::fabs(mean_rate - rate) <= 1e-3 * rate && on_grid(rate, 1.0 / rate)) {
    return regrid(rate);
  }
  // A column written as linspace(t0, t0 + n / rate, n) runs one frame too far: n frames at a
  // whole-number rate span (n − 1) / rate, not n / rate.
  const double stretched = std::round(static_cast<double>(n) / span);
  if (stretched >= 1.0 &&
      std::fabs(static_cast<double>(n) / span - stretched) <= 1e-6 * stretched &&
      on_grid(stretched, span / static_cast<double>(n - 1))) {
    if (note) {
      *note = fmt::format(
          "the Time column spans {} s for {} frames, one frame more than {} Hz "
          "gives: read as {} Hz from {} s",
          span, n, stretched, stretched, t0);
    }
    return regrid(stretched);
  }
  return mean_rate;
}

ParseResult<MarkerTrajectories> read_marker_file(const std::string& path,
                                                 std::string_view text_units) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".trc" && ext != ".c3d" && ext != ".txt" && ext != ".tsv" && ext != ".csv") {
    return ParseError{
        fmt::format("{}: not a marker file this program reads (.trc, .c3d, or delimited "
                    "text .txt/.tsv/.csv with Time then <name>X <name>Y <name>Z)",
                    path)};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return ParseError{fmt::format("{}: cannot open", path)};
  if (ext == ".trc") return read_trc(in, path);
  if (ext == ".c3d") {
    const auto bytes = read_c3d_bytes(path);
    if (!bytes) return ParseError{bytes.error()};
    return read_c3d_points(*bytes, path);
  }
  return read_marker_text(in, path, text_units);
}

}  // namespace stridecue
