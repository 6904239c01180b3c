// A reader for OpenSim/Motion Analysis .trc marker files, enough for the real-data tests:
// marker trajectories (mm) by name, sampled at the file's rate.
#pragma once

#include <array>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace stridecue::test {

class TrcMarkers {
 public:
  explicit TrcMarkers(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error(path + ": cannot open");
    std::vector<std::vector<std::string>> rows;
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      std::vector<std::string> cells;
      std::stringstream s(line);
      for (std::string cell; std::getline(s, cell, '\t');)
        cells.push_back(cell);
      rows.push_back(cells);
    }
    if (rows.size() < 6) throw std::runtime_error(path + ": too short for a .trc file");
    std::size_t column = 2;
    for (std::size_t i = 2; i < rows[3].size(); ++i) {
      std::string name = rows[3][i];
      name.erase(0, name.find_first_not_of(" "));
      if (name.empty()) continue;
      columns_[name] = column;
      column += 3;
    }
    for (std::size_t r = 5; r < rows.size(); ++r) {
      if (rows[r].size() < 3 || rows[r][0].find_first_not_of(" ") == std::string::npos) continue;
      std::vector<double> values;
      for (std::size_t c = 1; c < rows[r].size(); ++c) {
        values.push_back(rows[r][c].empty() ? NAN : std::stod(rows[r][c]));
      }
      frames_.push_back(values);
    }
  }

  std::size_t frames() const { return frames_.size(); }
  double time_s(std::size_t frame) const { return frames_[frame][0]; }

  // Position (mm) of `marker` at `frame`.
  std::array<double, 3> at(const std::string& marker, std::size_t frame) const {
    const std::size_t c = columns_.at(marker) - 1;  // frames_ rows start at the Time column
    return {frames_[frame][c], frames_[frame][c + 1], frames_[frame][c + 2]};
  }

  // Position (mm) of `marker` at time `t`, linearly interpolated between frames.
  std::array<double, 3> at_time(const std::string& marker, double t) const {
    std::size_t k = 0;
    while (k + 2 < frames_.size() && time_s(k + 1) < t)
      ++k;
    const double u = (t - time_s(k)) / (time_s(k + 1) - time_s(k));
    const auto a = at(marker, k), b = at(marker, k + 1);
    return {a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1]), a[2] + u * (b[2] - a[2])};
  }

 private:
  std::map<std::string, std::size_t> columns_;
  std::vector<std::vector<double>> frames_;
};

}  // namespace stridecue::test
