// The session core: the engine and the cue policy as one pure object. Sample blocks and
// settings changes in; strikes, strides and cues out to one sink. The live loop (engine thread)
// and `stridecue analyze` both drive this same object, so a recorded session replayed offline
// gives the strides AND the cues it gave live (DESIGN.md, principle 1).
//
// No threads, clocks or I/O: time is the data's session time, and the only host time is the
// receipt time each block carries. Construction (any thread) sizes everything; process(),
// finish(), apply() and reset_baselines() (the driving thread) allocate nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/cue_policy.hpp"
#include "engine/gait_engine.hpp"
#include "engine/sample_block.hpp"
#include "engine/stride_record.hpp"

namespace stridecue {

// Receives the core's output, on the thread that drives the core; must not block.
class SessionSink {
 public:
  virtual ~SessionSink() = default;
  // A stance's class became known (early, moments after contact, or at toe-off); each stance at
  // most once, before its stride record and before any cue it earned.
  virtual void on_strike(const StrikeEvent& strike) = 0;
  // A stride record, once its EMG is measured; before any cue it earned (hips, loading rate,
  // cadence, glute onset).
  virtual void on_stride(const StrideRecord& stride) = 0;
  // A cue the policy fired, numbered (Cue::seq) 1, 2, 3 … in order of decision.
  virtual void on_cue(const Cue& cue) = 0;
};

// How many cues of each kind the session has fired.
struct CueCounts {
  std::uint64_t heel_strike = 0;
  std::uint64_t hips = 0;
  std::uint64_t loading_rate = 0;
  std::uint64_t cadence = 0;
  std::uint64_t glute_onset = 0;
  std::uint64_t total() const { return heel_strike + hips + loading_rate + cadence + glute_onset; }
  std::uint64_t of(CueKind kind) const;
  std::uint64_t& of(CueKind kind);
};

class SessionCore {
 public:
  // Throws std::invalid_argument, naming the problem, for unusable settings or a layout the
  // engine cannot use (GaitEngine, CuePolicy).
  SessionCore(const SourceLayout& layout, const EngineSettings& engine, const CueSettings& cue);
  SessionCore(const SessionCore&) = delete;  // its relay points at it
  SessionCore& operator=(const SessionCore&) = delete;

  void process(const SampleBlock& block, SessionSink& sink);
  // At the end of the data: the strides still waiting for their EMG, measured on what there is
  // (and the hips cues they earn, decided at the last block).
  void finish(SessionSink& sink);

  // Both take effect from the next block. Throws std::invalid_argument before anything changes
  // when either is unusable (including the rules only this trial knows: trial_problem()).
  void apply(const EngineSettings& engine, const CueSettings& cue);
  // Forgets the learnt baselines (both sides, or one side's): gluteus medius and loading rate,
  // and with both sides the cadence baseline too.
  void reset_baselines(std::optional<Side> side = std::nullopt) {
    engine_.reset_glute_baseline(side);
    policy_.reset_baselines(side);
  }
  // Another runner steps on: every baseline and the cues' history start again.
  void reset_for_new_runner() {
    engine_.reset_glute_baseline();
    policy_.reset_for_new_runner();
  }

  // The session time of the latest block's first sample, over all streams: the time a hips cue
  // and a settings change are stamped with.
  double session_s() const { return session_s_; }
  // The session time just after `block`'s last sample; none for a stream the layout lacks.
  std::optional<double> block_end_s(const SampleBlock& block) const;
  const CueCounts& cues() const { return cues_; }
  const GaitEngine& engine() const { return engine_; }
  const CueSettings& cue_settings() const { return policy_.settings(); }
  // The cadence target in force, none while its baseline is learnt (CuePolicy).
  std::optional<double> cadence_target_steps_min() const {
    return policy_.cadence_target_steps_min();
  }

 private:
  // The engine's StrideSink: puts each event through the cue policy on its way to the sink.
  class Relay final : public StrideSink {
   public:
    explicit Relay(SessionCore& core) : core_(core) {}
    void on_strike(const StrikeEvent& strike) override;
    void on_stride(const StrideRecord& stride) override;

   private:
    SessionCore& core_;
  };
  void emit(const std::optional<Cue>& cue);

  struct StreamClock {
    double start_time_s;
    double rate_hz;
  };
  std::vector<StreamClock> streams_;
  GaitEngine engine_;
  CuePolicy policy_;
  Relay relay_{*this};
  SessionSink* sink_ = nullptr;  // during process() and finish()
  double session_s_ = 0.0;
  std::int64_t block_receipt_ns_ = 0;
  CueCounts cues_;
  std::uint64_t cue_seq_ = 0;
};

}  // namespace stridecue
