#include "files/c3d_file.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "files/number_field.hpp"

namespace stridecue {
namespace {

constexpr std::size_t kBlock = 512;
constexpr std::uint8_t kKey = 0x50;
// POINT:FRAMES replaces the header's frame range only when that range is full (a 16-bit word
// cannot count more frames); a float POINT:FRAMES above this is taken as corrupt.
constexpr double kMaxFrames = 2147483647.0;

bool equal_no_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
    s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  return std::string(s);
}

// a × b, or nothing when it exceeds `cap` (which keeps every size below the file's own).
std::optional<std::uint64_t> times_capped(std::uint64_t a, std::uint64_t b, std::uint64_t cap) {
  if (a != 0 && b > cap / a) return std::nullopt;
  return a * b;
}

class Parser {
 public:
  Parser(std::span<const std::uint8_t> bytes, std::string_view name, std::string* error)
      : bytes_(bytes), name_(name), error_(error) {}

  std::optional<C3dFile> parse();

 private:
  bool fail(std::size_t offset, std::string_view message) {
    if (error_) *error_ = fmt::format("{}: byte {}: {}", name_, offset, message);
    return false;
  }
  bool fail_file(std::string_view message) {
    if (error_) *error_ = fmt::format("{}: {}", name_, message);
    return false;
  }
  bool fail_parameter(const C3dParameter& p, std::string_view message) {
    return fail(p.offset, fmt::format("{}:{} {}", p.group, p.name, message));
  }

  std::uint16_t u16(std::size_t at) const {
    const std::uint8_t a = bytes_[at], b = bytes_[at + 1];
    return file_.processor == C3dProcessor::mips ? static_cast<std::uint16_t>(a << 8 | b)
                                                 : static_cast<std::uint16_t>(b << 8 | a);
  }
  std::int16_t i16(std::size_t at) const { return static_cast<std::int16_t>(u16(at)); }
  float f32(std::size_t at) const {
    const std::uint8_t* p = bytes_.data() + at;
    if (file_.processor == C3dProcessor::dec) return vax_to_float(p);
    std::uint32_t bits = 0;
    if (file_.processor == C3dProcessor::mips) {
      bits = std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
             std::uint32_t{p[3]};
    } else {
      bits = std::uint32_t{p[3]} << 24 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[1]} << 8 |
             std::uint32_t{p[0]};
    }
    return std::bit_cast<float>(bits);
  }

  bool read_header();
  bool read_parameters();
  bool read_parameter_entry(std::size_t at, std::size_t end, int id, std::string name, bool locked);
  bool interpret_points();
  bool interpret_analog();
  bool interpret_events();
  bool read_data();

  const C3dParameter* find(std::string_view group, std::string_view name) const {
    return file_.find(group, name);
  }
  // The parameter's numbers, or a failure naming it when it is text.
  bool numbers(const C3dParameter& p) {
    if (p.type == C3dType::character) return fail_parameter(p, "must be numeric, found text");
    return true;
  }
  // The first value of a numeric parameter as a whole number ≥ 0 (int16 read as unsigned,
  // as C3D counts are).
  std::optional<std::size_t> count_of(const C3dParameter& p) {
    if (!numbers(p)) return std::nullopt;
    if (p.numbers.empty()) {
      fail_parameter(p, "has no value");
      return std::nullopt;
    }
    double v = p.numbers[0];
    if (p.type == C3dType::integer && v < 0) v += 65536.0;
    if (!(v >= 0.0 && v <= kMaxFrames) || v != std::floor(v)) {
      fail_parameter(p, fmt::format("must be a whole number ≥ 0, found {}", v));
      return std::nullopt;
    }
    return static_cast<std::size_t>(v);
  }
  // The values of GROUP:NAME followed by those of NAME2, NAME3, ... (C3D's way past 255).
  std::vector<const C3dParameter*> series(std::string_view group, std::string_view base) const {
    std::vector<const C3dParameter*> found;
    if (const auto* p = find(group, base)) found.push_back(p);
    for (int n = 2; !found.empty(); ++n) {
      const auto* p = find(group, fmt::format("{}{}", base, n));
      if (!p) break;
      found.push_back(p);
    }
    return found;
  }

  std::span<const std::uint8_t> bytes_;
  std::string_view name_;
  std::string* error_;
  C3dFile file_;
  std::size_t parameter_start_ = 0;
  std::vector<std::pair<int, std::string>> groups_;  // id, name
  std::vector<int> parameter_group_ids_;

  // Interpreted analog scaling, per channel.
  std::vector<double> analog_scale_;
  std::vector<double> analog_offset_;
  bool analog_unsigned_ = false;
};

bool Parser::read_header() {
  if (bytes_.size() < kBlock) {
    return fail_file(fmt::format("truncated header: the file has {} bytes, a C3D header needs {}",
                                 bytes_.size(), kBlock));
  }
  if (bytes_[1] != kKey) {
    return fail(1, fmt::format("not a C3D file: key byte is 0x{:02X}, expected 0x50", bytes_[1]));
  }
  const std::size_t block = bytes_[0];
  if (block < 2) {
    return fail(0, fmt::format("parameter block number {} would overlap the header (blocks count "
                               "from 1; the header is block 1)",
                               block));
  }
  parameter_start_ = (block - 1) * kBlock;
  if (parameter_start_ + 4 > bytes_.size()) {
    return fail(0, fmt::format("parameter block {} starts at byte {}, past the end of the "
                               "{}-byte file",
                               block, parameter_start_, bytes_.size()));
  }
  const std::uint8_t processor = bytes_[parameter_start_ + 3];
  if (processor < 84 || processor > 86) {
    return fail(
        parameter_start_ + 3,
        fmt::format("processor type {} is not 84 (Intel), 85 (DEC) or 86 (MIPS)", processor));
  }
  file_.processor = static_cast<C3dProcessor>(processor);

  C3dHeader& h = file_.header;
  h.parameter_block = static_cast<int>(block);
  h.point_count = u16(2);
  h.analog_per_frame = u16(4);
  h.first_frame = u16(6);
  h.last_frame = u16(8);
  h.max_gap = u16(10);
  h.scale = f32(12);
  h.data_block = u16(16);
  h.analog_samples_per_frame = u16(18);
  h.frame_rate_hz = f32(20);
  return true;
}

bool Parser::read_parameters() {
  const std::size_t blocks = bytes_[parameter_start_ + 2];
  if (blocks == 0) return fail(parameter_start_ + 2, "the parameter section has 0 blocks");
  const std::size_t end = std::min(parameter_start_ + blocks * kBlock, bytes_.size());
  std::size_t at = parameter_start_ + 4;
  for (;;) {
    if (at + 2 > end) {
      return fail(at, fmt::format("parameter section ends at byte {} inside an entry (a "
                                  "truncated file or a wrong offset before)",
                                  end));
    }
    const auto length_byte = static_cast<std::int8_t>(bytes_[at]);
    const auto id = static_cast<std::int8_t>(bytes_[at + 1]);
    if (length_byte == 0) break;  // no more entries
    const std::size_t length = static_cast<std::size_t>(std::abs(int{length_byte}));
    if (at + 2 + length + 2 > end) {
      return fail(at, fmt::format("entry name of {} bytes and its offset run past the parameter "
                                  "section's end at byte {}",
                                  length, end));
    }
    std::string name(reinterpret_cast<const char*>(bytes_.data() + at + 2), length);
    const std::size_t offset_at = at + 2 + length;
    const std::int16_t next = i16(offset_at);
    if (id == 0) return fail(at + 1, fmt::format("entry \"{}\" has group id 0", name));
    if (id < 0) {
      groups_.emplace_back(-id, trimmed(name));
    } else if (!read_parameter_entry(at, end, id, trimmed(name), length_byte < 0)) {
      return false;
    }
    if (next == 0) break;  // the last entry
    if (next < 0) {
      return fail(offset_at,
                  fmt::format("offset to the next entry is {} (entries run forward)", next));
    }
    at = offset_at + static_cast<std::size_t>(next);
  }
  // Groups may follow their parameters: names resolve once all are read.
  for (std::size_t i = 0; i < file_.parameters.size(); ++i) {
    for (const auto& [gid, gname] : groups_) {
      if (gid == parameter_group_ids_[i]) {
        file_.parameters[i].group = gname;
        break;
      }
    }
  }
  return true;
}

bool Parser::read_parameter_entry(std::size_t at, std::size_t end, int id, std::string name,
                                  bool locked) {
  C3dParameter p;
  p.name = std::move(name);
  p.locked = locked;
  p.offset = at;
  p.group = fmt::format("group{}", id);
  std::size_t cursor =
      at + 2 + static_cast<std::size_t>(std::abs(static_cast<std::int8_t>(bytes_[at]))) + 2;
  const auto need = [&](std::size_t n, std::string_view what) {
    if (cursor + n > end) {
      return fail(cursor, fmt::format("parameter {}: {} runs past the parameter section's end at "
                                      "byte {}",
                                      p.name, what, end));
    }
    return true;
  };
  if (!need(2, "type and dimension count")) return false;
  const auto type = static_cast<std::int8_t>(bytes_[cursor]);
  if (type != -1 && type != 1 && type != 2 && type != 4) {
    return fail(cursor, fmt::format("parameter {}: type {} is not -1 (char), 1 (byte), 2 (int16) "
                                    "or 4 (float)",
                                    p.name, type));
  }
  p.type = static_cast<C3dType>(type);
  const std::size_t dim_count = bytes_[cursor + 1];
  cursor += 2;
  if (dim_count > 7) {
    return fail(cursor - 1, fmt::format("parameter {}: {} dimensions, at most 7 are allowed",
                                        p.name, dim_count));
  }
  if (!need(dim_count, "dimensions")) return false;
  std::uint64_t count = 1;
  for (std::size_t d = 0; d < dim_count; ++d) {
    p.dims.push_back(bytes_[cursor + d]);
    count *= bytes_[cursor + d];  // ≤ 255^7 < 2^56: no overflow
  }
  cursor += dim_count;
  const std::size_t size = static_cast<std::size_t>(std::abs(int{type}));
  if (count > (end - cursor) / size) {
    return fail(cursor, fmt::format("parameter {}: {} values of {} bytes run past the parameter "
                                    "section's end at byte {}",
                                    p.name, count, size, end));
  }
  const std::size_t values = static_cast<std::size_t>(count);
  if (p.type == C3dType::character) {
    const std::string_view text(reinterpret_cast<const char*>(bytes_.data() + cursor), values);
    const std::size_t width = dim_count <= 1 ? values : p.dims[0];
    if (width == 0) {
      if (dim_count <= 1) p.strings.emplace_back();
    } else {
      for (std::size_t i = 0; i < values; i += width)
        p.strings.push_back(trimmed(text.substr(i, width)));
    }
  } else {
    p.numbers.reserve(values);
    for (std::size_t i = 0; i < values; ++i) {
      const std::size_t v = cursor + i * size;
      switch (p.type) {
        case C3dType::byte: p.numbers.push_back(bytes_[v]); break;
        case C3dType::integer: p.numbers.push_back(i16(v)); break;
        case C3dType::floating: p.numbers.push_back(f32(v)); break;
        case C3dType::character: break;
      }
    }
  }
  cursor += values * size;
  // The description is informative: a file that cuts it short is still readable.
  if (cursor < end) {
    const std::size_t length = std::min<std::size_t>(bytes_[cursor], end - cursor - 1);
    p.description = trimmed(
        std::string_view(reinterpret_cast<const char*>(bytes_.data() + cursor + 1), length));
  }
  file_.parameters.push_back(std::move(p));
  parameter_group_ids_.push_back(id);
  return true;
}

bool Parser::interpret_points() {
  const C3dHeader& h = file_.header;
  file_.point_scale = h.scale;
  if (const auto* p = find("POINT", "SCALE")) {
    if (!numbers(*p)) return false;
    if (p->numbers.empty()) return fail_parameter(*p, "has no value");
    file_.point_scale = p->numbers[0];
  }
  if (!std::isfinite(file_.point_scale) || file_.point_scale == 0.0) {
    return fail_file(
        fmt::format("POINT:SCALE {} is not usable (0 or not finite)", file_.point_scale));
  }
  file_.float_storage = file_.point_scale < 0.0;

  file_.point_rate_hz = h.frame_rate_hz;
  if (const auto* p = find("POINT", "RATE")) {
    if (!numbers(*p)) return false;
    if (p->numbers.empty()) return fail_parameter(*p, "has no value");
    file_.point_rate_hz = p->numbers[0];
  }
  if (!(file_.point_rate_hz > 0.0 && file_.point_rate_hz < 1e6)) {
    return fail_file(fmt::format("point rate {} Hz (POINT:RATE or header word 11) is not usable",
                                 file_.point_rate_hz));
  }

  file_.points = static_cast<std::size_t>(h.point_count);
  if (const auto* p = find("POINT", "USED")) {
    const auto used = count_of(*p);
    if (!used) return false;
    if (*used != file_.points) {
      return fail_parameter(
          *p, fmt::format("is {} but the header (word 2) says {} points", *used, file_.points));
    }
  }
  if (const auto* p = find("POINT", "UNITS"); p && !p->strings.empty()) {
    file_.point_units = p->strings[0];
  }

  file_.first_frame = h.first_frame;
  if (h.first_frame < 1) return fail(6, "first frame is 0 (frames count from 1)");
  if (h.last_frame + 1 < h.first_frame) {
    return fail(
        8, fmt::format("last frame {} is before the first frame {}", h.last_frame, h.first_frame));
  }
  file_.frames = static_cast<std::size_t>(h.last_frame - h.first_frame + 1);
  // A full 16-bit last frame means the count did not fit: POINT:FRAMES has it.
  if (const auto* p = find("POINT", "FRAMES"); p && h.last_frame == 65535) {
    const auto frames = count_of(*p);
    if (!frames) return false;
    file_.frames = *frames;
  }
  return true;
}

bool Parser::interpret_analog() {
  const C3dHeader& h = file_.header;
  file_.analog_samples_per_frame = static_cast<std::size_t>(h.analog_samples_per_frame);
  const auto* used = find("ANALOG", "USED");
  if (used) {
    const auto n = count_of(*used);
    if (!n) return false;
    file_.analog_channels = *n;
  } else if (h.analog_per_frame > 0) {
    if (h.analog_samples_per_frame == 0) {
      return fail(18, "analog samples per frame is 0 but header word 3 counts analog data");
    }
    file_.analog_channels =
        static_cast<std::size_t>(h.analog_per_frame / h.analog_samples_per_frame);
  }
  const std::size_t channels = file_.analog_channels;
  if (channels == 0) {
    file_.analog_samples_per_frame = 0;
    return true;
  }
  if (file_.analog_samples_per_frame == 0) {
    return fail(18, fmt::format("analog samples per frame is 0 but ANALOG:USED is {}", channels));
  }
  const std::size_t per_frame = channels * file_.analog_samples_per_frame;
  // Word 3 is 16 bits: it cannot hold the product in large files, where it wraps.
  if (per_frame <= 65535 && static_cast<std::size_t>(h.analog_per_frame) != per_frame) {
    return fail(
        4, fmt::format("header word 3 says {} analog values per frame, but ANALOG:USED "
                       "{} × {} samples per frame is {}",
                       h.analog_per_frame, channels, file_.analog_samples_per_frame, per_frame));
  }
  file_.analog_rate_hz = file_.point_rate_hz * static_cast<double>(file_.analog_samples_per_frame);
  if (const auto* p = find("ANALOG", "RATE")) {
    if (!numbers(*p)) return false;
    if (!p->numbers.empty() &&
        std::fabs(p->numbers[0] - file_.analog_rate_hz) > 1e-3 * file_.analog_rate_hz) {
      return fail_parameter(*p, fmt::format("is {} Hz but the point rate {} Hz × {} samples per "
                                            "frame is {} Hz",
                                            p->numbers[0], file_.point_rate_hz,
                                            file_.analog_samples_per_frame, file_.analog_rate_hz));
    }
  }

  const auto gather = [&](std::string_view base, std::vector<double>& out) {
    const auto parts = series("ANALOG", base);
    if (parts.empty()) return fail_file(fmt::format("ANALOG:{} is missing", base));
    for (const auto* p : parts) {
      if (!numbers(*p)) return false;
      out.insert(out.end(), p->numbers.begin(), p->numbers.end());
    }
    if (out.size() < channels) {
      return fail_parameter(
          *parts.front(), fmt::format("has {} values but ANALOG:USED is {}", out.size(), channels));
    }
    return true;
  };
  if (!gather("SCALE", analog_scale_) || !gather("OFFSET", analog_offset_)) return false;
  double gen_scale = 1.0;
  if (const auto* p = find("ANALOG", "GEN_SCALE")) {
    if (!numbers(*p)) return false;
    if (!p->numbers.empty()) gen_scale = p->numbers[0];
  }
  if (!std::isfinite(gen_scale)) return fail_file("ANALOG:GEN_SCALE is not finite");
  if (const auto* p = find("ANALOG", "FORMAT"); p && !p->strings.empty()) {
    analog_unsigned_ = equal_no_case(p->strings[0], "UNSIGNED");
  }
  const auto* offsets = find("ANALOG", "OFFSET");
  for (std::size_t c = 0; c < channels; ++c) {
    analog_scale_[c] *= gen_scale;
    if (!std::isfinite(analog_scale_[c])) {
      return fail_file(fmt::format("ANALOG:SCALE of channel {} is not finite", c + 1));
    }
    // An int16 parameter cannot hold an unsigned offset such as 32768: read it as unsigned.
    if (analog_unsigned_ && offsets->type == C3dType::integer && analog_offset_[c] < 0) {
      analog_offset_[c] += 65536.0;
    }
  }

  for (const auto* p : series("ANALOG", "LABELS")) {
    for (const auto& s : p->strings)
      file_.analog_labels.push_back(s);
  }
  for (const auto* p : series("ANALOG", "UNITS")) {
    for (const auto& s : p->strings)
      file_.analog_units.push_back(s);
  }
  file_.analog_labels.resize(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    if (file_.analog_labels[c].empty()) file_.analog_labels[c] = fmt::format("analog{}", c + 1);
  }
  file_.analog_units.resize(channels);
  return true;
}

bool Parser::interpret_events() {
  const auto* used = find("EVENT", "USED");
  if (!used) return true;
  const auto n = count_of(*used);
  if (!n) return false;
  if (*n == 0) return true;
  const auto* labels = find("EVENT", "LABELS");
  const auto* contexts = find("EVENT", "CONTEXTS");
  const auto* times = find("EVENT", "TIMES");
  if (!labels || !times) {
    return fail_parameter(
        *used, fmt::format("is {} but EVENT:{} is missing", *n, labels ? "TIMES" : "LABELS"));
  }
  if (labels->strings.size() < *n) {
    return fail_parameter(
        *labels, fmt::format("has {} labels but EVENT:USED is {}", labels->strings.size(), *n));
  }
  if (!numbers(*times)) return false;
  if (times->numbers.size() < 2 * *n) {
    return fail_parameter(*times, fmt::format("has {} values but EVENT:USED {} needs {} "
                                              "(minutes, seconds)",
                                              times->numbers.size(), *n, 2 * *n));
  }
  for (std::size_t i = 0; i < *n; ++i) {
    C3dEvent e;
    e.label = labels->strings[i];
    if (contexts && i < contexts->strings.size()) e.context = contexts->strings[i];
    e.time_s = 60.0 * times->numbers[2 * i] + times->numbers[2 * i + 1];
    if (!std::isfinite(e.time_s)) {
      return fail_parameter(*times, fmt::format("event {} has a time that is not finite", i + 1));
    }
    file_.events.push_back(std::move(e));
  }
  return true;
}

bool Parser::read_data() {
  const std::size_t value_size = file_.float_storage ? 4 : 2;
  const std::size_t per_frame =
      file_.points * 4 + file_.analog_samples_per_frame * file_.analog_channels;
  const std::uint64_t frame_bytes = per_frame * value_size;
  if (file_.frames == 0 || frame_bytes == 0) return true;
  const std::size_t block = static_cast<std::size_t>(file_.header.data_block);
  if (block == 0) return fail(16, "data block number is 0 (blocks count from 1)");
  const std::size_t start = (block - 1) * kBlock;
  const std::size_t available = start < bytes_.size() ? bytes_.size() - start : 0;
  const auto total = times_capped(file_.frames, frame_bytes, available);
  if (!total) {
    return fail(start,
                fmt::format("data section truncated: {} frames of {} bytes need {} bytes "
                            "from data block {}, the file has {}",
                            file_.frames, frame_bytes,
                            static_cast<double>(file_.frames) * static_cast<double>(frame_bytes),
                            block, available));
  }

  // Both vectors are bounded by the bytes just checked: at most 2 floats per stored byte.
  file_.point_values.resize(file_.frames * file_.points * 4);
  file_.analog_values.resize(file_.frames * file_.analog_samples_per_frame * file_.analog_channels);
  const float residual_scale = static_cast<float>(std::fabs(file_.point_scale));
  const float point_scale = file_.float_storage ? 1.0F : static_cast<float>(file_.point_scale);
  const std::size_t channels = file_.analog_channels;
  std::size_t at = start;
  float* point = file_.point_values.data();
  float* analog = file_.analog_values.data();
  for (std::size_t frame = 0; frame < file_.frames; ++frame) {
    for (std::size_t i = 0; i < file_.points; ++i) {
      for (int axis = 0; axis < 3; ++axis) {
        *point++ = file_.float_storage ? f32(at) : static_cast<float>(i16(at)) * point_scale;
        at += value_size;
      }
      float residual = -1.0F;
      if (file_.float_storage) {
        const float word = f32(at);
        if (word >= 0.0F && word < 65536.0F) {
          residual = static_cast<float>(static_cast<unsigned>(word) & 0xFFU) * residual_scale;
        }
      } else if (const std::int16_t word = i16(at); word >= 0) {
        residual = static_cast<float>(word & 0xFF) * residual_scale;
      }
      *point++ = residual;
      at += value_size;
    }
    for (std::size_t s = 0; s < file_.analog_samples_per_frame; ++s) {
      for (std::size_t c = 0; c < channels; ++c) {
        double raw = 0.0;
        if (file_.float_storage) {
          raw = f32(at);
        } else if (analog_unsigned_) {
          raw = u16(at);
        } else {
          raw = i16(at);
        }
        const double value = (raw - analog_offset_[c]) * analog_scale_[c];
        if (!(std::fabs(value) <= std::numeric_limits<float>::max())) {
          return fail(at, fmt::format("analog channel {} ({}) in frame {}: value {} is not a "
                                      "finite float",
                                      c + 1, file_.analog_labels[c],
                                      file_.first_frame + static_cast<int>(frame), value));
        }
        *analog++ = static_cast<float>(value);
        at += value_size;
      }
    }
  }
  return true;
}

std::optional<C3dFile> Parser::parse() {
  if (!read_header() || !read_parameters() || !interpret_points() || !interpret_analog() ||
      !interpret_events() || !read_data()) {
    return std::nullopt;
  }
  return std::move(file_);
}

}  // namespace

std::string_view to_string(C3dProcessor processor) {
  switch (processor) {
    case C3dProcessor::intel: return "Intel";
    case C3dProcessor::dec: return "DEC";
    case C3dProcessor::mips: return "MIPS";
  }
  return "unknown";
}

const C3dParameter* C3dFile::find(std::string_view group, std::string_view name) const {
  for (const auto& p : parameters) {
    if (equal_no_case(p.group, group) && equal_no_case(p.name, name)) return &p;
  }
  return nullptr;
}

// VAX F-float: two little-endian 16-bit words, the first holding sign, 8-bit exponent (bias
// 128) and the top 7 fraction bits, the second the low 16; the value is 0.1f × 2^(e − 128),
// which is the IEEE reading of the word-swapped bits divided by 4. Exponent 0 is zero (or a
// reserved operand when signed: read as 0).
float vax_to_float(const std::uint8_t bytes[4]) {
  const std::uint32_t bits = std::uint32_t{bytes[1]} << 24 | std::uint32_t{bytes[0]} << 16 |
                             std::uint32_t{bytes[3]} << 8 | std::uint32_t{bytes[2]};
  const int exponent = static_cast<int>(bits >> 23 & 0xFFU);
  if (exponent == 0) return 0.0F;
  const double fraction = 1.0 + static_cast<double>(bits & 0x7FFFFFU) / 8388608.0;
  const double value = std::ldexp(fraction, exponent - 129);
  return static_cast<float>((bits >> 31) != 0 ? -value : value);
}

void float_to_vax(float value, std::uint8_t bytes[4]) {
  std::uint32_t bits = 0;
  if (value != 0.0F && std::isfinite(value)) {
    int exponent = 0;
    const double mantissa = std::frexp(std::fabs(static_cast<double>(value)), &exponent);
    // mantissa in [0.5, 1): VAX exponent field = exponent + 128.
    int field = exponent + 128;
    std::uint32_t fraction =
        static_cast<std::uint32_t>(std::lround((mantissa * 2.0 - 1.0) * 8388608.0));
    if (fraction >= 8388608U) {
      fraction = 0;
      ++field;
    }
    if (field >= 1) {
      if (field > 255) {
        field = 255;
        fraction = 0x7FFFFFU;
      }
      bits = static_cast<std::uint32_t>(field) << 23 | fraction;
      if (value < 0.0F) bits |= 0x80000000U;
    }
  }
  bytes[0] = static_cast<std::uint8_t>(bits >> 16);
  bytes[1] = static_cast<std::uint8_t>(bits >> 24);
  bytes[2] = static_cast<std::uint8_t>(bits);
  bytes[3] = static_cast<std::uint8_t>(bits >> 8);
}

static std::optional<C3dFile> parse_c3d_into(std::span<const std::uint8_t> bytes,
                                             std::string_view display_name, std::string* error) {
  Parser parser(bytes, display_name, error);
  return parser.parse();
}

ParseResult<C3dFile> parse_c3d(std::span<const std::uint8_t> bytes, std::string_view display_name) {
  return parse_result_of(
      [&](std::string* error) { return parse_c3d_into(bytes, display_name, error); });
}

}  // namespace stridecue
