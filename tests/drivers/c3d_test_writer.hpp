// Test helper: writes small C3D files (Intel, DEC or MIPS; integer or float storage) from a
// list of parameters and raw data, so the reader's tests need no data files. Deliberately
// minimal: it writes what the reader reads and what the tests break on purpose.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "files/c3d_file.hpp"

namespace stridecue::test {

struct C3dParam {
  std::string group;
  std::string name;
  int type = 2;  // -1 char, 1 byte, 2 int16, 4 float
  std::vector<int> dims;
  std::vector<double> numbers;
  std::vector<std::string> strings;  // char: padded to dims[0]
};

class C3dWriter {
 public:
  C3dProcessor processor = C3dProcessor::intel;
  bool float_storage = false;
  double point_scale = 0.1;  // magnitude; the sign follows float_storage
  int points = 0;
  int first_frame = 1;
  int frames = 0;
  double point_rate_hz = 100.0;
  int analog_samples_per_frame = 0;
  int analog_channels = 0;
  std::vector<double> point_values;  // frames × points × 3 (x, y, z)
  std::vector<double> analog_raw;    // frames × spf × channels, stored values
  std::vector<C3dParam> params;      // POINT/ANALOG basics are added by add_basics()

  void add(C3dParam p) { params.push_back(std::move(p)); }
  void add_int(std::string g, std::string n, std::vector<int> dims, std::vector<double> v) {
    add({std::move(g), std::move(n), 2, std::move(dims), std::move(v), {}});
  }
  void add_float(std::string g, std::string n, std::vector<int> dims, std::vector<double> v) {
    add({std::move(g), std::move(n), 4, std::move(dims), std::move(v), {}});
  }
  void add_chars(std::string g, std::string n, std::vector<std::string> s) {
    std::size_t width = 0;
    for (const auto& x : s)
      width = std::max(width, x.size());
    add({std::move(g),
         std::move(n),
         -1,
         {static_cast<int>(width), static_cast<int>(s.size())},
         {},
         std::move(s)});
  }
  // POINT:USED/SCALE/RATE/FRAMES/UNITS and ANALOG:USED/LABELS/SCALE/OFFSET/GEN_SCALE/RATE.
  void add_basics(const std::vector<std::string>& labels, const std::vector<double>& scale,
                  const std::vector<double>& offset, double gen_scale = 1.0) {
    add_int("POINT", "USED", {}, {double(points)});
    add_float("POINT", "SCALE", {}, {float_storage ? -point_scale : point_scale});
    add_float("POINT", "RATE", {}, {point_rate_hz});
    add_int("POINT", "FRAMES", {}, {double(frames)});
    add_chars("POINT", "UNITS", {"mm"});
    const int n = static_cast<int>(labels.size());
    add_int("ANALOG", "USED", {}, {double(n)});
    add_chars("ANALOG", "LABELS", labels);
    add_float("ANALOG", "SCALE", {n}, scale);
    add_int("ANALOG", "OFFSET", {n}, offset);
    add_float("ANALOG", "GEN_SCALE", {}, {gen_scale});
    add_float("ANALOG", "RATE", {}, {point_rate_hz * analog_samples_per_frame});
  }
  C3dParam* find(const std::string& g, const std::string& n) {
    for (auto& p : params) {
      if (p.group == g && p.name == n) return &p;
    }
    return nullptr;
  }

  std::vector<std::uint8_t> write() const {
    std::vector<std::uint8_t> params_bytes = {1, 0x50, 0, static_cast<std::uint8_t>(processor)};
    std::vector<std::string> groups;
    for (const auto& p : params) {
      if (std::find(groups.begin(), groups.end(), p.group) == groups.end()) {
        groups.push_back(p.group);
      }
    }
    std::vector<std::vector<std::uint8_t>> entries;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::vector<std::uint8_t> e = name_bytes(groups[g], -static_cast<int>(g + 1));
      put16(e, 0);  // offset, set below
      e.push_back(0);
      entries.push_back(e);
    }
    for (const auto& p : params) {
      const auto g = std::find(groups.begin(), groups.end(), p.group) - groups.begin();
      std::vector<std::uint8_t> e = name_bytes(p.name, static_cast<int>(g + 1));
      put16(e, 0);
      e.push_back(static_cast<std::uint8_t>(p.type));
      e.push_back(static_cast<std::uint8_t>(p.dims.size()));
      for (int d : p.dims)
        e.push_back(static_cast<std::uint8_t>(d));
      if (p.type == -1) {
        const std::size_t width = p.dims.empty() ? 1 : static_cast<std::size_t>(p.dims[0]);
        for (const auto& s : p.strings) {
          std::string padded = s;
          padded.resize(width, ' ');
          e.insert(e.end(), padded.begin(), padded.end());
        }
      } else {
        for (double v : p.numbers) {
          if (p.type == 1) e.push_back(static_cast<std::uint8_t>(v));
          if (p.type == 2) put16(e, static_cast<std::uint16_t>(static_cast<std::int16_t>(v)));
          if (p.type == 4) putf(e, static_cast<float>(v));
        }
      }
      e.push_back(0);  // no description
      entries.push_back(e);
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto& e = entries[i];
      const std::size_t at = 2 + e[0];
      std::vector<std::uint8_t> offset;
      put16(offset, i + 1 == entries.size() ? 0 : static_cast<std::uint16_t>(e.size() - at));
      e[at] = offset[0];
      e[at + 1] = offset[1];
      params_bytes.insert(params_bytes.end(), e.begin(), e.end());
    }
    const std::size_t param_blocks = (params_bytes.size() + 511) / 512;
    params_bytes[2] = static_cast<std::uint8_t>(param_blocks);
    params_bytes.resize(param_blocks * 512, 0);

    std::vector<std::uint8_t> header;
    header.push_back(2);
    header.push_back(0x50);
    put16(header, static_cast<std::uint16_t>(points));
    put16(header, static_cast<std::uint16_t>(analog_channels * analog_samples_per_frame));
    put16(header, static_cast<std::uint16_t>(first_frame));
    put16(header, static_cast<std::uint16_t>(first_frame + frames - 1));
    put16(header, 10);
    putf(header, static_cast<float>(float_storage ? -point_scale : point_scale));
    put16(header, static_cast<std::uint16_t>(2 + param_blocks));
    put16(header, static_cast<std::uint16_t>(analog_samples_per_frame));
    putf(header, static_cast<float>(point_rate_hz));
    header.resize(512, 0);

    std::vector<std::uint8_t> data;
    const std::size_t per_frame = static_cast<std::size_t>(analog_samples_per_frame) *
                                  static_cast<std::size_t>(analog_channels);
    for (int f = 0; f < frames; ++f) {
      for (int p = 0; p < points; ++p) {
        for (int a = 0; a < 3; ++a) {
          const double v = point_values[(static_cast<std::size_t>(f) * points + p) * 3 + a];
          value(data, float_storage ? v : std::round(v / point_scale));
        }
        value(data, 0.0);  // residual 0, all cameras
      }
      for (std::size_t i = 0; i < per_frame; ++i)
        value(data, analog_raw[static_cast<std::size_t>(f) * per_frame + i]);
    }
    data.resize((data.size() + 511) / 512 * 512, 0);

    std::vector<std::uint8_t> file = header;
    file.insert(file.end(), params_bytes.begin(), params_bytes.end());
    file.insert(file.end(), data.begin(), data.end());
    return file;
  }

 private:
  // Name length, group id, name (GCC 12 misreads insert() into a 2-byte vector here).
  static std::vector<std::uint8_t> name_bytes(const std::string& name, int id) {
    std::vector<std::uint8_t> e(2 + name.size());
    e[0] = static_cast<std::uint8_t>(name.size());
    e[1] = static_cast<std::uint8_t>(id);
    std::copy(name.begin(), name.end(), e.begin() + 2);
    return e;
  }
  void put16(std::vector<std::uint8_t>& out, std::size_t v) const {
    const auto lo = static_cast<std::uint8_t>(v & 0xFF), hi = static_cast<std::uint8_t>(v >> 8);
    if (processor == C3dProcessor::mips) {
      out.push_back(hi);
      out.push_back(lo);
    } else {
      out.push_back(lo);
      out.push_back(hi);
    }
  }
  void putf(std::vector<std::uint8_t>& out, float v) const {
    std::uint8_t b[4];
    if (processor == C3dProcessor::dec) {
      float_to_vax(v, b);
    } else {
      std::uint32_t bits;
      std::memcpy(&bits, &v, 4);
      for (int i = 0; i < 4; ++i) {
        b[processor == C3dProcessor::mips ? 3 - i : i] = static_cast<std::uint8_t>(bits >> (8 * i));
      }
    }
    out.insert(out.end(), b, b + 4);
  }
  void value(std::vector<std::uint8_t>& out, double v) const {
    if (float_storage) {
      putf(out, static_cast<float>(v));
    } else {
      put16(out, static_cast<std::uint16_t>(static_cast<std::int32_t>(v)));
    }
  }
};

}  // namespace stridecue::test
