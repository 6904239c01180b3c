#include "files/c3d_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <system_error>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "files/c3d_bytes.hpp"
#include "files/c3d_force_platforms.hpp"

namespace stridecue {

C3dReader::C3dReader(std::span<const std::uint8_t> bytes, std::string display_name,
                     std::optional<EmgChannelProfile> emg_profile)
    : display_name_(std::move(display_name)), emg_profile_(std::move(emg_profile)) {
  load(bytes);
}

C3dReader::C3dReader(const std::filesystem::path& path,
                     std::optional<EmgChannelProfile> emg_profile)
    : display_name_(path.string()), emg_profile_(std::move(emg_profile)) {
  const auto bytes = read_c3d_bytes(path);
  if (!bytes) {
    failure_ = bytes.error();
    return;
  }
  load(*bytes);
}

void C3dReader::load(std::span<const std::uint8_t> bytes) {
  auto file = parse_c3d(bytes, display_name_);
  if (!file) {
    failure_ = file.error();
    return;
  }
  auto platforms = C3dForcePlatforms::read(*file, display_name_);
  if (!platforms) {
    failure_ = platforms.error();
    return;
  }
  if (platforms->platforms().empty()) {
    failure_ = fmt::format("{}: no force platforms (FORCE_PLATFORM:USED is 0)", display_name_);
    return;
  }

  plates_ = platforms->platforms().size();
  treadmill_ = platforms->treadmill();
  frame_note_ = platforms->frame_note();
  StreamInfo stream;
  stream.name = "force";
  stream.rate_hz = file->analog_rate_hz;
  stream.start_time_s = file->start_time_s();
  static constexpr struct {
    const char* suffix;
    Quantity quantity;
  } kChannels[channels_per_plate] = {
      {"fx_n", Quantity::force_x}, {"fy_n", Quantity::force_y}, {"fz_n", Quantity::force_z},
      {"copx_m", Quantity::cop_x}, {"copy_m", Quantity::cop_y}, {"tz_nm", Quantity::torque_z},
  };
  for (const auto& plate : platforms->platforms()) {
    for (const auto& c : kChannels) {
      ChannelInfo channel;
      channel.name = fmt::format("{}_{}", to_string(plate.kind), c.suffix);
      channel.quantity = c.quantity;
      channel.plate = plate.kind;
      stream.channels.push_back(std::move(channel));
    }
  }

  frames_ = file->analog_samples();
  samples_.reserve(frames_ * plates_ * channels_per_plate);
  for (std::size_t i = 0; i < frames_; ++i) {
    const std::span<const float> analog(file->analog_values.data() + i * file->analog_channels,
                                        file->analog_channels);
    for (const auto& plate : platforms->platforms()) {
      const C3dPlateSample s = platforms->sample(plate, analog);
      for (const double v : {s.fx_n, s.fy_n, s.fz_n, s.copx_m, s.copy_m, s.tz_nm}) {
        if (!(std::fabs(v) <= std::numeric_limits<float>::max())) {
          failure_ = fmt::format(
              "{}: force platform {} at analog sample {}: a force, moment or "
              "COP is out of range ({})",
              display_name_, plate.number, i + 1, v);
          samples_ = {};
          return;
        }
        samples_.push_back(static_cast<float>(v));
      }
    }
  }
  std::vector<std::size_t> force_channels;
  for (const auto& plate : platforms->platforms())
    force_channels.insert(force_channels.end(), plate.channels.begin(), plate.channels.end());
  auto emg =
      select_c3d_emg(*file, force_channels, emg_profile_ ? &*emg_profile_ : nullptr, display_name_);
  if (!emg) {
    failure_ = emg.error();
    samples_ = {};
    return;
  }
  emg_ = std::move(*emg);
  layout_.streams.push_back(std::move(stream));
  if (!load_emg(*file)) {
    samples_ = {};
    layout_ = {};
    emg_ = {};
    return;
  }
  events_ = std::move(file->events);
  analog_labels_ = std::move(file->analog_labels);
}

bool C3dReader::load_emg(const C3dFile& file) {
  if (emg_.channels.empty()) return true;
  StreamInfo stream;
  stream.name = "emg";
  stream.rate_hz = file.analog_rate_hz;
  stream.start_time_s = file.start_time_s();
  for (const C3dEmgChannel& c : emg_.channels) {
    stream.channels.push_back(ChannelInfo{fmt::format("emg_{}_{}_v", c.muscle, to_string(c.side)),
                                          Quantity::emg, std::nullopt, c.side, c.muscle});
  }
  const std::size_t channels = emg_.channels.size();
  emg_samples_.reserve(frames_ * channels);
  for (std::size_t i = 0; i < frames_; ++i) {
    const float* analog = file.analog_values.data() + i * file.analog_channels;
    for (const C3dEmgChannel& c : emg_.channels) {
      // `+ 0.0` keeps a flipped zero from being written out as "-0".
      const double volts = static_cast<double>(analog[c.analog_index]) * c.volts_per_unit + 0.0;
      if (!(std::fabs(volts) <= std::numeric_limits<float>::max())) {
        failure_ = fmt::format(
            "{}: EMG channel {} \"{}\" at analog sample {}: {} {} is not a "
            "finite voltage",
            display_name_, c.analog_index + 1, c.label, i + 1, analog[c.analog_index],
            c.unit.empty() ? "V" : c.unit);
        emg_samples_ = {};
        return false;
      }
      emg_samples_.push_back(static_cast<float>(volts));
    }
  }
  layout_.streams.push_back(std::move(stream));
  return true;
}

std::string C3dReader::emg_note() const {
  std::vector<std::string> placed;
  for (const C3dEmgChannel& c : emg_.channels)
    placed.push_back(fmt::format("\"{}\" = {} {}", c.label, to_string(c.side), c.muscle));
  std::string note;
  if (!placed.empty()) {
    note = fmt::format(
        "EMG from {} channel{} ({}): {}", placed.size(), placed.size() == 1 ? "" : "s",
        emg_profile_ ? fmt::format("profile \"{}\"", emg_profile_->name) : std::string("by label"),
        fmt::join(placed, ", "));
  }
  if (!emg_.unitless.empty()) {
    note += fmt::format("{}no ANALOG:UNITS for {}: taken as volts", note.empty() ? "" : "; ",
                        fmt::join(emg_.unitless, ", "));
  }
  if (!emg_.left_out.empty()) {
    // Grouped by reason, in the order the reasons first appear.
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const C3dEmgLeftOut& l : emg_.left_out) {
      auto group = std::find_if(groups.begin(), groups.end(),
                                [&](const auto& g) { return g.first == l.reason; });
      if (group == groups.end()) group = groups.insert(groups.end(), {l.reason, {}});
      group->second.push_back(l.label);
    }
    std::vector<std::string> parts;
    for (const auto& [reason, labels] : groups)
      parts.push_back(fmt::format("{} ({})", fmt::join(labels, ", "), reason));
    note += fmt::format("{}not taken as EMG: {}; map them with an EMG profile (--emg-profile)",
                        note.empty() ? "" : "; ", fmt::join(parts, "; "));
  }
  return note;
}

SourceStatus C3dReader::next(SampleBlock& block) {
  if (!failure_.empty()) return SourceStatus::failed;
  if (emg_due_) {
    emg_due_ = false;
    const std::size_t channels = emg_.channels.size();
    hand_out(block, 1, emg_samples_, channels);
    next_frame_ += block.frames;
    return SourceStatus::block;
  }
  if (next_frame_ >= frames_) return SourceStatus::end;
  hand_out(block, 0, samples_, plates_ * channels_per_plate);
  if (emg_.channels.empty()) {
    next_frame_ += block.frames;
  } else {
    emg_due_ = true;  // the same frames again, from the EMG stream
  }
  return SourceStatus::block;
}

void C3dReader::hand_out(SampleBlock& block, std::uint16_t stream,
                         const std::vector<float>& samples, std::size_t channels) const {
  const std::size_t frames = std::min(block_frames, frames_ - next_frame_);
  block.stream = stream;
  block.first_sample = static_cast<std::int64_t>(next_frame_);
  block.receipt_ns = 0;
  block.frames = frames;
  block.channels = channels;
  block.samples =
      std::span<const float>(samples.data() + next_frame_ * channels, frames * channels);
}

std::unique_ptr<C3dReader> open_c3d(const std::filesystem::path& path,
                                    std::optional<EmgChannelProfile> emg_profile) {
  return std::make_unique<C3dReader>(path, std::move(emg_profile));
}

}  // namespace stridecue
