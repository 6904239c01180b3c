#include "engine/session_core.hpp"

#include <algorithm>
#include <stdexcept>

namespace stridecue {

std::uint64_t CueCounts::of(CueKind kind) const {
  switch (kind) {
    case CueKind::heel_strike: return heel_strike;
    case CueKind::hips: return hips;
    case CueKind::loading_rate: return loading_rate;
    case CueKind::cadence: return cadence;
    case CueKind::glute_onset: return glute_onset;
  }
  return 0;
}

std::uint64_t& CueCounts::of(CueKind kind) {
  switch (kind) {
    case CueKind::heel_strike: return heel_strike;
    case CueKind::hips: return hips;
    case CueKind::loading_rate: return loading_rate;
    case CueKind::cadence: return cadence;
    case CueKind::glute_onset: return glute_onset;
  }
  return heel_strike;
}

SessionCore::SessionCore(const SourceLayout& layout, const EngineSettings& engine,
                         const CueSettings& cue)
    : engine_(layout, engine), policy_(cue) {
  streams_.reserve(layout.streams.size());
  for (const auto& stream : layout.streams)
    streams_.push_back({stream.start_time_s, stream.rate_hz});
}

void SessionCore::process(const SampleBlock& block, SessionSink& sink) {
  block_receipt_ns_ = block.receipt_ns;
  if (block.stream < streams_.size()) {
    const StreamClock& clock = streams_[block.stream];
    session_s_ = std::max(
        session_s_, clock.start_time_s + static_cast<double>(block.first_sample) / clock.rate_hz);
  }
  sink_ = &sink;
  engine_.process(block, relay_);
  sink_ = nullptr;
}

std::optional<double> SessionCore::block_end_s(const SampleBlock& block) const {
  if (block.stream >= streams_.size() || !(streams_[block.stream].rate_hz > 0.0))
    return std::nullopt;
  const StreamClock& clock = streams_[block.stream];
  return clock.start_time_s +
         static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
             clock.rate_hz;
}

void SessionCore::finish(SessionSink& sink) {
  sink_ = &sink;
  engine_.finish(relay_);
  sink_ = nullptr;
}

void SessionCore::apply(const EngineSettings& engine, const CueSettings& cue) {
  // The cue settings are checked first: GaitEngine::apply checks its own before it changes
  // anything, so a refusal from either leaves both on the old settings.
  if (const char* problem = cue.problem()) throw std::invalid_argument(problem);
  engine_.apply(engine);
  policy_.apply(cue);
}

void SessionCore::Relay::on_strike(const StrikeEvent& strike) {
  core_.sink_->on_strike(strike);
  core_.emit(core_.policy_.on_strike(strike));
}

void SessionCore::Relay::on_stride(const StrideRecord& stride) {
  core_.sink_->on_stride(stride);
  // The stride's cues are decided now, at the block that brought the stride's EMG in.
  for (const Cue& cue : core_.policy_.on_stride(stride, core_.session_s_, core_.block_receipt_ns_))
    core_.emit(cue);
}

void SessionCore::emit(const std::optional<Cue>& cue) {
  if (!cue) return;
  Cue numbered = *cue;
  numbered.seq = ++cue_seq_;
  ++cues_.of(numbered.kind);
  sink_->on_cue(numbered);
}

}  // namespace stridecue
