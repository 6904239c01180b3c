#include "files/trc_reader.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "files/marker_text_util.hpp"
#include "files/number_field.hpp"

namespace stridecue {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// No real trial has more; a header claiming more is corrupt (and would size the frame).
constexpr std::size_t kMaxMarkers = 10000;
}  // namespace

static std::optional<MarkerTrajectories> read_trc_into(std::istream& in,
                                                       std::string_view display_name,
                                                       std::string* error) {
  const marker_text::Errors errors(display_name, error);
  MarkerTrajectories m;
  m.source = std::string(display_name);
  std::string line;
  long number = 0;
  const auto next = [&] {
    if (!std::getline(in, line)) return false;
    ++number;
    return true;
  };

  if (!next()) return errors.file("empty file: not a .trc marker file");
  auto row = marker_text::cells(line, '\t');
  if (row[0] != "PathFileType") {
    return errors.at(1, fmt::format("starts with {}, not PathFileType: not a .trc marker file",
                                    quote_field(row[0])));
  }
  if (row.size() > 2) m.axes = std::string(row[2]);
  if (!next()) return errors.at(2, "the file ends before the DataRate ... header row");
  const std::string key_line = line;  // `line` is reused for the next row
  const auto keys = marker_text::cells(key_line, '\t');
  if (!next()) return errors.at(3, "the file ends before the header's values");
  const auto values = marker_text::cells(line, '\t');
  std::optional<double> rate, marker_count, frame_count;
  std::string units;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string_view value = i < values.size() ? values[i] : std::string_view{};
    double number_value = 0.0;
    if (keys[i] == "DataRate" || keys[i] == "NumMarkers" || keys[i] == "NumFrames") {
      if (const auto e = parse_number(value, number_value); e != NumberError::none) {
        return errors.at(
            3, fmt::format("{} (column {}): {}", keys[i], i + 1, number_error_text(e, value)));
      }
      if (keys[i] == "DataRate") rate = number_value;
      if (keys[i] == "NumMarkers") marker_count = number_value;
      if (keys[i] == "NumFrames") frame_count = number_value;
    } else if (keys[i] == "Units") {
      units = std::string(value);
    }
  }
  if (!rate) return errors.at(2, "no DataRate column in the header");
  if (!(*rate > 0.0 && *rate < 1e6)) {
    return errors.at(3, fmt::format("DataRate {} Hz is not a usable frame rate", *rate));
  }
  m.rate_hz = *rate;
  if (units.empty()) return errors.at(2, "no Units column in the header (mm, cm or m)");
  const auto scale = metres_per_unit(units);
  if (!scale) {
    return errors.at(
        3, fmt::format("Units {} is not a length unit (mm, cm or m)", quote_field(units)));
  }

  if (!next()) return errors.at(4, "the file ends before the Frame# Time <markers> row");
  const auto names = marker_text::cells(line, '\t');
  if (names.size() < 2 || names[0] != "Frame#" || names[1] != "Time") {
    return errors.at(4, "expected Frame# and Time, then the marker names");
  }
  // One name per triplet: the name in the first column of its triplet, the other two blank.
  for (std::size_t c = 2; c < names.size(); c += 3) {
    if (names[c].empty()) {
      // trailing blanks after the last triplet are not a marker
      bool rest_blank = true;
      for (std::size_t k = c; k < names.size(); ++k)
        rest_blank = rest_blank && names[k].empty();
      if (rest_blank) break;
      return errors.at(4,
                       fmt::format("column {} (marker {}) has no name", c + 1, m.names.size() + 1));
    }
    for (std::size_t k = c + 1; k < c + 3 && k < names.size(); ++k) {
      if (!names[k].empty()) {
        return errors.at(4, fmt::format("marker {} in column {} starts inside the triplet of {} "
                                        "(names come every 3 columns)",
                                        quote_field(names[k]), k + 1, quote_field(names[c])));
      }
    }
    if (m.find(names[c])) {
      return errors.at(4, fmt::format("marker {} is named twice", quote_field(names[c])));
    }
    m.names.emplace_back(names[c]);
    if (m.names.size() > kMaxMarkers) return errors.at(4, "more than 10000 markers");
  }
  if (m.names.empty()) return errors.at(4, "no marker names");
  if (marker_count && *marker_count != static_cast<double>(m.names.size())) {
    return errors.at(3, fmt::format("NumMarkers is {} but row 4 names {} markers", *marker_count,
                                    m.names.size()));
  }
  if (!next()) return errors.at(5, "the file ends before the X1 Y1 Z1 ... row");
  const std::size_t columns = 2 + 3 * m.names.size();

  while (next()) {
    const auto cells = marker_text::cells(line, '\t');
    if (marker_text::blank(cells)) continue;
    if (cells.size() > columns) {
      // tolerate trailing empty cells
      for (std::size_t k = columns; k < cells.size(); ++k) {
        if (!cells[k].empty()) {
          return errors.at(number, fmt::format("{} cells, but Frame#, Time and {} markers make {}",
                                               cells.size(), m.names.size(), columns));
        }
      }
    }
    double t = 0.0;
    if (const auto e = parse_number(cells.size() > 1 ? cells[1] : std::string_view{}, t);
        e != NumberError::none) {
      return errors.at(number, fmt::format("Time (column 2): {}",
                                           number_error_text(e, cells.size() > 1 ? cells[1] : "")));
    }
    if (!m.times_s.empty() && !(t > m.times_s.back())) {
      return errors.at(number, fmt::format("time {} s does not follow the previous row's {} s", t,
                                           m.times_s.back()));
    }
    m.times_s.push_back(t);
    for (std::size_t c = 2; c < columns; ++c) {
      double v = kNaN;
      if (c < cells.size() && !marker_text::gap(cells[c])) {
        if (const auto e = parse_number(cells[c], v); e != NumberError::none) {
          return errors.at(number, fmt::format("column {} ({} {}): {}", c + 1, m.names[(c - 2) / 3],
                                               "XYZ"[(c - 2) % 3], number_error_text(e, cells[c])));
        }
        v *= *scale;
      }
      m.xyz_m.push_back(v);
    }
    // a marker with one coordinate missing is a gap in all three
    double* frame = m.xyz_m.data() + m.xyz_m.size() - 3 * m.names.size();
    for (std::size_t k = 0; k < m.names.size(); ++k) {
      double* p = frame + 3 * k;
      if (std::isnan(p[0]) || std::isnan(p[1]) || std::isnan(p[2])) p[0] = p[1] = p[2] = kNaN;
    }
  }
  if (in.bad()) return errors.file("read error");
  if (frame_count && *frame_count != static_cast<double>(m.frames())) {
    return errors.at(
        3, fmt::format("NumFrames is {} but the file has {} data rows", *frame_count, m.frames()));
  }
  if (!marker_text::finish_times(m, errors, true)) return std::nullopt;
  const double step_rate =
      static_cast<double>(m.frames() - 1) / (m.times_s.back() - m.times_s.front());
  if (std::fabs(step_rate - m.rate_hz) > 0.01 * m.rate_hz) {
    return errors.at(3, fmt::format("DataRate is {} Hz but the Time column steps at {:.4g} Hz",
                                    m.rate_hz, step_rate));
  }
  return m;
}

ParseResult<MarkerTrajectories> read_trc(std::istream& in, std::string_view display_name) {
  return parse_result_of(
      [&](std::string* error) { return read_trc_into(in, display_name, error); });
}

}  // namespace stridecue
