// The daemon's non-real-time side of the engine, on the main thread: drains the engine thread's
// events and the processed sample blocks, and fans them out — JSON to the control API's stream,
// copies of rows and blocks to the recorder, strides and cues to the printers — and matches
// each cue with the moment its sound started. It only hands over: each output has its own
// thread and bounded queue that drops and counts when behind (the API's per client, the
// recorder's, `stridecue run`'s stdout), so a slot goes back to the source as soon as its block
// is copied, whatever the disk or a pipe is doing.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "audio/cue_player.hpp"
#include "engine/gait_summary.hpp"
#include "live/block_channel.hpp"
#include "live/engine_loop.hpp"
#include "live/latency_stats.hpp"
#include "live/program_plan.hpp"  // SessionMark
#include "settings/cue_presentation.hpp"

namespace stridecue {

class ControlServer;
class Recorder;

struct DispatchOutputs {
  ControlServer* api = nullptr;
  Recorder* recorder = nullptr;
  CuePlayer* player = nullptr;
  StrideSink* printer = nullptr;                // e.g. the CLI's table of strides
  std::function<void(const Cue&)> cue_printer;  // and its cue lines
  // The cue words and language of the running settings: read at the start and at each
  // settings_applied, so a cue event's word changes with the engine's settings, in order.
  std::function<CuePresentation()> cue_presentation;
  bool store_raw_samples = true;
  // Display signals gathered into one stream message (api.signal_batch_s at api.signal_rate_hz).
  std::uint32_t signals_per_message = 1;
};

class Dispatcher {
 public:
  Dispatcher(EngineLoop& loop, BlockChannel& blocks, const SourceLayout& layout,
             DispatchOutputs outputs);

  // One pass over everything waiting; returns whether there was anything.
  bool pump();

  // Whether a session is open: rows go to the recorder; else strides are streamed, not stored.
  void set_recording(bool recording) { recording_ = recording && out_.recorder != nullptr; }
  bool recording() const { return recording_; }
  // Records a settings change in the session (and on the stream).
  void record_settings(double session_s, const std::string& source, const nlohmann::json& changes);
  void record_event(double session_s, const std::string& kind, const nlohmann::json& data);
  void broadcast(const nlohmann::json& event);

  struct Totals {
    std::uint64_t strides = 0, cues = 0, blocks_stored = 0;
    CueCounts by_kind;
    double session_s = 0.0;  // the data's time of the last event
  };
  // What was counted and measured, kept twice: since the daemon started, and since the open
  // session began (a session's summary is its own, not the daemon's).
  struct Figures {
    Totals totals;
    double began_s = 0.0;  // the data's time when counting began
    GaitSummary summary;
    LatencyStats to_decision, to_audio, decision_to_audio;
    // Paced sources only: from the (detected) contact to the callback that started its cue.
    LatencyStats contact_to_audio;
  };
  const Figures& daemon_figures() const { return figures_[0]; }
  const Figures& session_figures() const { return figures_[1]; }
  // A session begins: its figures and marks count from now.
  void begin_session_figures();
  // Each stride and cue of the open session by its contact time, so that a program's phases
  // get exactly their own (a retention block's apart), however late the events arrived.
  const std::vector<SessionMark>& session_marks() const { return session_marks_; }

  const Totals& totals() const { return figures_[0].totals; }
  const GaitSummary& summary() const { return figures_[0].summary; }
  const LatencyStats& receipt_to_decision() const { return figures_[0].to_decision; }
  const LatencyStats& receipt_to_audio() const { return figures_[0].to_audio; }
  const LatencyStats& decision_to_audio() const { return figures_[0].decision_to_audio; }
  const LatencyStats& contact_to_audio() const { return figures_[0].contact_to_audio; }
  std::string signal_names_json() const;

 private:
  void on_event(const LiveEvent& e);
  void on_stride(const LiveEvent& e);
  void on_cue(const LiveEvent& e);
  void on_signals(const LiveEvent& e);  // gathered, signals_per_message to a stream message
  void on_sound_started();
  void store_block(std::uint16_t slot);

  struct RecentStrike {
    Plate plate;
    double contact_s;
    std::int64_t receipt_to_decision_ns;
    std::optional<std::uint64_t> cue_seq;
    std::optional<std::int64_t> receipt_to_audio_ns;
  };
  struct PendingCue {
    std::uint64_t seq;
    std::int64_t receipt_ns;
    double contact_s;
  };
  RecentStrike* find_strike(Plate plate, double contact_s);
  void report_sound(const CueStarted& started, const PendingCue& cue);

  EngineLoop& loop_;
  BlockChannel& blocks_;
  const SourceLayout& layout_;
  DispatchOutputs out_;
  bool recording_ = false;
  CuePresentation cue_presentation_;  // the cue events' words (DispatchOutputs)
  std::uint64_t next_stored_cue_ = 0;
  std::deque<RecentStrike> recent_strikes_;
  nlohmann::json signal_batch_ = nlohmann::json::array();  // samples not yet sent
  std::deque<PendingCue> pending_cues_;
  std::deque<CueStarted> unmatched_sounds_;  // started before their cue's event was read
  // Counts into both figures.
  template <typename F>
  void count(F&& f) {
    for (Figures& fig : figures_)
      f(fig);
  }
  std::array<Figures, 2> figures_;  // the daemon's, the session's
  std::vector<SessionMark> session_marks_;
};

}  // namespace stridecue
