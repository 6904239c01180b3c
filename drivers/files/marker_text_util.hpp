// Small helpers shared by the text marker readers (TRC, delimited text): cells of a line and
// the first error with its place.
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/marker_trajectories.hpp"

namespace stridecue::marker_text {

// The line's cells split at `delimiter`, each trimmed of spaces (and of a trailing '\r').
inline std::vector<std::string_view> cells(std::string_view line, char delimiter) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<std::string_view> out;
  for (;;) {
    const auto cut = line.find(delimiter);
    std::string_view cell = line.substr(0, cut);
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '\t'))
      cell.remove_prefix(1);
    while (!cell.empty() && (cell.back() == ' ' || cell.back() == '\t'))
      cell.remove_suffix(1);
    out.push_back(cell);
    if (cut == std::string_view::npos) break;
    line.remove_prefix(cut + 1);
  }
  return out;
}

// An empty cell, or NaN as some exports write it, is a gap.
inline bool gap(std::string_view cell) {
  return cell.empty() || ((cell.size() == 3) && (cell[0] == 'N' || cell[0] == 'n') &&
                          (cell[1] == 'a' || cell[1] == 'A') && (cell[2] == 'N' || cell[2] == 'n'));
}

inline bool blank(const std::vector<std::string_view>& row) {
  for (const auto c : row)
    if (!c.empty()) return false;
  return true;
}

// Reports the first error as "<file>:<line>: <message>".
class Errors {
 public:
  Errors(std::string_view file, std::string* error) : file_(file), error_(error) {}
  std::nullopt_t at(long line, std::string_view message) const {
    if (error_) *error_ = fmt::format("{}:{}: {}", file_, line, message);
    return std::nullopt;
  }
  std::nullopt_t file(std::string_view message) const {
    if (error_) *error_ = fmt::format("{}: {}", file_, message);
    return std::nullopt;
  }

 private:
  std::string_view file_;
  std::string* error_;
};

// Checks the frame times (increasing, at least two frames) and regularises them (rounded time
// columns); sets the rate when the file did not give one.
inline bool finish_times(MarkerTrajectories& m, const Errors& errors, bool keep_rate) {
  if (m.frames() < 2) {
    errors.file(fmt::format("{} frame(s) of data: at least 2 are needed", m.frames()));
    return false;
  }
  const double rate = regularise_frame_times(m.times_s, &m.note);
  if (!keep_rate || !(m.rate_hz > 0.0)) m.rate_hz = rate;
  return true;
}

}  // namespace stridecue::marker_text
