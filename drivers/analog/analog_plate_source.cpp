#include "analog/analog_plate_source.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace stridecue {
namespace {

constexpr std::size_t kPerPlate = 6;
constexpr std::string_view kTare = "tare";

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

// The DAQ's slot claims pass through here while pushing: a volts block gets a slot of the
// converted width from the lane and our scratch to decode into; at its commit the volts are
// converted into the slot on the same (transport) thread, and the slot goes to the engine.
// Other streams get the lane's slot itself. A block the lane has no slot for is lost whole,
// counted by the lane: the DAQ then decodes it into its own staging block and drops it.
class AnalogPlateSource::ForceSink final : public BlockSink {
 public:
  // Main thread, before the DAQ pushes: the scratch holds the most volts frames a slot can
  // take converted (the raw stream has at least the plates' channels, so no more frames).
  ForceSink(AnalogPlateSource& source, BlockSink& lane)
      : source_(source),
        lane_(lane),
        scratch_(std::max<std::size_t>(lane.slot_floats() / source.out_channels(), 1) *
                 source.volts_channels_) {}

  // Transport thread.
  std::span<float> claim(std::uint16_t stream, std::size_t frames, std::size_t channels) override {
    claimed_volts_ = false;
    if (stream != source_.volts_stream_) return lane_.claim(stream, frames, channels);
    if (channels != source_.volts_channels_ || frames * channels > scratch_.size()) {
      // The DAQ's frames are checked against its own description, which gave our layout:
      // this is a broken raw source, not a bad frame.
      lane_.close(
          fmt::format("{}: a block of {} frames of {} channels on the volts stream, whose "
                      "layout has {} channels",
                      source_.profile_.name, frames, channels, source_.volts_channels_));
      return {};
    }
    slot_ = lane_.claim(stream, frames, source_.out_channels());
    if (slot_.empty()) return {};
    frames_ = frames;
    claimed_volts_ = true;
    return std::span<float>(scratch_).first(frames * channels);
  }
  void commit(const BlockStamp& stamp) override {
    if (claimed_volts_) {
      source_.convert(scratch_.data(), source_.volts_channels_, frames_, slot_.data());
      claimed_volts_ = false;
    }
    lane_.commit(stamp);
  }
  std::size_t slot_floats() const override { return lane_.slot_floats(); }
  bool has_room() const override { return lane_.has_room(); }
  void close(const std::string& failure) override { lane_.close(failure); }

 private:
  AnalogPlateSource& source_;
  BlockSink& lane_;
  std::vector<float> scratch_;
  std::span<float> slot_;  // the lane's slot for the volts block being decoded
  std::size_t frames_ = 0;
  bool claimed_volts_ = false;
};

AnalogPlateSource::AnalogPlateSource(std::unique_ptr<SampleSource> raw, AnalogPlateProfile profile)
    : raw_(std::move(raw)),
      profile_(std::move(profile)),
      published_(TareFigures{.zero_v = std::vector<double>(kPerPlate * profile_.plates.size())}) {
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
  volts_channels_ = volts.channels.size();
  layout_.streams = streams;
  layout_.streams[*found] = force_stream(volts, profile_);

  const std::size_t n = profile_.plates.size();
  zero_v_.assign(kPerPlate * n, 0.0);
  next_zero_v_ = zero_v_;
  held_cop_.assign(2 * n, 0.0);
  sum_v_.assign(kPerPlate * n, 0.0);
  sum_fz_.assign(n, 0.0);
  min_fz_.assign(n, 0.0);
  max_fz_.assign(n, 0.0);
  fz_scratch_.assign(n, 0.0);
  window_frames_ = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lround(profile_.tare_window_s * volts.rate_hz)));
  figures_.zero_v = zero_v_;
}

AnalogPlateSource::~AnalogPlateSource() {
  raw_.reset();
}

TareReport AnalogPlateSource::tare_report() const {
  const TareFigures f = published_.read();
  TareReport report;
  report.state = f.state;
  report.completed = f.completed;
  report.zero_v = f.zero_v;
  switch (f.state) {
    case TareReport::State::never: break;
    case TareReport::State::running:
      report.message = fmt::format("averaging {} frames of volts", f.frames);
      break;
    case TareReport::State::done:
      report.message = fmt::format("tared: {} frames averaged per channel", f.frames);
      break;
    case TareReport::State::refused: {
      const auto plate = f.plate < profile_.plates.size()
                             ? to_string(profile_.plates[f.plate].plate)
                             : std::string_view("?");
      report.message =
          f.refusal == TareFigures::Refusal::loaded
              ? fmt::format(
                    "tare refused: plate \"{}\" is loaded (mean Fz {:.0f} N over {:.2f} s; "
                    "tare needs less than {:.0f} N): step off the belts and tare again",
                    plate, f.fz_n, profile_.tare_window_s, profile_.tare_max_fz_n)
              : fmt::format(
                    "tare refused: plate \"{}\"'s Fz moved by {:.0f} N during the {:.2f} s "
                    "window (tare needs less than {:.0f} N): someone is on the belt",
                    plate, f.fz_n, profile_.tare_window_s, profile_.tare_max_range_n);
      break;
    }
  }
  return report;
}

bool AnalogPlateSource::pushes() const {
  const auto* raw = dynamic_cast<const PushSource*>(raw_.get());
  return failure_.empty() && raw != nullptr && raw->pushes();
}

void AnalogPlateSource::push_into(BlockSink& sink) {
  if (!pushes()) {
    sink.close(!failure_.empty()
                   ? failure_
                   : fmt::format("{}: the raw source of volts cannot push its blocks",
                                 profile_.name.empty() ? "analog plate profile" : profile_.name));
    return;
  }
  force_sink_ = std::make_unique<ForceSink>(*this, sink);
  dynamic_cast<PushSource&>(*raw_).push_into(*force_sink_);
}

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
  const std::size_t channels = out_channels();
  if (out_.size() < raw.frames * channels) out_.resize(raw.frames * channels);
  convert(raw.samples.data(), raw.channels, raw.frames, out_.data());
  block.stream = raw.stream;
  block.first_sample = raw.first_sample;
  block.receipt_ns = raw.receipt_ns;
  block.frames = raw.frames;
  block.channels = channels;
  block.samples = std::span<const float>(out_).first(raw.frames * channels);
  return SourceStatus::block;
}

void AnalogPlateSource::begin_block() {
  if (zero_pending_) {
    zero_v_.swap(next_zero_v_);
    zero_pending_ = false;
  }
  if (!collecting_ && tare_requested_.exchange(false, std::memory_order_acq_rel)) {
    collecting_ = true;
    collected_ = 0;
    std::fill(sum_v_.begin(), sum_v_.end(), 0.0);
    std::fill(sum_fz_.begin(), sum_fz_.end(), 0.0);
    std::fill(min_fz_.begin(), min_fz_.end(), INFINITY);
    std::fill(max_fz_.begin(), max_fz_.end(), -INFINITY);
    figures_.state = TareReport::State::running;
    figures_.frames = window_frames_;
    published_.publish(figures_);
  }
}

void AnalogPlateSource::convert(const float* raw, std::size_t raw_channels, std::size_t frames,
                                float* out) {
  begin_block();
  const std::size_t plates = profile_.plates.size();
  const std::size_t channels = kPerPlate * plates;
  for (std::size_t f = 0; f < frames; ++f) {
    const float* in = raw + f * raw_channels;
    float* o = out + f * channels;
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
  figures_.refusal = TareFigures::Refusal::none;
  for (std::size_t p = 0; p < profile_.plates.size(); ++p) {
    const double mean_fz = sum_fz_[p] / n;
    const double range_fz = max_fz_[p] - min_fz_[p];
    if (std::abs(mean_fz) > profile_.tare_max_fz_n) {
      figures_.refusal = TareFigures::Refusal::loaded;
      figures_.fz_n = mean_fz;
    } else if (range_fz > profile_.tare_max_range_n) {
      figures_.refusal = TareFigures::Refusal::moving;
      figures_.fz_n = range_fz;
    } else {
      continue;
    }
    figures_.plate = p;
    break;
  }
  const bool done = figures_.refusal == TareFigures::Refusal::none;
  if (done) {
    // From the next block on: this one was converted, and is finished, with the old zero.
    for (std::size_t i = 0; i < next_zero_v_.size(); ++i)
      next_zero_v_[i] = sum_v_[i] / n;
    zero_pending_ = true;
  }
  ++figures_.completed;
  figures_.state = done ? TareReport::State::done : TareReport::State::refused;
  figures_.frames = collected_;
  std::copy(done ? next_zero_v_.begin() : zero_v_.begin(),
            done ? next_zero_v_.end() : zero_v_.end(), figures_.zero_v.begin());
  published_.publish(figures_);
}

}  // namespace stridecue
