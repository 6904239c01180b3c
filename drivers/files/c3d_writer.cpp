#include "files/c3d_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <vector>

namespace stridecue {
namespace {

// A C3D parameter's dimensions are bytes, so a list is at most this long per dimension.
constexpr std::size_t kMaxDim = 255;
// Points are not written, but tools want a point rate: about this, a whole divisor of the
// analog rate.
constexpr double kPointRateHz = 100.0;
constexpr std::size_t kHeaderMaxFrame = 65535;

struct StreamSamples {
  double rate_hz = 0.0;
  double start_s = 0.0;  // session time of the first stored frame
  std::size_t channels = 0;
  std::vector<float> values;  // frames × channels
  std::size_t frames() const { return channels ? values.size() / channels : 0; }
  double end_s() const { return start_s + static_cast<double>(frames()) / rate_hz; }
  // Linear interpolation between frames; 0 outside the recording (a gap reads as no load).
  double at(std::size_t channel, double t) const {
    const double u = (t - start_s) * rate_hz;
    if (!(u >= 0.0) || frames() == 0) return 0.0;
    const auto i = static_cast<std::size_t>(u);
    if (i + 1 >= frames()) return i + 1 == frames() ? values[i * channels + channel] : 0.0;
    const double w = u - static_cast<double>(i);
    const double a = values[i * channels + channel], b = values[(i + 1) * channels + channel];
    return std::isfinite(a) && std::isfinite(b) ? a + w * (b - a) : 0.0;
  }
};

struct PlateChannels {
  Plate plate;
  std::size_t stream;
  std::array<std::optional<std::size_t>, 6> index;  // fx fy fz copx copy tz
};

struct Geometry {
  double cx, cy, length, width;  // m, in our lab frame
};

Geometry nominal_geometry(Plate p) {
  switch (p) {
    case Plate::belt: return {0.0, 0.0, 1.8, 0.5};
    case Plate::left: return {0.0, 0.13, 1.8, 0.25};
    case Plate::right: return {0.0, -0.13, 1.8, 0.25};
    default: {
      const int k = static_cast<int>(p) - static_cast<int>(Plate::floor1);
      return {0.6 * k, 0.0, 0.6, 0.4};
    }
  }
}

std::vector<StreamSamples> read_all(SampleSource& source) {
  const SourceLayout& layout = source.layout();
  std::vector<StreamSamples> streams(layout.streams.size());
  std::vector<std::optional<std::int64_t>> first(layout.streams.size());
  for (std::size_t s = 0; s < streams.size(); ++s) {
    streams[s].rate_hz = layout.streams[s].rate_hz;
    streams[s].channels = layout.streams[s].channels.size();
  }
  SampleBlock block;
  SourceStatus status;
  while ((status = source.next(block)) == SourceStatus::block) {
    if (block.stream >= streams.size() || block.channels != streams[block.stream].channels) {
      continue;
    }
    StreamSamples& s = streams[block.stream];
    auto& first_sample = first[block.stream];
    if (!first_sample) {
      first_sample = block.first_sample;
      s.start_s = layout.streams[block.stream].start_time_s +
                  static_cast<double>(block.first_sample) / s.rate_hz;
    }
    // Place the block by its counter: a gap in the recording stays a gap (NaN, written as 0).
    const auto at = block.first_sample - *first_sample;
    if (at < 0) continue;
    const std::size_t need = (static_cast<std::size_t>(at) + block.frames) * s.channels;
    if (s.values.size() < need) s.values.resize(need, std::nanf(""));
    std::copy(
        block.samples.begin(), block.samples.end(),
        s.values.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(at) * s.channels));
  }
  if (status == SourceStatus::failed) throw std::runtime_error(source.failure());
  return streams;
}

class Bytes {
 public:
  void u8(int v) { out_.push_back(static_cast<std::uint8_t>(v)); }
  void i16(long v) {
    const auto u = static_cast<std::uint16_t>(static_cast<std::int16_t>(v));
    out_.push_back(static_cast<std::uint8_t>(u & 0xFF));
    out_.push_back(static_cast<std::uint8_t>(u >> 8));
  }
  void f32(double v) {
    const auto f = static_cast<float>(v);
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    for (int i = 0; i < 4; ++i)
      out_.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  void text(const std::string& s, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i)
      out_.push_back(static_cast<std::uint8_t>(i < s.size() ? s[i] : ' '));
  }
  void pad_to_block() { out_.resize((out_.size() + 511) / 512 * 512, 0); }
  std::size_t size() const { return out_.size(); }
  std::vector<std::uint8_t>& data() { return out_; }

 private:
  std::vector<std::uint8_t> out_;
};

// The parameter section: groups, then parameters, each record pointing at the next.
class Parameters {
 public:
  void group(const std::string& name) { groups_.push_back(name); }
  void ints(const std::string& g, const std::string& n, std::vector<int> dims,
            std::vector<double> v) {
    add(g, n, 2, std::move(dims), std::move(v), {});
  }
  void floats(const std::string& g, const std::string& n, std::vector<int> dims,
              std::vector<double> v) {
    add(g, n, 4, std::move(dims), std::move(v), {});
  }
  // A list of strings as a char array: [width, count], or [width, 255, k] past 255 entries.
  void strings(const std::string& g, const std::string& n, std::vector<std::string> s) {
    std::size_t width = 1;
    for (const auto& x : s)
      width = std::max(width, std::min<std::size_t>(x.size(), kMaxDim));
    std::vector<int> dims{static_cast<int>(width)};
    for (int d : list_dims(s.size()))
      dims.push_back(d);
    std::size_t slots = 1;
    for (std::size_t i = 1; i < dims.size(); ++i)
      slots *= static_cast<std::size_t>(dims[i]);
    s.resize(slots);
    add(g, n, -1, std::move(dims), {}, std::move(s));
  }
  // Dimensions for `n` entries: [n] up to 255, else [255, k].
  static std::vector<int> list_dims(std::size_t n) {
    if (n <= kMaxDim) return {static_cast<int>(n)};
    return {static_cast<int>(kMaxDim), static_cast<int>((n + kMaxDim - 1) / kMaxDim)};
  }

  Bytes write() const {
    Bytes b;
    b.u8(1);
    b.u8(0x50);
    b.u8(0);   // blocks: set below
    b.u8(84);  // Intel
    std::vector<std::vector<std::uint8_t>> records;
    for (std::size_t g = 0; g < groups_.size(); ++g) {
      Bytes r;
      record_head(r, groups_[g], -static_cast<int>(g + 1));
      r.u8(0);  // no description
      records.push_back(std::move(r.data()));
    }
    for (const auto& p : params_) {
      Bytes r;
      const auto g = std::find(groups_.begin(), groups_.end(), p.group) - groups_.begin();
      record_head(r, p.name, static_cast<int>(g + 1));
      r.u8(p.type);
      r.u8(static_cast<int>(p.dims.size()));
      for (int d : p.dims)
        r.u8(d);
      if (p.type == -1) {
        for (const auto& s : p.strings)
          r.text(s, static_cast<std::size_t>(p.dims[0]));
      } else {
        std::size_t count = 1;
        for (int d : p.dims)
          count *= static_cast<std::size_t>(d);
        for (std::size_t i = 0; i < count; ++i) {
          const double v = i < p.numbers.size() ? p.numbers[i] : 0.0;
          if (p.type == 2) r.i16(std::lround(v));
          if (p.type == 4) r.f32(v);
        }
      }
      r.u8(0);
      records.push_back(std::move(r.data()));
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
      auto& r = records[i];
      // The offset counts from its own first byte to the next record.
      const std::size_t at = 2 + r[0];
      const std::size_t next = i + 1 == records.size() ? 0 : r.size() - at;
      r[at] = static_cast<std::uint8_t>(next & 0xFF);
      r[at + 1] = static_cast<std::uint8_t>(next >> 8);
      b.data().insert(b.data().end(), r.begin(), r.end());
    }
    b.pad_to_block();
    b.data()[2] = static_cast<std::uint8_t>(b.size() / 512);
    return b;
  }

 private:
  struct Param {
    std::string group, name;
    int type;
    std::vector<int> dims;
    std::vector<double> numbers;
    std::vector<std::string> strings;
  };
  void add(const std::string& g, const std::string& n, int type, std::vector<int> dims,
           std::vector<double> numbers, std::vector<std::string> strings) {
    if (std::find(groups_.begin(), groups_.end(), g) == groups_.end()) groups_.push_back(g);
    params_.push_back({g, n, type, std::move(dims), std::move(numbers), std::move(strings)});
  }
  static void record_head(Bytes& r, const std::string& name, int id) {
    r.u8(static_cast<int>(name.size()));
    r.u8(id);
    r.text(name, name.size());
    r.i16(0);  // offset to the next record, set in write()
  }
  std::vector<std::string> groups_;
  std::vector<Param> params_;
};

}  // namespace

std::vector<C3dEventOut> foot_events(std::span<const StanceSide> stances) {
  std::vector<C3dEventOut> events;
  for (const StanceSide& s : stances) {
    const std::string context = s.side == Side::left ? "Left" : "Right";
    events.push_back({"Foot Strike", context, s.contact_s});
    events.push_back({"Foot Off", context, s.toe_off_s});
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  return events;
}

C3dWriteSummary write_c3d(SampleSource& source, std::span<const C3dEventOut> events,
                          const std::filesystem::path& out) {
  if (!source.failure().empty()) throw std::runtime_error(source.failure());
  const SourceLayout& layout = source.layout();

  std::vector<PlateChannels> plates;
  std::vector<std::pair<std::size_t, std::size_t>> emg;  // stream, channel
  for (std::size_t s = 0; s < layout.streams.size(); ++s) {
    const StreamInfo& info = layout.streams[s];
    for (Plate p : kAllPlates) {
      PlateChannels pc{p, s, {}};
      const Quantity qs[] = {Quantity::force_x, Quantity::force_y, Quantity::force_z,
                             Quantity::cop_x,   Quantity::cop_y,   Quantity::torque_z};
      for (std::size_t k = 0; k < 6; ++k)
        pc.index[k] = info.find(qs[k], p);
      if (pc.index[2] && pc.index[3] && pc.index[4]) plates.push_back(pc);
    }
    for (std::size_t c = 0; c < info.channels.size(); ++c) {
      if (info.channels[c].quantity == Quantity::emg) emg.emplace_back(s, c);
    }
  }
  if (plates.empty()) {
    throw std::runtime_error(fmt::format(
        "{}: nothing to write: the source has no force plate with Fz and COP", out.string()));
  }

  const std::vector<StreamSamples> streams = read_all(source);
  double rate = 0.0, start = INFINITY, end = -INFINITY;
  auto use = [&](std::size_t s) {
    if (streams[s].frames() == 0) return;
    rate = std::max(rate, streams[s].rate_hz);
    start = std::min(start, streams[s].start_s);
    end = std::max(end, streams[s].end_s());
  };
  for (const auto& p : plates)
    use(p.stream);
  for (const auto& e : emg)
    use(e.first);
  if (!(rate > 0.0) || !(end > start)) {
    throw std::runtime_error(
        fmt::format("{}: nothing to write: the source gave no samples", out.string()));
  }
  const auto per_frame = static_cast<std::size_t>(std::max(1.0, std::round(rate / kPointRateHz)));
  const double point_rate = rate / static_cast<double>(per_frame);
  const auto samples = static_cast<std::size_t>(std::floor((end - start) * rate + 1e-6));
  const std::size_t frames = (samples + per_frame - 1) / per_frame;
  const std::size_t channels = 6 * plates.size() + emg.size();
  if (channels * per_frame > 32767) {
    throw std::runtime_error(
        fmt::format("{}: {} channels at {} samples per frame are more than a "
                    "C3D header counts",
                    out.string(), channels, per_frame));
  }

  Parameters params;
  params.group("POINT");
  params.group("ANALOG");
  params.group("FORCE_PLATFORM");
  params.group("EVENT");
  params.group("TRIAL");
  params.ints("POINT", "USED", {}, {0});
  params.floats("POINT", "SCALE", {}, {-1.0});
  params.floats("POINT", "RATE", {}, {point_rate});
  if (frames <= 32767) {
    params.ints("POINT", "FRAMES", {}, {static_cast<double>(frames)});
  } else {
    params.floats("POINT", "FRAMES", {}, {static_cast<double>(frames)});
  }
  params.strings("POINT", "UNITS", {"mm"});
  params.strings("POINT", "X_SCREEN", {"+X"});
  params.strings("POINT", "Y_SCREEN", {"+Z"});

  std::vector<std::string> labels, units, descriptions;
  for (std::size_t i = 0; i < plates.size(); ++i) {
    for (const char* axis : {"X", "Y", "Z"}) {
      labels.push_back(fmt::format("F{}{}", i + 1, axis));
      units.emplace_back("N");
      descriptions.push_back(fmt::format("{} plate force {}", to_string(plates[i].plate), axis));
    }
    for (const char* axis : {"X", "Y", "Z"}) {
      labels.push_back(fmt::format("M{}{}", i + 1, axis));
      units.emplace_back("Nmm");
      descriptions.push_back(fmt::format("{} plate moment {}", to_string(plates[i].plate), axis));
    }
  }
  for (const auto& [s, c] : emg) {
    const ChannelInfo& ch = layout.streams[s].channels[c];
    labels.push_back(ch.name);
    units.emplace_back("V");
    descriptions.push_back(
        fmt::format("EMG {} {}", ch.muscle, ch.side ? std::string(to_string(*ch.side)) : ""));
  }
  const auto n = static_cast<double>(channels);
  params.ints("ANALOG", "USED", {}, {n});
  params.strings("ANALOG", "LABELS", labels);
  params.strings("ANALOG", "DESCRIPTIONS", descriptions);
  params.strings("ANALOG", "UNITS", units);
  params.floats("ANALOG", "SCALE", Parameters::list_dims(channels),
                std::vector<double>(channels, 1.0));
  params.ints("ANALOG", "OFFSET", Parameters::list_dims(channels),
              std::vector<double>(channels, 0.0));
  params.floats("ANALOG", "GEN_SCALE", {}, {1.0});
  params.floats("ANALOG", "RATE", {}, {rate});

  std::vector<double> types, zero{1, 0}, corners, origin, channel_numbers;
  for (std::size_t i = 0; i < plates.size(); ++i) {
    types.push_back(2);
    const Geometry g = nominal_geometry(plates[i].plate);
    // Plate axes x forward, y right, z down: corner 1 at +x +y of the plate, then around.
    const double hx = g.length / 2, hy = g.width / 2;
    const std::array<std::array<double, 2>, 4> c{{{g.cx + hx, g.cy - hy},
                                                  {g.cx - hx, g.cy - hy},
                                                  {g.cx - hx, g.cy + hy},
                                                  {g.cx + hx, g.cy + hy}}};
    for (const auto& xy : c) {
      corners.push_back(xy[0] * 1e3);
      corners.push_back(xy[1] * 1e3);
      corners.push_back(0.0);
    }
    origin.insert(origin.end(), {0.0, 0.0, 0.0});  // moments about the surface centre
    for (std::size_t k = 0; k < 6; ++k)
      channel_numbers.push_back(static_cast<double>(6 * i + k + 1));
  }
  const int np = static_cast<int>(plates.size());
  params.ints("FORCE_PLATFORM", "USED", {}, {static_cast<double>(np)});
  params.ints("FORCE_PLATFORM", "TYPE", {np}, types);
  params.ints("FORCE_PLATFORM", "ZERO", {2}, zero);
  params.floats("FORCE_PLATFORM", "CORNERS", {3, 4, np}, corners);
  params.floats("FORCE_PLATFORM", "ORIGIN", {3, np}, origin);
  params.ints("FORCE_PLATFORM", "CHANNEL", {6, np}, channel_numbers);

  std::vector<double> times;
  std::vector<std::string> ev_labels, ev_contexts, ev_descriptions;
  std::vector<double> icons;
  for (const auto& e : events) {
    const double t = e.time_s - start;
    times.push_back(std::floor(t / 60.0));
    times.push_back(t - 60.0 * std::floor(t / 60.0));
    ev_labels.push_back(e.label);
    ev_contexts.push_back(e.context);
    ev_descriptions.push_back(e.label == "Foot Strike" ? "The instant the heel strikes the ground"
                              : e.label == "Foot Off"  ? "The instant the toe leaves the ground"
                                                       : "");
    icons.push_back(e.label == "Foot Strike" ? 1 : e.label == "Foot Off" ? 2 : 0);
  }
  params.ints("EVENT", "USED", {}, {static_cast<double>(events.size())});
  if (!events.empty()) {
    std::vector<int> time_dims{2};
    for (int d : Parameters::list_dims(events.size()))
      time_dims.push_back(d);
    params.floats("EVENT", "TIMES", time_dims, times);
    params.strings("EVENT", "LABELS", ev_labels);
    params.strings("EVENT", "CONTEXTS", ev_contexts);
    params.strings("EVENT", "DESCRIPTIONS", ev_descriptions);
    params.ints("EVENT", "ICON_IDS", Parameters::list_dims(events.size()), icons);
    params.ints("EVENT", "GENERIC_FLAGS", Parameters::list_dims(events.size()),
                std::vector<double>(events.size(), 0.0));
  }
  // Frame numbers past 32,767 as two 16-bit words (low, high).
  params.ints("TRIAL", "ACTUAL_START_FIELD", {2}, {1, 0});
  params.ints("TRIAL", "ACTUAL_END_FIELD", {2},
              {static_cast<double>(static_cast<std::int16_t>(frames & 0xFFFF)),
               static_cast<double>(frames >> 16)});
  params.floats("TRIAL", "CAMERA_RATE", {}, {point_rate});

  Bytes param_bytes = params.write();
  Bytes header;
  header.u8(2);
  header.u8(0x50);
  header.i16(0);
  header.i16(static_cast<long>(channels * per_frame));
  header.i16(1);
  header.i16(static_cast<long>(std::min(frames, kHeaderMaxFrame)));
  header.i16(0);
  header.f32(-1.0);
  header.i16(static_cast<long>(2 + param_bytes.size() / 512));
  header.i16(static_cast<long>(per_frame));
  header.f32(point_rate);
  header.pad_to_block();

  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  if (!file) throw std::runtime_error(fmt::format("{}: cannot open for writing", out.string()));
  auto put = [&](const std::vector<std::uint8_t>& b) {
    file.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  };
  put(header.data());
  put(param_bytes.data());

  // Data, a frame at a time: per_frame analog samples of every channel.
  Bytes frame;
  for (std::size_t f = 0; f < frames; ++f) {
    frame.data().clear();
    for (std::size_t k = 0; k < per_frame; ++k) {
      const std::size_t i = f * per_frame + k;
      const double t = start + static_cast<double>(i) / rate;
      for (const auto& p : plates) {
        const StreamSamples& s = streams[p.stream];
        auto get = [&](std::size_t q) { return p.index[q] ? s.at(*p.index[q], t) : 0.0; };
        const Geometry g = nominal_geometry(p.plate);
        const double fx = -get(0), fy = get(1), fz = get(2);
        const double px = get(3) - g.cx, py = -(get(4) - g.cy);
        const double mx = py * fz, my = -px * fz, mz = get(5) + px * fy - py * fx;
        for (double v : {fx, fy, fz, mx * 1e3, my * 1e3, mz * 1e3})
          frame.f32(i < samples ? v : 0.0);
      }
      for (const auto& [s, c] : emg)
        frame.f32(i < samples ? streams[s].at(c, t) : 0.0);
    }
    put(frame.data());
  }
  Bytes tail;
  const auto written = static_cast<std::size_t>(file.tellp());
  tail.data().resize((written + 511) / 512 * 512 - written, 0);
  put(tail.data());
  file.flush();
  if (!file) throw std::runtime_error(fmt::format("{}: write failed", out.string()));

  C3dWriteSummary r;
  r.analog_samples = samples;
  r.analog_rate_hz = rate;
  r.plates = plates.size();
  r.emg_channels = emg.size();
  r.events = events.size();
  r.first_sample_s = start;
  return r;
}

}  // namespace stridecue
