// The cue policy: which strides earn a cue, and why. Pure code on the engine thread — stride
// events in, cues out, no clocks (time is the data's session time), no allocation.
//
// Two cues: "land on your forefoot" when a strike's class is in the heel set (default rearfoot),
// and "drive from the hips" when the gluteus medius drop-off flag is raised. Three modes decide
// how often (docs/cues.md): every stride, bandwidth (only when X of the last N strides missed)
// and summary (one cue every N strides, when the share of misses reached a level). A refractory
// time keeps cues apart, and a faded-feedback schedule turns feedback off for part of a session.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/sample_block.hpp"
#include "engine/stride_record.hpp"
#include "engine/strike_pattern.hpp"
#include "events/api_events.hpp"  // CueKind, to_string(CueKind), cue_kind_from_string

namespace stridecue {

// The bandwidth window holds at most this many strides of each kind (a fixed ring: no allocation).
inline constexpr int kMaxCueWindowStrides = 64;

enum class CueMode : std::uint8_t { every_stride, bandwidth, summary };
std::string_view to_string(CueMode m);
std::optional<CueMode> cue_mode_from_string(std::string_view s);

// Faded feedback across sessions (Crowell & Davis 2011; Bowser et al. 2018): full feedback in
// the first `full_sessions` of `sessions`, then a falling share of each session, none in the
// last. Within a session the share is given as the first part of every `block_s` block.
struct FadedSchedule {
  bool enabled = false;
  int sessions = 8;
  int full_sessions = 4;
  double block_s = 60.0;
  // 1.0 for sessions 1..full_sessions, then falling linearly to 0 at `sessions` (1-based;
  // sessions past the end get 0).
  double feedback_share(int session_number) const;
  const char* problem() const;
};

struct CueSettings {
  bool heel_enabled = true;
  // Indexed by StrikePattern: which classes earn the heel-strike cue.
  std::array<bool, 3> heel_classes{true, false, false};
  bool hips_enabled = true;
  CueMode mode = CueMode::every_stride;
  // Bandwidth: a cue when at least bandwidth_misses of the last bandwidth_strides strides of
  // that cue's kind missed (for heel: struck with a class in the set; for hips: drop flagged).
  int bandwidth_misses = 3;
  int bandwidth_strides = 5;
  // Summary: every summary_strides strides, one cue if the share of misses reached
  // summary_min_share.
  int summary_strides = 10;
  double summary_min_share = 0.5;
  // No cue of the same kind sooner than this after the last one (data time).
  double refractory_s = 1.0;
  FadedSchedule fading;
  // Which session of the runner's schedule this is (1-based); set by the daemon from the store.
  int session_number = 1;

  const char* problem() const;
};

// What made a cue fire: enough to write the sentence in docs/cues.md, no strings.
struct CueReason {
  CueMode mode = CueMode::every_stride;
  std::optional<StrikePattern> pattern;  // heel cue: the class that missed
  std::optional<double> strike_index;
  std::optional<double> glute_ratio;  // hips cue: this stride's ratio to baseline
  int misses = 1;                     // misses in the window that decided it
  int window = 1;                     // strides in that window
  double feedback_share = 1.0;        // from the faded schedule
};

struct Cue {
  std::uint64_t seq = 0;  // 1, 2, 3 … in a session, set by the session core; 0: not numbered
  CueKind kind = CueKind::heel_strike;
  Side side = Side::left;
  double contact_s = 0.0;       // the contact that earned it (session time)
  double decided_s = 0.0;       // session time of the sample that decided it
  std::int64_t receipt_ns = 0;  // host receipt time of the block holding that sample
  CueReason reason;
};

// One sentence a person reads, e.g. "Heel-strike cue, left foot: rearfoot strike (strike index
// 0.12), every-stride mode." Allocates: call it off the engine thread.
std::string describe(const Cue& cue);

class CuePolicy {
 public:
  // Throws std::invalid_argument naming the setting when settings.problem() is set.
  explicit CuePolicy(const CueSettings& settings);
  // Takes effect from the next event; the windows of misses are kept.
  void apply(const CueSettings& settings);
  const CueSettings& settings() const { return settings_; }

  // Engine thread; no allocation.
  // A strike was decided (early, moments after contact, or at toe-off): maybe a heel cue.
  std::optional<Cue> on_strike(const StrikeEvent& strike);
  // A stride record came out (with its EMG): maybe a hips cue. The record carries no decision
  // time, so the cue is stamped with the toe-off (decided_s) and no receipt time (0).
  std::optional<Cue> on_stride(const StrideRecord& stride);
  // The same, for a caller that knows when the record was released (the session time of the
  // last sample of the block that made its EMG ready) and that block's host receipt time.
  std::optional<Cue> on_stride(const StrideRecord& stride, double decided_s,
                               std::int64_t receipt_ns);

 private:
  // What one event says, whatever its kind.
  struct Observation {
    CueKind kind = CueKind::heel_strike;
    bool miss = false;
    double decided_s = 0.0;
    std::optional<StrikePattern> pattern;  // heel: the class struck
    std::optional<double> value;           // heel: strike index; hips: gluteus medius ratio
  };
  // The history of one cue kind: the last kMaxCueWindowStrides misses/hits (kept whatever the
  // mode, so a live switch to bandwidth finds its window full), the summary block so far, and
  // the time of the last cue for the refractory time.
  struct KindState {
    std::array<bool, kMaxCueWindowStrides> recent{};
    int recent_count = 0;
    int recent_next = 0;
    int block_strides = 0;
    int block_misses = 0;
    std::array<int, 3> block_pattern_misses{};  // indexed by StrikePattern
    double block_value_sum = 0.0;
    int block_value_count = 0;
    std::optional<double> last_cue_s;
  };

  std::optional<CueReason> observe(KindState& state, bool enabled, const Observation& o);
  int misses_in_last(const KindState& state, int strides) const;
  double feedback_share() const;
  bool in_feedback_time(double share, double decided_s) const;

  CueSettings settings_;
  std::array<KindState, 2> state_{};  // indexed by CueKind
};

}  // namespace stridecue
