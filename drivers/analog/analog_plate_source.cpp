#include "analog/analog_plate_source.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace stridecue {
namespace {

constexpr std::size_t kPerPlate = 6;

StreamInfo force_stream(const StreamInfo& volts, const AnalogPlateProfile& profile) {
  StreamInfo s;
  s.name = "force";
  s.rate_hz = volts.rate_hz;
  s.start_time_s = volts.start_time_s;
  struct Column {
    const char* suffix;
    Quantity quantity;
  };
  constexpr Column columns[kPerPlate] = {
      {"_fx_n", Quantity::force_x}, {"_fy_n", Quantity::force_y}, {"_fz_n", Quantity::force_z},
      {"_copx_m", Quantity::cop_x}, {"_copy_m", Quantity::cop_y}, {"_tz_nm", Quantity::torque_z}};
  for (const PlateCalibration& plate : profile.plates) {
    for (const Column& column : columns) {
      ChannelInfo ch;
      ch.name = std::string(to_string(plate.plate)) + column.suffix;
      ch.quantity = column.quantity;
      ch.plate = plate.plate;
      s.channels.push_back(std::move(ch));
    }
  }
  return s;
}

}  // namespace

AnalogPlateSource::AnalogPlateSource(std::unique_ptr<SampleSource> raw, AnalogPlateProfile profile)
    : raw_(std::move(raw)), profile_(std::move(profile)) {
  const std::string who = profile_.name.empty() ? "analog plate profile" : profile_.name;
  if (!raw_->failure().empty()) {
    failure_ = raw_->failure();
    return;
  }
  const auto& streams = raw_->layout().streams;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < streams.size(); ++i) {
    if (profile_.stream.empty() ? i == 0 : streams[i].name == profile_.stream) found = i;
  }
  if (!found) {
    failure_ = profile_.stream.empty()
                   ? fmt::format("{}: the raw source has no stream of volts", who)
                   : fmt::format("{}: the raw source has no stream \"{}\"", who, profile_.stream);
    return;
  }
  const StreamInfo& volts = streams[*found];
  for (const PlateCalibration& plate : profile_.plates) {
    if (plate.first_channel + kPerPlate > volts.channels.size()) {
      failure_ = fmt::format(
          "{}: plate \"{}\" needs raw channels {}-{} (Fx Fy Fz Mx My Mz), but stream \"{}\" has "
          "{} channels",
          who, to_string(plate.plate), plate.first_channel, plate.first_channel + kPerPlate - 1,
          volts.name, volts.channels.size());
      return;
    }
  }
  volts_stream_ = static_cast<std::uint16_t>(*found);
  layout_.streams = streams;
  layout_.streams[*found] = force_stream(volts, profile_);

  const std::size_t n = profile_.plates.size();
  zero_v_.assign(kPerPlate * n, 0.0);
  held_cop_.assign(2 * n, 0.0);
  sum_v_.assign(kPerPlate * n, 0.0);
  sum_fz_.assign(n, 0.0);
  min_fz_.assign(n, 0.0);
  max_fz_.assign(n, 0.0);
  fz_scratch_.assign(n, 0.0);
  window_frames_ = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lround(profile_.tare_window_s * volts.rate_hz)));
  report_.zero_v = zero_v_;
}

TareReport AnalogPlateSource::tare_report() const {
  std::lock_guard<std::mutex> lock(report_mutex_);
  return report_;
}

namespace {
constexpr std::string_view kTare = "tare";
}  // namespace

std::vector<DeviceAction> AnalogPlateSource::actions() const {
  return {
      {kTare, "zero the plates: the next window of volts becomes the zero (no one on the belts)"}};
}

bool AnalogPlateSource::request_action(std::string_view action) {
  if (action != kTare) return false;
  request_tare();
  return true;
}

ActionReport AnalogPlateSource::action_report(std::string_view action) const {
  if (action != kTare) return {};
  const TareReport tare = tare_report();
  return {tare.state, tare.completed, tare.message, {{"zero_v", tare.zero_v}}};
}

SourceStatus AnalogPlateSource::next(SampleBlock& block) {
  if (!failure_.empty()) return SourceStatus::failed;
  SampleBlock raw;
  const SourceStatus status = raw_->next(raw);
  if (status != SourceStatus::block) {
    if (status == SourceStatus::failed && failure_.empty()) failure_ = raw_->failure();
    return status;
  }
  if (raw.stream != volts_stream_) {
    block = raw;
    return SourceStatus::block;
  }
  convert(raw, block);
  return SourceStatus::block;
}

void AnalogPlateSource::convert(const SampleBlock& raw, SampleBlock& out) {
  const std::size_t plates = profile_.plates.size();
  const std::size_t channels = kPerPlate * plates;
  if (out_.size() < raw.frames * channels) out_.resize(raw.frames * channels);

  if (!collecting_ && tare_requested_.exchange(false, std::memory_order_acq_rel)) {
    collecting_ = true;
    collected_ = 0;
    std::fill(sum_v_.begin(), sum_v_.end(), 0.0);
    std::fill(sum_fz_.begin(), sum_fz_.end(), 0.0);
    std::fill(min_fz_.begin(), min_fz_.end(), INFINITY);
    std::fill(max_fz_.begin(), max_fz_.end(), -INFINITY);
    std::lock_guard<std::mutex> lock(report_mutex_);
    report_.state = TareReport::State::running;
    report_.message = fmt::format("averaging {} frames of volts", window_frames_);
  }

  for (std::size_t f = 0; f < raw.frames; ++f) {
    const float* in = raw.samples.data() + f * raw.channels;
    float* o = out_.data() + f * channels;
    for (std::size_t p = 0; p < plates; ++p) {
      const PlateCalibration& plate = profile_.plates[p];
      Vector6 v{};
      for (std::size_t c = 0; c < kPerPlate; ++c)
        v[c] = static_cast<double>(in[plate.first_channel + c]) - zero_v_[p * kPerPlate + c];
      const PlateOutput r = plate_output(plate, loads_from_volts(plate, v), profile_.cop_min_fz_n);
      if (r.cop_valid) {
        held_cop_[2 * p] = r.cop_x_m;
        held_cop_[2 * p + 1] = r.cop_y_m;
      }
      float* dst = o + p * kPerPlate;
      dst[0] = static_cast<float>(r.fx_n);
      dst[1] = static_cast<float>(r.fy_n);
      dst[2] = static_cast<float>(r.fz_n);
      dst[3] = static_cast<float>(held_cop_[2 * p]);
      dst[4] = static_cast<float>(held_cop_[2 * p + 1]);
      dst[5] = static_cast<float>(r.cop_valid ? r.tz_nm : 0.0);
      fz_scratch_[p] = r.fz_n;
    }
    if (collecting_) collect_tare(in, fz_scratch_);
  }

  out.stream = raw.stream;
  out.first_sample = raw.first_sample;
  out.receipt_ns = raw.receipt_ns;
  out.frames = raw.frames;
  out.channels = channels;
  out.samples = std::span<const float>(out_).first(raw.frames * channels);
}

void AnalogPlateSource::collect_tare(const float* frame, const std::vector<double>& fz) {
  for (std::size_t p = 0; p < profile_.plates.size(); ++p) {
    const std::size_t first = profile_.plates[p].first_channel;
    for (std::size_t c = 0; c < kPerPlate; ++c)
      sum_v_[p * kPerPlate + c] += static_cast<double>(frame[first + c]);
    sum_fz_[p] += fz[p];
    min_fz_[p] = std::min(min_fz_[p], fz[p]);
    max_fz_[p] = std::max(max_fz_[p], fz[p]);
  }
  if (++collected_ >= window_frames_) finish_tare();
}

void AnalogPlateSource::finish_tare() {
  collecting_ = false;
  const double n = static_cast<double>(collected_);
  std::string refusal;
  for (std::size_t p = 0; p < profile_.plates.size() && refusal.empty(); ++p) {
    const auto plate = to_string(profile_.plates[p].plate);
    const double mean_fz = sum_fz_[p] / n;
    if (std::abs(mean_fz) > profile_.tare_max_fz_n) {
      refusal = fmt::format(
          "tare refused: plate \"{}\" is loaded (mean Fz {:.0f} N over {:.2f} s; tare needs less "
          "than {:.0f} N): step off the belts and tare again",
          plate, mean_fz, profile_.tare_window_s, profile_.tare_max_fz_n);
    } else if (max_fz_[p] - min_fz_[p] > profile_.tare_max_range_n) {
      refusal = fmt::format(
          "tare refused: plate \"{}\"'s Fz moved by {:.0f} N during the {:.2f} s window (tare "
          "needs less than {:.0f} N): someone is on the belt",
          plate, max_fz_[p] - min_fz_[p], profile_.tare_window_s, profile_.tare_max_range_n);
    }
  }
  if (refusal.empty()) {
    for (std::size_t i = 0; i < zero_v_.size(); ++i)
      zero_v_[i] = sum_v_[i] / n;
  }
  std::lock_guard<std::mutex> lock(report_mutex_);
  ++report_.completed;
  report_.state = refusal.empty() ? TareReport::State::done : TareReport::State::refused;
  report_.message =
      refusal.empty() ? fmt::format("tared: {} frames averaged per channel", collected_) : refusal;
  report_.zero_v = zero_v_;
}

}  // namespace stridecue
