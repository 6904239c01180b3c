#include "files/marker_text_reader.hpp"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <limits>

#include "files/marker_text_util.hpp"
#include "files/number_field.hpp"

namespace stridecue {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool time_name(std::string_view s) {
  std::string lower;
  for (const char c : s)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "time" || lower == "time_s" || lower == "time (s)";
}
}  // namespace

static std::optional<MarkerTrajectories> read_marker_text_into(std::istream& in,
                                                               std::string_view display_name,
                                                               std::string_view units,
                                                               std::string* error) {
  const marker_text::Errors errors(display_name, error);
  const auto scale = metres_per_unit(units);
  if (!scale) {
    return errors.file(fmt::format("length unit {} is not mm, cm or m", quote_field(units)));
  }
  MarkerTrajectories m;
  m.source = std::string(display_name);
  std::string line;
  if (!std::getline(in, line)) return errors.file("empty file: no header row");
  const char delimiter = line.find('\t') != std::string::npos ? '\t' : ',';
  std::vector<std::string> header;  // copied: `line` is reused for the rows
  for (const auto cell : marker_text::cells(line, delimiter))
    header.emplace_back(cell);
  if (!time_name(header[0])) {
    return errors.at(1, fmt::format("column 1 is {}, expected Time (s)", quote_field(header[0])));
  }
  std::size_t columns = header.size();
  while (columns > 1 && header[columns - 1].empty())
    --columns;  // trailing delimiters
  if ((columns - 1) % 3 != 0 || columns == 1) {
    return errors.at(1, fmt::format("{} coordinate columns after Time: markers come as "
                                    "<name>X <name>Y <name>Z triplets",
                                    columns - 1));
  }
  for (std::size_t c = 1; c < columns; c += 3) {
    const std::string_view x = header[c];  // NOLINT: a view of header, which outlives it
    const std::string_view name = x.substr(0, x.empty() ? 0 : x.size() - 1);
    for (int axis = 0; axis < 3; ++axis) {
      const std::string_view h = header[c + static_cast<std::size_t>(axis)];
      const char want = "XYZ"[axis];
      if (h.size() < 2 || std::toupper(static_cast<unsigned char>(h.back())) != want ||
          h.substr(0, h.size() - 1) != name) {
        return errors.at(1, fmt::format("column {} is {}, expected {}{} (markers come as "
                                        "<name>X <name>Y <name>Z)",
                                        c + static_cast<std::size_t>(axis) + 1, quote_field(h),
                                        name.empty() ? "<name>" : name, want));
      }
    }
    if (m.find(name)) {
      return errors.at(1, fmt::format("marker {} appears twice", quote_field(name)));
    }
    m.names.emplace_back(name);
  }

  long number = 1;
  while (std::getline(in, line)) {
    ++number;
    const auto cells = marker_text::cells(line, delimiter);
    if (marker_text::blank(cells)) continue;
    for (std::size_t k = columns; k < cells.size(); ++k) {
      if (!cells[k].empty()) {
        return errors.at(number,
                         fmt::format("{} cells, the header has {} columns", cells.size(), columns));
      }
    }
    double t = 0.0;
    if (const auto e = parse_number(cells[0], t); e != NumberError::none) {
      return errors.at(number, fmt::format("Time (column 1): {}", number_error_text(e, cells[0])));
    }
    if (!m.times_s.empty() && !(t > m.times_s.back())) {
      return errors.at(number, fmt::format("time {} s does not follow the previous row's {} s", t,
                                           m.times_s.back()));
    }
    m.times_s.push_back(t);
    const std::size_t first = m.xyz_m.size();
    for (std::size_t c = 1; c < columns; ++c) {
      double v = kNaN;
      if (c < cells.size() && !marker_text::gap(cells[c])) {
        if (const auto e = parse_number(cells[c], v); e != NumberError::none) {
          return errors.at(number, fmt::format("column {} ({}): {}", c + 1, quote_field(header[c]),
                                               number_error_text(e, cells[c])));
        }
        v *= *scale;
      }
      m.xyz_m.push_back(v);
    }
    for (std::size_t k = first; k < m.xyz_m.size(); k += 3) {
      double* p = m.xyz_m.data() + k;
      if (std::isnan(p[0]) || std::isnan(p[1]) || std::isnan(p[2])) p[0] = p[1] = p[2] = kNaN;
    }
  }
  if (in.bad()) return errors.file("read error");
  if (!marker_text::finish_times(m, errors, false)) return std::nullopt;
  return m;
}

ParseResult<MarkerTrajectories> read_marker_text(std::istream& in, std::string_view display_name,
                                                 std::string_view units) {
  return parse_result_of(
      [&](std::string* error) { return read_marker_text_into(in, display_name, units, error); });
}

}  // namespace stridecue
