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

#include "files/c3d_force_platforms.hpp"

namespace stridecue {

C3dReader::C3dReader(std::span<const std::uint8_t> bytes, std::string display_name)
    : display_name_(std::move(display_name)) {
  load(bytes);
}

C3dReader::C3dReader(const std::filesystem::path& path) : display_name_(path.string()) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    failure_ = fmt::format("{}: cannot open: is a directory", display_name_);
    return;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open()) {
    failure_ =
        fmt::format("{}: cannot open: {}", display_name_, std::generic_category().message(errno));
    return;
  }
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(file),
                                        std::istreambuf_iterator<char>()};
  if (file.bad()) {
    failure_ = fmt::format("{}: read error", display_name_);
    return;
  }
  load(bytes);
}

void C3dReader::load(std::span<const std::uint8_t> bytes) {
  auto file = parse_c3d(bytes, display_name_, &failure_);
  if (!file) return;
  auto platforms = C3dForcePlatforms::read(*file, display_name_, &failure_);
  if (!platforms) return;
  if (platforms->platforms().empty()) {
    failure_ = fmt::format("{}: no force platforms (FORCE_PLATFORM:USED is 0)", display_name_);
    return;
  }

  plates_ = platforms->platforms().size();
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
      channel.name = fmt::format("floor{}_{}", plate.number, c.suffix);
      channel.quantity = c.quantity;
      channel.plate = floor_plate(plate.number);
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
  layout_.streams.push_back(std::move(stream));
  events_ = std::move(file->events);
  analog_labels_ = std::move(file->analog_labels);
}

SourceStatus C3dReader::next(SampleBlock& block) {
  if (!failure_.empty()) return SourceStatus::failed;
  if (next_frame_ >= frames_) return SourceStatus::end;
  const std::size_t frames = std::min(block_frames, frames_ - next_frame_);
  const std::size_t channels = plates_ * channels_per_plate;
  block.stream = 0;
  block.first_sample = static_cast<std::int64_t>(next_frame_);
  block.receipt_ns = 0;
  block.frames = frames;
  block.channels = channels;
  block.samples =
      std::span<const float>(samples_.data() + next_frame_ * channels, frames * channels);
  next_frame_ += frames;
  return SourceStatus::block;
}

std::unique_ptr<C3dReader> open_c3d(const std::filesystem::path& path) {
  return std::make_unique<C3dReader>(path);
}

}  // namespace stridecue
