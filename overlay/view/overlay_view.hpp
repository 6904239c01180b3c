// Everything the overlay draws, built from what the daemon says: events from the stream (as
// JSON text), the answers to its requests and the state of its connection. Pure: no window,
// no sockets, no clock — every call takes the overlay's time `now_s`, so tests feed recorded
// streams with their recorded times and get exactly what the screen would have shown.
#pragma once

#include <array>
#include <cstddef>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "view/cue_banner.hpp"
#include "view/link_status.hpp"
#include "view/setting_edits.hpp"
#include "view/settings_schema.hpp"
#include "view/strike_marks.hpp"
#include "view/trace_buffer.hpp"

namespace stridecue::overlay {

struct ViewOptions {
  CueTiming cue;
  CueDisplay display = CueDisplay::flood;  // --display: the full-screen flood or a quiet frame
  double trace_window_s = 5.0;             // the coach panel's traces show this much
};

// The gluteus medius of one side: its latest stride's activation ratio to baseline.
struct GluteGauge {
  std::optional<double> ratio;
  bool drop = false;  // the daemon's drop-off flag (docs/emg.md)
  double contact_s = 0.0;
};

class OverlayView {
 public:
  explicit OverlayView(std::string api_url, ViewOptions options = {});

  // One stream message. Returns false (and counts it) when the text is not a JSON object with
  // a string "type"; unknown types and fields are ignored, as docs/api.md asks of clients.
  bool on_stream_text(std::string_view text, double now_s);
  void on_stream_event(const nlohmann::json& event, double now_s);

  void on_link(LinkState state, std::string detail, double now_s, double retry_at_s = 0.0);
  void on_settings(const nlohmann::json& settings);  // GET /settings
  void on_schema(const nlohmann::json& schema);      // GET /settings/schema (throws if bad)
  void on_status(const nlohmann::json& status);      // GET /status

  // A change about to be PATCHed ({"cue.refractory_s": 2.5}); returns its request number.
  int on_edit_sent(const nlohmann::json& changes, double now_s);
  void on_edit_answer(int request, int status, std::string_view body, double now_s);

  // --- what to draw ---
  const std::optional<CueBanner>& cue() const { return cue_; }
  // The banner's foot or side in the daemon's cue.language ("LEFT FOOT"), or "" (cue_side_words).
  std::string_view cue_side_text() const;
  // Cues that came while a higher-ranked one was held (cue_rank) and so did not take the screen.
  std::size_t cues_held_back() const { return cues_held_back_; }
  const CueTiming& cue_timing() const { return options_.cue; }
  const ViewOptions& options() const { return options_; }
  const StrikeMarks& strikes() const { return strikes_; }
  const GluteGauge& glute(Side side) const { return glute_[side == Side::left ? 0 : 1]; }
  double glute_drop_threshold() const;  // glute.baseline.drop_ratio (0.8 until known)
  std::optional<double> cadence_steps_per_min() const;
  const std::vector<TraceBuffer>& force_traces() const { return force_; }
  const std::vector<TraceBuffer>& emg_traces() const { return emg_; }
  const LinkStatus& link() const { return link_; }
  std::string status_sentence(double now_s) const { return link_.sentence(now_s); }
  // "not recording: disk full" while the daemon's store takes no writes (status "recording",
  // `recording_interrupted` / `recording_resumed` events); empty while it records.
  std::string recording_sentence() const;
  // No session open, as the last status said (`session` null; `recording` idle): the daemon
  // stores nothing (after "stop session", or with the store disabled) although it may still cue.
  // False until a status says so.
  bool not_recording() const { return no_session_; }
  // The link to the daemon was up and is lost: what is on screen is old and is drawn dimmed.
  bool stale() const { return link_.ever_connected && link_.link != LinkState::connected; }
  // "NO SOUND: <reason>" while the daemon has no sound device (status "audio" unavailable, the
  // `audio_unavailable` event): the runner sees the cues but hears none. Empty otherwise.
  std::string sound_sentence() const;
  // Whether to ask GET /status again, for the runner view's target share and the coach panel's
  // link counters: every kStatusPoll_s while the stream runs. True records the ask.
  static constexpr double kStatusPoll_s = 2.0;
  bool take_status_poll(double now_s);

  const nlohmann::json& settings() const { return settings_; }
  nlohmann::json setting(std::string_view key) const { return value_at(settings_, key); }
  const std::vector<SettingSpec>& schema() const { return schema_; }
  const SettingEdits& edits() const { return edits_; }

  std::optional<long long> session_id() const { return session_id_; }  // the store's key
  // The runner's nth session (what a clinic calls it), and how long it has run (data time).
  std::optional<long long> session_number() const { return session_number_; }
  std::optional<double> session_elapsed_s() const;
  // In a program session (docs/cues.md "Programs"): its phase and the planned time left, counted
  // down with the data's time from the last word the daemon gave (event or status).
  struct ProgramTimer {
    std::string phase;  // "warmup", "feedback", "retention", "complete"
    double remaining_s = 0.0;
  };
  std::optional<ProgramTimer> program_timer() const;
  // The runner's heel-strike target from the status ("forefoot ≥ 80 %", worded by the daemon in
  // its language) and the session's share so far; none when the daemon sets no target.
  struct CueTarget {
    std::string label;
    double min_share = 0.0;
    std::optional<double> share;
    bool met() const { return share && *share >= min_share; }
    // "forefoot ≥ 80 % · 74 %" ("… · –" before the session's first classified strike).
    std::string sentence() const;
  };
  const std::optional<CueTarget>& cue_target() const { return cue_target_; }
  // "feedback · 12:34 left" (or "warm-up …", "retention block …", "session complete"), or "".
  std::string program_sentence() const;
  const std::string& runner_id() const { return runner_id_; }
  std::size_t cues_seen(CueKind kind) const { return cues_seen_[static_cast<std::size_t>(kind)]; }
  std::size_t events_seen() const { return events_seen_; }
  std::size_t bad_messages() const { return bad_messages_; }
  std::optional<double> session_s() const { return session_s_; }
  const std::string& last_notice() const { return notice_; }  // e.g. "baseline reset (left)"
  void note(std::string notice) { notice_ = std::move(notice); }

 private:
  std::optional<double> status_polled_at_s_;
  void on_hello(const nlohmann::json& event, double now_s);
  void on_strike(const nlohmann::json& event);
  void on_cue(const nlohmann::json& event, double now_s);
  void on_stride(const nlohmann::json& stride);
  void on_signals(const nlohmann::json& event, double now_s);
  void push_signal_sample(const nlohmann::json& sample);
  void on_settings_changed(const nlohmann::json& event);
  void on_baseline_reset(const nlohmann::json& event);
  void on_recording(const nlohmann::json& recording, bool interrupted);
  void on_audio(const nlohmann::json& audio);
  void on_reloaded(const nlohmann::json& data);
  void on_cue_target(const nlohmann::json& target);
  std::optional<CueTarget> cue_target_;
  void name_traces(const nlohmann::json& signals);

  ViewOptions options_;
  LinkStatus link_;
  std::optional<CueBanner> cue_;
  StrikeMarks strikes_;
  std::array<GluteGauge, 2> glute_{};
  std::deque<double> step_times_ms_;
  std::vector<TraceBuffer> force_, emg_;
  nlohmann::json settings_ = nlohmann::json::object();
  std::vector<SettingSpec> schema_;
  SettingEdits edits_;
  // The program's word: phase, remaining time, and the data's time when it was given.
  void on_program(const nlohmann::json& program);
  std::optional<ProgramTimer> program_;
  double program_at_s_ = 0.0;
  std::optional<long long> session_id_, session_number_;
  std::optional<double> session_began_s_;
  std::string runner_id_;
  std::optional<double> session_s_;
  std::array<std::size_t, kCueKindCount> cues_seen_{};  // indexed by CueKind
  std::size_t events_seen_ = 0;
  std::size_t bad_messages_ = 0;
  std::size_t cues_held_back_ = 0;
  bool no_session_ = false;
  std::string notice_;
  std::optional<std::string> recording_interrupted_;  // the reason, while interrupted
  std::optional<std::string> audio_unavailable_;      // why there is no sound, while none
};

}  // namespace stridecue::overlay
