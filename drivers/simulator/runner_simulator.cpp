#include "simulator/runner_simulator.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace stridecue {

namespace {

// Random streams of one seed (see DeterministicRng); 1 is the stride plan's.
constexpr std::uint64_t kForceNoiseStream = 2;
constexpr std::uint64_t kEmgStream = 3;

// Below this vertical force a plate's COP (moment / force) is meaningless; we write 0 there,
// where a real plate writes whatever its noise divides into (docs/simulator.md).
constexpr double kCopMinFz_n = 20.0;
// COP noise = force noise × this lever / fz: the moment channels' noise divided by the force,
// which is why real COP is wild near the threshold and steady at full load.
constexpr double kCopNoiseLever_m = 0.3;
// Free-moment noise = force noise × this lever.
constexpr double kTzNoiseLever_m = 0.02;
// Mains pickup: the third harmonic at a third of the fundamental's amplitude.
constexpr double kThirdHarmonicRatio = 1.0 / 3.0;
constexpr std::size_t kForceChannelsPerPlate = 6;

// Frames of a `rate_hz` stream sampled before session time block × block_s. The tolerance
// absorbs the rounding of block × block_s × rate_hz (0.01 × 1000 is not exactly 10).
std::int64_t frames_before(std::int64_t block, double block_s, double rate_hz) {
  return static_cast<std::int64_t>(
      std::ceil(static_cast<double>(block) * block_s * rate_hz - 1e-6));
}

std::int64_t frames_in(double duration_s, double rate_hz) {
  return static_cast<std::int64_t>(std::ceil(duration_s * rate_hz - 1e-6));
}

StreamInfo force_stream(const SimulatorConfig& c) {
  StreamInfo s;
  s.name = "force";
  s.rate_hz = c.force_rate_hz;
  const std::vector<Plate> plates = c.layout == TreadmillLayout::split_belt
                                        ? std::vector<Plate>{Plate::left, Plate::right}
                                        : std::vector<Plate>{Plate::belt};
  struct Column {
    const char* suffix;
    Quantity quantity;
  };
  constexpr Column columns[kForceChannelsPerPlate] = {
      {"_fx_n", Quantity::force_x}, {"_fy_n", Quantity::force_y}, {"_fz_n", Quantity::force_z},
      {"_copx_m", Quantity::cop_x}, {"_copy_m", Quantity::cop_y}, {"_tz_nm", Quantity::torque_z}};
  for (const Plate plate : plates) {
    for (const Column& column : columns) {
      ChannelInfo ch;
      ch.name = std::string(to_string(plate)) + column.suffix;
      ch.quantity = column.quantity;
      ch.plate = plate;
      s.channels.push_back(std::move(ch));
    }
  }
  return s;
}

StreamInfo emg_stream(const SimulatorConfig& c) {
  StreamInfo s;
  s.name = "emg";
  s.rate_hz = c.emg_rate_hz;
  for (const Side side : {Side::left, Side::right}) {
    ChannelInfo ch;
    ch.name = "emg_gmed_" + std::string(to_string(side)) + "_v";
    ch.quantity = Quantity::emg;
    ch.side = side;
    ch.muscle = "gmed";
    s.channels.push_back(std::move(ch));
  }
  return s;
}

SimulatorConfig checked(SimulatorConfig config) {
  if (const std::string error = validate(config); !error.empty()) {
    throw std::invalid_argument("simulator config: " + error);
  }
  return config;
}

}  // namespace

RunnerSimulator::RunnerSimulator(SimulatorConfig config)
    : config_(checked(std::move(config))),
      plan_(plan_strides(config_)),
      force_rng_(config_.seed, kForceNoiseStream),
      emg_rng_(config_.seed, kEmgStream) {
  layout_.streams = {force_stream(config_), emg_stream(config_)};

  const bool clean = config_.clean;
  force_noise_n_ = clean ? 0.0 : config_.force_noise_n;
  emg_noise_v_ = clean ? 0.0 : config_.emg_noise_v;
  mains_hum_v_ = clean ? 0.0 : config_.mains_hum_v;
  mains_phase_rad_ = emg_rng_.uniform(0.0, 2.0 * std::numbers::pi);
  const double offset_n = clean ? 0.0 : config_.force_offset_n;

  // Each plate has its own zero drift; shear offsets are a fraction of the vertical one.
  const bool split = config_.layout == TreadmillLayout::split_belt;
  const std::vector<Plate> plates =
      split ? std::vector<Plate>{Plate::left, Plate::right} : std::vector<Plate>{Plate::belt};
  for (const Plate plate : plates) {
    const double scale = plate == Plate::right ? 0.85 : 1.0;
    PlateState p;
    p.plate = plate;
    p.offset_fz_n = offset_n * scale;
    p.offset_fx_n = -0.25 * offset_n * scale;
    p.offset_fy_n = 0.15 * offset_n * scale;
    plates_.push_back(std::move(p));
  }
  for (std::uint32_t i = 0; i < plan_.truth.size(); ++i) {
    const Side side = plan_.truth[i].side;
    for (PlateState& p : plates_) {
      if (!split || (side == Side::left) == (p.plate == Plate::left)) p.strides.push_back(i);
    }
    emg_sides_[side == Side::left ? 0 : 1].strides.push_back(i);
  }
  emg_sides_[1].hum_scale = 0.8;  // the two electrode pairs pick up the mains differently

  force_frames_total_ = frames_in(config_.duration_s, config_.force_rate_hz);
  emg_frames_total_ = frames_in(config_.duration_s, config_.emg_rate_hz);
  blocks_total_ = static_cast<std::int64_t>(std::ceil(config_.duration_s / config_.block_s - 1e-6));
  const auto max_frames = [&](double rate_hz) {
    return static_cast<std::size_t>(std::ceil(config_.block_s * rate_hz)) + 1;
  };
  force_buffer_.assign(max_frames(config_.force_rate_hz) * kForceChannelsPerPlate * plates_.size(),
                       0.0f);
  emg_buffer_.assign(max_frames(config_.emg_rate_hz) * 2, 0.0f);
}

SourceStatus RunnerSimulator::next(SampleBlock& block) {
  while (block_ < blocks_total_) {
    const bool emg = emg_turn_;
    const double rate_hz = emg ? config_.emg_rate_hz : config_.force_rate_hz;
    const std::int64_t total = emg ? emg_frames_total_ : force_frames_total_;
    const std::int64_t first = std::min(total, frames_before(block_, config_.block_s, rate_hz));
    const std::int64_t end = std::min(total, frames_before(block_ + 1, config_.block_s, rate_hz));
    emg_turn_ = !emg;
    if (emg) ++block_;
    if (end <= first) continue;

    const auto frames = static_cast<std::size_t>(end - first);
    const std::size_t channels = layout_.streams[emg ? 1 : 0].channels.size();
    if (emg) {
      fill_emg(first, frames);
    } else {
      fill_force(first, frames);
    }
    block.stream = emg ? 1 : 0;
    block.first_sample = first;
    block.receipt_ns = 0;
    block.frames = frames;
    block.channels = channels;
    block.samples =
        std::span<const float>(emg ? emg_buffer_ : force_buffer_).first(frames * channels);
    return SourceStatus::block;
  }
  return SourceStatus::end;
}

void RunnerSimulator::fill_force(std::int64_t first, std::size_t frames) {
  const std::size_t channels = kForceChannelsPerPlate * plates_.size();
  const double noise_n = force_noise_n_;
  for (std::size_t f = 0; f < frames; ++f) {
    const double t =
        static_cast<double>(first + static_cast<std::int64_t>(f)) / config_.force_rate_hz;
    float* out = force_buffer_.data() + f * channels;
    for (PlateState& p : plates_) {
      while (p.cursor < p.strides.size() && plan_.truth[p.strides[p.cursor]].toe_off_s <= t) {
        ++p.cursor;
      }
      StanceSample s;
      bool foot_on = false;
      if (p.cursor < p.strides.size()) {
        const StanceShape& shape = plan_.stance[p.strides[p.cursor]];
        if (t > shape.contact_s) {
          s = stance_at(shape, t - shape.contact_s);
          foot_on = true;
        }
      }
      double fx = s.fx_n + p.offset_fx_n;
      double fy = s.fy_n + p.offset_fy_n;
      double fz = s.fz_n + p.offset_fz_n;
      double tz = s.tz_nm;
      if (noise_n > 0.0) {
        fx += noise_n * force_rng_.gaussian();
        fy += noise_n * force_rng_.gaussian();
        fz += noise_n * force_rng_.gaussian();
        tz += noise_n * kTzNoiseLever_m * force_rng_.gaussian();
      }
      double copx = 0.0;
      double copy = 0.0;
      if (foot_on && fz > kCopMinFz_n) {
        copx = s.copx_m;
        copy = s.copy_m;
        if (noise_n > 0.0) {
          const double cop_sd_m = noise_n * kCopNoiseLever_m / fz;
          copx += cop_sd_m * force_rng_.gaussian();
          copy += cop_sd_m * force_rng_.gaussian();
        }
      }
      out[0] = static_cast<float>(fx);
      out[1] = static_cast<float>(fy);
      out[2] = static_cast<float>(fz);
      out[3] = static_cast<float>(copx);
      out[4] = static_cast<float>(copy);
      out[5] = static_cast<float>(tz);
      out += kForceChannelsPerPlate;
    }
  }
}

void RunnerSimulator::fill_emg(std::int64_t first, std::size_t frames) {
  using std::numbers::pi;
  const double omega = 2.0 * pi * config_.mains_hz;
  for (std::size_t f = 0; f < frames; ++f) {
    const double t =
        static_cast<double>(first + static_cast<std::int64_t>(f)) / config_.emg_rate_hz;
    const double hum =
        mains_hum_v_ > 0.0
            ? mains_hum_v_ * (std::sin(omega * t + mains_phase_rad_) +
                              kThirdHarmonicRatio * std::sin(3.0 * (omega * t + mains_phase_rad_)))
            : 0.0;
    for (std::size_t side = 0; side < emg_sides_.size(); ++side) {
      EmgSideState& e = emg_sides_[side];
      while (e.cursor < e.strides.size() && plan_.burst[e.strides[e.cursor]].offset_s <= t) {
        ++e.cursor;
      }
      double envelope = 0.0;
      for (std::size_t j = e.cursor; j < e.strides.size() && plan_.burst[e.strides[j]].onset_s < t;
           ++j) {
        const BurstShape& b = plan_.burst[e.strides[j]];
        envelope += b.amplitude * burst_envelope(b, t);
      }
      double v = hum * e.hum_scale;
      // Surface EMG is, to a first approximation, gaussian noise amplitude-modulated by the
      // activation (De Luca 1979; Hogan & Mann 1980; both IEEE Trans Biomed Eng).
      if (envelope > 0.0) v += config_.emg_gain_v * envelope * emg_rng_.gaussian();
      if (emg_noise_v_ > 0.0) v += emg_noise_v_ * emg_rng_.gaussian();
      emg_buffer_[f * 2 + side] = static_cast<float>(v);
    }
  }
}

void add_known_runner(const SimulatorConfig& config, EngineSettings& settings) {
  if (!settings.runner.body_mass_kg) settings.runner.body_mass_kg = config.body_mass_kg;
  if (!settings.runner.foot_length_m) settings.runner.foot_length_m = config.foot_length_m;
  if (!settings.treadmill.belt_speed_m_s) {
    settings.treadmill.belt_speed_m_s = config.belt_speed_m_s;
  }
}

}  // namespace stridecue
