// The engine thread: plumbing around the session core (engine/session_core.hpp), which decides
// everything. It moves sample blocks from the sources' lanes (one per device, read in
// session-time order) into the core and the core's
// strikes, strides and cues out to the dispatcher's ring, and starts cue sounds. It never waits
// on anything but its own input: no locks, no allocation, no I/O per sample (tests/live proves
// the allocation part). Settings and commands reach it through a ring and take effect at the
// next block, hence before the next stride.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <thread>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "engine/session_core.hpp"
#include "live/block_channel.hpp"
#include "live/live_event.hpp"
#include "live/session_host_clock.hpp"
#include "realtime/spsc_ring.hpp"
#include "realtime/thread_priority.hpp"
#include "realtime/wake_signal.hpp"

namespace stridecue {

// The sound side of a cue: must be wait-free (the engine thread calls it). `contact_ns`: the
// cue's contact in host monotonic time (SessionHostClock), 0 when unknown (an offline source).
class CueSound {
 public:
  virtual ~CueSound() = default;
  virtual void play(CueKind kind, std::uint64_t cue_seq, std::int64_t decided_ns,
                    std::int64_t contact_ns) = 0;
  // The metronome's rate (cue.cadence.metronome), called when it changes; 0: silent.
  virtual void set_metronome(double /*steps_min*/) {}
};

// A change for the engine thread, made and owned by the control side.
struct EngineChange {
  // cueing: cues on (`on`) or off — off while no session runs after a stop (the strides still
  // stream): in order with the settings, so that a new runner's first cue uses their settings.
  // cue_window: only cues whose contact lies in [from_s, to_s) of the data's time go out (a
  // program session's feedback phase): exact whatever the main thread's lag.
  enum class Kind : std::uint8_t {
    settings,
    baseline_reset,
    cueing,
    cue_window
  } kind = Kind::settings;
  std::uint64_t version = 0;               // settings: increases with each change
  const EngineSettings* engine = nullptr;  // settings: kept alive by the control side
  const CueSettings* cue = nullptr;
  std::optional<Side> side;  // baseline_reset: one side, or both
  bool new_runner = false;   // baseline_reset: and the cues' history (another runner steps on)
  bool on = true;            // cueing
  double from_s = -std::numeric_limits<double>::infinity();  // cue_window
  double to_s = std::numeric_limits<double>::infinity();
};

class EngineLoop {
 public:
  using EventRing = SpscRing<LiveEvent, 1024>;
  using ChangeRing = SpscRing<EngineChange, 64>;

  // Throws std::invalid_argument (from the session core) for unusable settings.
  EngineLoop(const SourceLayout& layout, const EngineSettings& engine, const CueSettings& cue,
             BlockChannel& blocks, CueSound* sound, double signal_rate_hz,
             std::uint32_t signals_per_message = 1);
  ~EngineLoop();
  // `realtime_priority` > 0: the thread asks for SCHED_FIFO at that priority (scheduling() says
  // what it got; a refusal leaves it on the normal scheduler). `core` >= 0: the thread is kept
  // on that core, the producers' (BlockChannel::sample_core).
  void start(int realtime_priority = 0, int core = -1);
  const ThreadScheduling& scheduling() const { return scheduling_; }
  // Stops after the blocks already handed over; finish() flushes the strides still waiting.
  void stop();

  // Control side (one producer at a time: the caller serialises).
  bool post(const EngineChange& change);
  // Dispatcher side.
  EventRing& events() { return *events_; }
  // Bumped after each event a person waits for, and for the display signals at most every
  // ~10 ms.
  WakeSignal& events_ready() { return events_ready_; }

  std::thread::id thread_id() const { return thread_.get_id(); }
  bool finished() const { return finished_.load(std::memory_order_acquire); }
  // Whether cues sound and go out (EngineChange::Kind::cueing), as last applied.
  bool cueing() const { return cueing_.load(std::memory_order_relaxed); }
  // The metronome's rate as last given to the sound, 0 while it is silent; and the cadence
  // target in force, 0 while its baseline is learnt (CuePolicy::cadence_target_steps_min).
  double metronome_steps_min() const {
    return metronome_steps_min_.load(std::memory_order_relaxed);
  }
  double cadence_target_steps_min() const {
    return cadence_target_steps_min_.load(std::memory_order_relaxed);
  }
  std::uint64_t events_lost() const { return events_lost_.load(std::memory_order_relaxed); }
  std::uint64_t blocks_processed() const { return blocks_.load(std::memory_order_relaxed); }
  std::uint64_t applied_version() const { return applied_version_.load(); }
  // The engine's state, for the status and the summary: read only once finished().
  const GaitEngine& engine() const { return core_.engine(); }

 private:
  class Sink;
  void run();
  void process(const SampleBlock& block);
  void apply_changes();
  void emit(const LiveEvent& e);
  void collect_signals(const SampleBlock& block);
  // The metronome plays while cues go out (cueing, and the data's time inside the cue window)
  // with cue.cadence.metronome on and a target known; the sound hears of each change.
  void update_metronome(bool running = true);
  // Whether a cue of a contact at `t_s` (the data's time) lies in the cue window.
  bool in_cue_window(double t_s) const { return t_s >= cue_from_s_ && t_s < cue_to_s_; }

  SessionCore core_;
  BlockChannel& blocks_in_;
  LaneMerge lanes_;  // the sources' lanes, read in session-time order
  CueSound* sound_;
  double signal_interval_s_;
  // The display signals wake the main thread too, at most about every 10 ms of data: it then
  // sleeps through the rest (at the default 50 Hz, every signals event wakes it, and nothing
  // else needs to between).
  std::uint32_t signals_per_wake_ = 1;
  std::uint32_t signals_since_wake_ = 0;
  std::unique_ptr<EventRing> events_;
  WakeSignal events_ready_;
  ChangeRing changes_;
  std::unique_ptr<Sink> sink_;
  LiveEvent scratch_;  // built in place: a LiveEvent is too large to build on the stack often
  // Session time onto host time, from the blocks' receipt stamps: a cue's contact on the host.
  SessionHostClock host_clock_;
  ThreadScheduling scheduling_;

  // Display signals: which channels, and what has been gathered since the last event.
  struct Trace {
    std::uint16_t stream;
    std::size_t channel;
  };
  std::array<Trace, DisplaySignals::kMaxPlates> fz_traces_{};
  std::size_t fz_count_ = 0;
  std::array<Trace, DisplaySignals::kMaxEmg> emg_traces_{};
  std::size_t emg_count_ = 0;
  DisplaySignals signals_;
  std::array<double, DisplaySignals::kMaxEmg> emg_sum_{};
  std::array<std::size_t, DisplaySignals::kMaxEmg> emg_n_{};
  double next_signal_s_ = 0.0;

  std::atomic<bool> stop_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> cueing_{true};  // written by the engine thread only
  double cue_from_s_ = -std::numeric_limits<double>::infinity();  // engine thread only
  double cue_to_s_ = std::numeric_limits<double>::infinity();
  std::atomic<double> metronome_steps_min_{0.0};  // written by the engine thread only
  std::atomic<double> cadence_target_steps_min_{0.0};
  std::atomic<std::uint64_t> events_lost_{0};
  std::atomic<std::uint64_t> blocks_{0};
  std::atomic<std::uint64_t> applied_version_{0};
  std::thread thread_;
};

}  // namespace stridecue
