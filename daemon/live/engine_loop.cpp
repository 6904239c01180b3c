#include "live/engine_loop.hpp"

#include "realtime/monotonic_clock.hpp"

#include <chrono>
#include <cmath>

namespace stridecue {

// Receives the engine's output on the engine thread.
class EngineLoop::Sink final : public StrideSink {
 public:
  explicit Sink(EngineLoop& loop) : loop_(loop) {}

  void on_strike(const StrikeEvent& strike) override {
    LiveEvent& e = loop_.scratch_;
    e.type = LiveEventType::strike;
    e.session_s = strike.decided_s;
    e.receipt_ns = strike.receipt_ns;
    e.decided_ns = monotonic_ns();
    e.strike = strike;
    loop_.emit(e);
    loop_.decide(loop_.policy_.on_strike(strike), strike.decided_s);
  }

  void on_stride(const StrideRecord& stride) override {
    LiveEvent& e = loop_.scratch_;
    e.type = LiveEventType::stride;
    e.session_s = stride.toe_off_s;
    e.receipt_ns = 0;
    e.decided_ns = monotonic_ns();
    e.stride = stride;
    loop_.emit(e);
    // The hips cue is decided now, at the block that brought the stride's EMG in.
    loop_.decide(loop_.policy_.on_stride(stride, loop_.data_s_, loop_.block_receipt_ns_),
                 loop_.data_s_);
  }

 private:
  EngineLoop& loop_;
};

EngineLoop::EngineLoop(const SourceLayout& layout, const EngineSettings& engine,
                       const CueSettings& cue, BlockChannel& blocks, CueSound* sound,
                       double signal_rate_hz)
    : layout_(layout),
      engine_(layout, engine),
      policy_(cue),
      blocks_in_(blocks),
      sound_(sound),
      signal_interval_s_(signal_rate_hz > 0.0 ? 1.0 / signal_rate_hz : 0.0),
      events_(std::make_unique<EventRing>()),
      sink_(std::make_unique<Sink>(*this)) {
  for (std::uint16_t s = 0; s < layout.streams.size(); ++s) {
    const auto& channels = layout.streams[s].channels;
    for (std::size_t c = 0; c < channels.size(); ++c) {
      if (channels[c].quantity == Quantity::force_z && fz_count_ < fz_traces_.size()) {
        fz_traces_[fz_count_++] = {s, c};
      } else if (channels[c].quantity == Quantity::emg && emg_count_ < emg_traces_.size()) {
        emg_traces_[emg_count_++] = {s, c};
      }
    }
  }
  signals_.plates = fz_count_;
  signals_.emg_channels = emg_count_;
}

EngineLoop::~EngineLoop() {
  stop();
}

void EngineLoop::start() {
  thread_ = std::thread([this] { run(); });
}

void EngineLoop::stop() {
  stop_.store(true);
  blocks_in_.notify_engine();
  if (thread_.joinable()) thread_.join();
}

bool EngineLoop::post(const EngineChange& change) {
  if (!changes_.try_push(change)) return false;
  blocks_in_.notify_engine();
  return true;
}

void EngineLoop::run() {
  for (;;) {
    const std::uint32_t seen = blocks_in_.wake.load(std::memory_order_acquire);
    apply_changes();
    std::uint16_t slot;
    bool worked = false;
    while (blocks_in_.full.try_pop(slot)) {
      process(blocks_in_.pool[slot].header);
      blocks_in_.done.try_push(slot);  // as many places as slots: cannot fail
      worked = true;
    }
    if (worked) continue;
    if (stop_.load(std::memory_order_acquire)) break;
    if (blocks_in_.source_ended.load(std::memory_order_acquire) && blocks_in_.full.size() == 0) {
      break;
    }
    blocks_in_.wake.wait(seen, std::memory_order_acquire);
  }
  engine_.finish(*sink_);
  finished_.store(true, std::memory_order_release);
  events_ready_.notify();
}

void EngineLoop::process(const SampleBlock& block) {
  block_receipt_ns_ = block.receipt_ns;
  const StreamInfo& stream = layout_.streams[block.stream];
  data_s_ = std::max(
      data_s_, stream.start_time_s + static_cast<double>(block.first_sample) / stream.rate_hz);
  engine_.process(block, *sink_);
  blocks_.fetch_add(1, std::memory_order_relaxed);
  if (signal_interval_s_ > 0.0) collect_signals(block);
}

void EngineLoop::apply_changes() {
  EngineChange change;
  while (changes_.try_pop(change)) {
    LiveEvent& e = scratch_;
    e.session_s = data_s_;
    e.decided_ns = monotonic_ns();
    e.receipt_ns = 0;
    if (change.kind == EngineChange::Kind::settings) {
      // Checked by the control side before it was posted: apply() cannot throw here.
      try {
        engine_.apply(*change.engine);
        policy_.apply(*change.cue);
      } catch (const std::invalid_argument&) {
        // Checked by the control side already; a rule only the engine knows (the plates) was
        // broken: the old settings stay, and the version is not acknowledged.
        continue;
      }
      applied_version_.store(change.version);
      e.type = LiveEventType::settings_applied;
      e.seq = change.version;
    } else {
      engine_.reset_glute_baseline(change.side);
      e.type = LiveEventType::baseline_reset;
      e.seq = 0;
      e.side = change.side;
    }
    emit(e);
  }
}

void EngineLoop::emit(const LiveEvent& e) {
  if (!events_->try_push(e)) {
    events_lost_.fetch_add(1, std::memory_order_relaxed);
  } else if (e.type != LiveEventType::signals) {
    events_ready_.notify();
  }
}

void EngineLoop::decide(const std::optional<Cue>& cue, double session_s) {
  if (!cue) return;
  LiveEvent& e = scratch_;
  e.type = LiveEventType::cue;
  e.session_s = session_s;
  e.seq = ++cue_seq_;
  e.cue = *cue;
  e.receipt_ns = cue->receipt_ns;
  e.decided_ns = monotonic_ns();
  if (sound_ != nullptr) sound_->play(cue->kind, e.seq, e.decided_ns);
  emit(e);
}

void EngineLoop::collect_signals(const SampleBlock& block) {
  if (block.frames == 0) return;
  for (std::size_t i = 0; i < fz_count_; ++i) {
    if (fz_traces_[i].stream == block.stream) {
      signals_.fz_n[i] = block.at(block.frames - 1, fz_traces_[i].channel);
    }
  }
  for (std::size_t i = 0; i < emg_count_; ++i) {
    if (emg_traces_[i].stream != block.stream) continue;
    double sum = 0.0;
    for (std::size_t f = 0; f < block.frames; ++f)
      sum += std::fabs(block.at(f, emg_traces_[i].channel));
    emg_sum_[i] += sum;
    emg_n_[i] += block.frames;
  }
  if (data_s_ < next_signal_s_) return;
  next_signal_s_ = data_s_ + signal_interval_s_;
  for (std::size_t i = 0; i < emg_count_; ++i) {
    signals_.emg_v[i] =
        emg_n_[i] > 0 ? static_cast<float>(emg_sum_[i] / static_cast<double>(emg_n_[i])) : 0.0f;
    emg_sum_[i] = 0.0;
    emg_n_[i] = 0;
  }
  LiveEvent& e = scratch_;
  e.type = LiveEventType::signals;
  e.session_s = data_s_;
  e.signals = signals_;
  emit(e);
}

}  // namespace stridecue
