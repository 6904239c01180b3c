#include "live/engine_loop.hpp"

#include "realtime/core_placement.hpp"
#include "realtime/monotonic_clock.hpp"
#include "realtime/thread_name.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace stridecue {

// Turns the session core's output into events for the dispatcher, on the engine thread.
class EngineLoop::Sink final : public SessionSink {
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
  }

  void on_stride(const StrideRecord& stride) override {
    LiveEvent& e = loop_.scratch_;
    e.type = LiveEventType::stride;
    e.session_s = stride.toe_off_s;
    e.receipt_ns = 0;
    e.decided_ns = monotonic_ns();
    e.stride = stride;
    loop_.emit(e);
  }

  void on_cue(const Cue& cue) override {
    if (!loop_.cueing_.load(std::memory_order_relaxed)) return;  // no session: no cue
    if (!loop_.in_cue_window(cue.contact_s)) return;
    LiveEvent& e = loop_.scratch_;
    e.type = LiveEventType::cue;
    e.session_s = cue.decided_s;
    e.seq = cue.seq;
    e.cue = cue;
    e.receipt_ns = cue.receipt_ns;
    e.decided_ns = monotonic_ns();
    // The sound first: the event may wait in the ring, the runner should not. A kind shown
    // only (cue.output.<kind> = "visual") makes none.
    if (loop_.sound_ != nullptr && cue.output != CueOutput::visual) {
      loop_.sound_->play(cue.kind, e.seq, e.decided_ns, loop_.host_clock_.host_ns(cue.contact_s));
    }
    loop_.emit(e);
  }

 private:
  EngineLoop& loop_;
};

EngineLoop::EngineLoop(const SourceLayout& layout, const EngineSettings& engine,
                       const CueSettings& cue, BlockChannel& blocks, CueSound* sound,
                       double signal_rate_hz, std::uint32_t signals_per_message)
    : core_(layout, engine, cue),
      blocks_in_(blocks),
      lanes_(blocks, layout),
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
  if (signal_interval_s_ > 0.0) {
    // The main thread sends a batch of signals at a time: woken once per batch (and at most
    // every ~10 ms), not for each.
    signals_per_wake_ =
        std::max(static_cast<std::uint32_t>(std::max(1.0, std::floor(0.01 / signal_interval_s_))),
                 signals_per_message);
  }
}

EngineLoop::~EngineLoop() {
  stop();
}

void EngineLoop::start(int realtime_priority, int core) {
  thread_ = std::thread([this] {
    name_this_thread("sc-engine");
    run();
  });
  // From here rather than from inside the thread, so that the answer is known when start()
  // returns; the thread's first moments on the normal scheduler see no blocks yet.
  scheduling_ = request_realtime(thread_.native_handle(), realtime_priority);
  if (core >= 0 && pin_thread(thread_.native_handle(), core)) scheduling_.core = core;
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
    const std::uint32_t seen = blocks_in_.wake.value();
    apply_changes();
    std::uint16_t slot;
    bool worked = false;
    while (lanes_.pop(slot)) {
      process(blocks_in_.pool[slot].header);
      blocks_in_.done.try_push(slot);  // as many places as slots: cannot fail
      worked = true;
    }
    if (worked) continue;
    if (stop_.load(std::memory_order_acquire)) break;
    // One device failing fails the session; a source that ended has nothing left in its lanes.
    if (blocks_in_.source_failed()) break;
    if (blocks_in_.source_ended() && lanes_.empty()) break;
    blocks_in_.wake.wait(seen);
  }
  core_.finish(*sink_);
  update_metronome(false);  // no data, no beat
  finished_.store(true, std::memory_order_release);
  events_ready_.notify();
}

void EngineLoop::process(const SampleBlock& block) {
  if (const auto end_s = core_.block_end_s(block)) host_clock_.observe(*end_s, block.receipt_ns);
  core_.process(block, *sink_);
  blocks_.fetch_add(1, std::memory_order_relaxed);
  if (signal_interval_s_ > 0.0) collect_signals(block);
  update_metronome();
}

void EngineLoop::apply_changes() {
  EngineChange change;
  while (changes_.try_pop(change)) {
    LiveEvent& e = scratch_;
    e.session_s = core_.session_s();
    e.decided_ns = monotonic_ns();
    e.receipt_ns = 0;
    if (change.kind == EngineChange::Kind::settings) {
      try {
        core_.apply(*change.engine, *change.cue);
      } catch (const std::invalid_argument&) {
        // Checked by the control side already; a rule only the engine knows (the plates) was
        // broken: the old settings stay, and the version is not acknowledged.
        continue;
      }
      applied_version_.store(change.version);
      e.type = LiveEventType::settings_applied;
      e.seq = change.version;
    } else if (change.kind == EngineChange::Kind::cueing) {
      cueing_.store(change.on, std::memory_order_relaxed);
      continue;
    } else if (change.kind == EngineChange::Kind::cue_window) {
      cue_from_s_ = change.from_s;
      cue_to_s_ = change.to_s;
      continue;
    } else {
      if (change.new_runner) {
        core_.reset_for_new_runner();
      } else {
        core_.reset_baselines(change.side);
      }
      e.type = LiveEventType::baseline_reset;
      e.seq = 0;
      e.side = change.side;
    }
    emit(e);
  }
  update_metronome();
}

void EngineLoop::update_metronome(bool running) {
  const std::optional<double> target = core_.cadence_target_steps_min();
  cadence_target_steps_min_.store(target.value_or(0.0), std::memory_order_relaxed);
  // The cues' window, on the data's time: the beat stops where the cues stop.
  const double now_s = core_.session_s();
  const bool cues_go_out =
      running && cueing_.load(std::memory_order_relaxed) && in_cue_window(now_s);
  const double steps_min =
      cues_go_out && core_.cue_settings().cadence.metronome ? target.value_or(0.0) : 0.0;
  if (steps_min == metronome_steps_min_.load(std::memory_order_relaxed)) return;
  // The sound first: once the status says off, the player has been told.
  if (sound_ != nullptr) sound_->set_metronome(steps_min);
  metronome_steps_min_.store(steps_min, std::memory_order_relaxed);
}

void EngineLoop::emit(const LiveEvent& e) {
  if (!events_->try_push(e)) {
    events_lost_.fetch_add(1, std::memory_order_relaxed);
  } else if (e.type != LiveEventType::signals) {
    events_ready_.notify();
  } else if (++signals_since_wake_ >= signals_per_wake_) {
    signals_since_wake_ = 0;
    events_ready_.notify();
  }
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
  const double data_s = core_.session_s();
  if (data_s < next_signal_s_) return;
  next_signal_s_ = data_s + signal_interval_s_;
  for (std::size_t i = 0; i < emg_count_; ++i) {
    signals_.emg_v[i] =
        emg_n_[i] > 0 ? static_cast<float>(emg_sum_[i] / static_cast<double>(emg_n_[i])) : 0.0f;
    emg_sum_[i] = 0.0;
    emg_n_[i] = 0;
  }
  LiveEvent& e = scratch_;
  e.type = LiveEventType::signals;
  e.session_s = data_s;
  e.signals = signals_;
  emit(e);
}

}  // namespace stridecue
