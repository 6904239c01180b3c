#include "engine/glute_tracker.hpp"

#include <algorithm>
#include <stdexcept>

namespace stridecue {
namespace {
// The conditioner is fed in chunks of at most this many frames (its scratch size).
constexpr std::size_t kChunkFrames = 512;
// The analyzer's scratch holds the longest stretch it may take (a sample more than the span).
constexpr double kAnalysisS = kGluteMaxLookbackS + kGluteMaxSearchS + 0.01;
}  // namespace

struct GluteTracker::Muscle {
  std::size_t channel;
  Side side;
  bool gmed;
  EmgHistory history;
  GluteActivationAnalyzer analyzer;
  GluteBaseline baseline;
};

const char* GluteSettings::problem() const {
  if (const char* p = emg.problem()) return p;
  if (const char* p = quality.problem()) return p;
  if (const char* p = activation.problem()) return p;
  return baseline.problem();
}

GluteTracker::GluteTracker(const SourceLayout& layout, const GluteSettings& settings)
    : settings_(settings) {
  if (const char* problem = settings_.problem()) throw std::invalid_argument(problem);
  for (std::size_t s = 0; s < layout.streams.size() && !stream_; ++s) {
    for (const auto& c : layout.streams[s].channels) {
      if (c.quantity == Quantity::emg) {
        stream_ = static_cast<std::uint16_t>(s);
        info_ = &layout.streams[s];
        break;
      }
    }
  }
  if (!info_) return;
  const double rate_hz = info_->rate_hz;
  if (const char* problem = settings_.emg.problem_at(rate_hz)) {
    throw std::invalid_argument(std::string("EMG stream '") + info_->name + "': " + problem);
  }
  const std::size_t channels = info_->channels.size();
  conditioner_ = std::make_unique<EmgConditioner>(settings_.emg, rate_hz, channels, kChunkFrames);
  quality_ = std::make_unique<EmgQuality>(settings_.quality, rate_hz, channels);
  filtered_.resize(kChunkFrames * channels);
  envelope_.resize(kChunkFrames * channels);
  mains_.resize(kChunkFrames * channels);
  std::size_t per_side[2] = {0, 0};
  muscles_.reserve(channels);
  for (std::size_t c = 0; c < channels; ++c) {
    const ChannelInfo& info = info_->channels[c];
    if (info.quantity != Quantity::emg || !info.side) continue;
    std::size_t& n = per_side[*info.side == Side::left ? 0 : 1];
    if (n == kMaxMusclesPerSide) continue;
    ++n;
    muscles_.push_back(Muscle{c, *info.side, info.muscle == "gmed",
                              EmgHistory(rate_hz, kGluteHistoryS),
                              GluteActivationAnalyzer(settings_.activation, rate_hz, kAnalysisS),
                              GluteBaseline(settings_.baseline)});
  }
}

GluteTracker::~GluteTracker() = default;

bool GluteTracker::measures(Side side) const {
  return std::any_of(muscles_.begin(), muscles_.end(),
                     [side](const Muscle& m) { return m.side == side; });
}

void GluteTracker::process(const SampleBlock& block) {
  if (!stream_ || block.stream != *stream_ || block.channels != info_->channels.size()) return;
  const std::size_t channels = block.channels;
  for (std::size_t first = 0; first < block.frames; first += kChunkFrames) {
    const std::size_t frames = std::min(kChunkFrames, block.frames - first);
    const auto raw = block.samples.subspan(first * channels, frames * channels);
    const std::span<float> filtered(filtered_.data(), frames * channels);
    const std::span<float> mains(mains_.data(), frames * channels);
    const std::span<float> envelope(envelope_.data(), frames * channels);
    conditioner_->process(raw, frames, {filtered, envelope, {}, mains});
    quality_->update(raw, filtered, mains, frames);
    const double t0 =
        info_->start_time_s +
        static_cast<double>(block.first_sample + static_cast<std::int64_t>(first)) / info_->rate_hz;
    for (auto& m : muscles_)
      m.history.append(t0, filtered, channels, m.channel, frames);
    newest_time_s_ = t0 + static_cast<double>(frames - 1) / info_->rate_hz;
  }
}

bool GluteTracker::ready(double contact_s) const {
  if (muscles_.empty()) return true;
  return newest_time_s_ >= contact_s + muscles_.front().analyzer.ready_delay_s();
}

StrideEmg GluteTracker::measure(Side side, double contact_s) {
  StrideEmg out;
  for (auto& m : muscles_) {
    if (m.side != side || out.count == kMaxMusclesPerSide) continue;
    MuscleActivation& a = out.muscles[out.count];
    a.channel = static_cast<std::uint16_t>(m.channel);
    a.name = info_->channels[m.channel].name;
    a.muscle = info_->channels[m.channel].muscle;
    a.quality = quality_->flags(m.channel);
    const GluteActivation g = m.analyzer.analyze(m.history, contact_s);
    a.activation_v = g.mean_envelope_v;
    if (g.onset_s) a.onset_ms = *g.onset_s * 1e3;
    if (g.offset_s) a.offset_ms = *g.offset_s * 1e3;
    a.mdf_hz = g.mdf_hz;
    // A flagged signal is reported but never rated: it must not move the baseline or the flag.
    const bool usable = a.quality == EmgQualityFlags::none;
    const GluteStrideRatio rated =
        m.baseline.add_stride(usable ? g.mean_envelope_v : std::nullopt, contact_s);
    a.ratio = rated.ratio;
    if (m.gmed && !out.gmed) {
      out.gmed = out.count;
      out.glute_drop = rated.drop;
    }
    ++out.count;
  }
  return out;
}

const char* GluteTracker::problem(const GluteSettings& settings) const {
  if (const char* p = settings.problem()) return p;
  if (info_) return settings.emg.problem_at(info_->rate_hz);
  return nullptr;
}

void GluteTracker::apply(const GluteSettings& settings) {
  if (const char* p = problem(settings)) throw std::invalid_argument(p);
  const bool filters_changed = !(settings.emg == settings_.emg);
  settings_ = settings;
  if (quality_) quality_->apply(settings_.quality);
  for (auto& m : muscles_) {
    m.analyzer.apply(settings_.activation);
    m.baseline.apply(settings_.baseline);
  }
  if (!filters_changed || !conditioner_) return;
  // Checked at this rate above: the conditioner takes it.
  conditioner_->apply(settings_.emg);
  quality_->reset();
  for (auto& m : muscles_) {
    m.history.clear();
    m.baseline.reset();
  }
}

void GluteTracker::reset_baseline(std::optional<Side> side) {
  for (auto& m : muscles_)
    if (!side || m.side == *side) m.baseline.reset();
}

bool GluteTracker::set_gmed_baseline(Side side, double activation_v) {
  for (auto& m : muscles_) {
    if (m.gmed && m.side == side) {
      m.baseline.set_baseline(activation_v);
      return true;
    }
  }
  return false;
}

std::optional<double> GluteTracker::gmed_baseline_v(Side side) const {
  for (const auto& m : muscles_) {
    if (m.gmed && m.side == side) return m.baseline.baseline();
  }
  return std::nullopt;
}

}  // namespace stridecue
