#include "files/mot_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stridecue {
namespace {

constexpr const char* kColumns =
    "time\tR_ground_force_vx\tR_ground_force_vy\tR_ground_force_vz\tR_ground_force_px\t"
    "R_ground_force_py\tR_ground_force_pz\tL_ground_force_vx\tL_ground_force_vy\t"
    "L_ground_force_vz\tL_ground_force_px\tL_ground_force_py\tL_ground_force_pz\t"
    "R_ground_torque_x\tR_ground_torque_y\tR_ground_torque_z\tL_ground_torque_x\t"
    "L_ground_torque_y\tL_ground_torque_z";
constexpr int kDataColumns = 19;
// The row count and time range are known only at the end: their header lines are written this
// wide and filled in then.
constexpr std::size_t kPatchWidth = 48;

struct PlateColumns {
  std::array<std::optional<std::size_t>, 6> index;  // fx fy fz copx copy tz
  bool present() const { return index[2] && index[3] && index[4]; }
};

PlateColumns find_plate(const StreamInfo& info, Plate p) {
  PlateColumns c;
  const Quantity qs[] = {Quantity::force_x, Quantity::force_y, Quantity::force_z,
                         Quantity::cop_x,   Quantity::cop_y,   Quantity::torque_z};
  for (std::size_t k = 0; k < 6; ++k)
    c.index[k] = info.find(qs[k], p);
  return c;
}

// One foot's force, COP and torque in OpenSim's frame (x forward, y up, z right).
struct Load {
  double v[3] = {0, 0, 0}, p[3] = {0, 0, 0}, t[3] = {0, 0, 0};
};

Load load_of(const SampleBlock& block, std::size_t frame, const PlateColumns& c) {
  auto get = [&](std::size_t q) {
    if (!c.index[q]) return 0.0;
    const double v = block.at(frame, *c.index[q]);
    return std::isfinite(v) ? v : 0.0;
  };
  Load l;
  l.v[0] = get(0);
  l.v[1] = get(2);
  l.v[2] = -get(1);
  l.p[0] = get(3);
  l.p[2] = -get(4);
  l.t[1] = get(5);
  return l;
}

std::string padded(std::string s) {
  s.resize(kPatchWidth, ' ');
  return s;
}

}  // namespace

MotWriteSummary write_opensim_mot(SampleSource& source, std::span<const StanceSide> stances,
                                  const std::filesystem::path& out) {
  if (!source.failure().empty()) throw std::runtime_error(source.failure());
  const SourceLayout& layout = source.layout();
  std::optional<std::size_t> stream;
  PlateColumns left, right, belt;
  for (std::size_t s = 0; s < layout.streams.size() && !stream; ++s) {
    left = find_plate(layout.streams[s], Plate::left);
    right = find_plate(layout.streams[s], Plate::right);
    belt = find_plate(layout.streams[s], Plate::belt);
    if ((left.present() && right.present()) || belt.present()) stream = s;
  }
  if (!stream) {
    throw std::runtime_error(fmt::format(
        "{}: nothing to write: OpenSim's layout needs a left and a right plate or a single belt "
        "(floor plates say nothing of the foot)",
        out.string()));
  }
  const bool single = !(left.present() && right.present());
  std::vector<StanceSide> order(stances.begin(), stances.end());
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.contact_s < b.contact_s; });
  if (single && order.empty()) {
    throw std::runtime_error(fmt::format(
        "{}: a single belt carries both feet: its samples need the strides to go to L_ or R_",
        out.string()));
  }

  std::ofstream file(out, std::ios::trunc);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot open for writing", out.string()));
  file << "name " << out.filename().string() << "\n";
  file << "datacolumns " << kDataColumns << "\n";
  const auto patch_at = file.tellp();
  file << padded("datarows 0") << "\n" << padded("range 0 0") << "\n";
  file << "endheader\n" << kColumns << "\n";

  const StreamInfo& info = layout.streams[*stream];
  MotWriteSummary summary;
  summary.rate_hz = info.rate_hz;
  summary.split_by_stance = single;
  std::optional<double> first_s;
  double last_s = 0.0;
  std::size_t next_stance = 0;
  fmt::memory_buffer row;
  SampleBlock block;
  SourceStatus status;
  while ((status = source.next(block)) == SourceStatus::block) {
    if (block.stream != *stream) continue;
    for (std::size_t f = 0; f < block.frames; ++f) {
      const double t =
          info.start_time_s +
          static_cast<double>(block.first_sample + static_cast<std::int64_t>(f)) / info.rate_hz;
      Load l, r;
      if (single) {
        // The stance this sample lies in, or the next one; after the last, the last.
        while (next_stance + 1 < order.size() && t > order[next_stance].toe_off_s)
          ++next_stance;
        (order[next_stance].side == Side::left ? l : r) = load_of(block, f, belt);
      } else {
        l = load_of(block, f, left);
        r = load_of(block, f, right);
      }
      row.clear();
      fmt::format_to(std::back_inserter(row), "{:.6f}", t);
      for (const Load* x : {&r, &l}) {
        for (double v : x->v)
          fmt::format_to(std::back_inserter(row), "\t{:.6g}", v + 0.0);
        for (double v : x->p)
          fmt::format_to(std::back_inserter(row), "\t{:.6g}", v + 0.0);
      }
      for (const Load* x : {&r, &l}) {
        for (double v : x->t)
          fmt::format_to(std::back_inserter(row), "\t{:.6g}", v + 0.0);
      }
      row.push_back('\n');
      file.write(row.data(), static_cast<std::streamsize>(row.size()));
      if (!first_s) first_s = t;
      last_s = t;
      ++summary.rows;
    }
  }
  if (status == SourceStatus::failed) throw std::runtime_error(source.failure());
  file.seekp(patch_at);
  file << padded(fmt::format("datarows {}", summary.rows)) << "\n"
       << padded(fmt::format("range {:.6f} {:.6f}", first_s.value_or(0.0), last_s)) << "\n";
  file.flush();
  if (!file) throw std::runtime_error(fmt::format("{}: write failed", out.string()));
  return summary;
}

}  // namespace stridecue
