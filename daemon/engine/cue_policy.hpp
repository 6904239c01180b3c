// The cue policy: which strides earn a cue, and why. Pure code on the engine thread — stride
// events in, cues out, no clocks (time is the data's session time), no allocation.
//
// Five cues: "land on your forefoot" when a strike's class is in the heel set (default rearfoot),
// "drive from the hips" when the gluteus medius drop-off flag is raised, "run softer" when a
// stride's loading rate is above its band, a cadence cue when the running mean step rate leaves
// its band, and "hips early" when the gluteus medius burst starts late. Three modes decide
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
#include "events/cue_words.hpp"

namespace stridecue {

// The bandwidth window holds at most this many strides of each kind (a fixed ring: no allocation).
inline constexpr int kMaxCueWindowStrides = 64;

enum class CueMode : std::uint8_t { every_stride, bandwidth, summary };
std::string_view to_string(CueMode m);
std::optional<CueMode> cue_mode_from_string(std::string_view s);

// How a kind of cue reaches the runner (cue.output.<kind>): heard and shown, only shown (no
// sound: a runner with music, a shared room), or only heard (the screen stays calm: the
// overlay shows no banner). Either way the cue is decided, stored and counted.
enum class CueOutput : std::uint8_t { both, visual, audio };
std::string_view to_string(CueOutput o);
std::optional<CueOutput> cue_output_from_string(std::string_view s);

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

// "Run softer": the stride's VALR (BW/s, so it needs the runner's body mass) above
// max_share × the side's baseline. Crowell & Davis 2011 lowered VALR by about a third with
// real-time feedback (a target of 50-80 % of baseline); Chan et al. 2018 cut injuries by
// training it down.
struct LoadingRateCue {
  bool enabled = false;
  double max_share = 0.8;  // the band's top, as a share of the baseline
  // Learnt from the first baseline_strides strides of each side that carry a VALR, unless set.
  int baseline_strides = 20;
  std::optional<double> baseline_bw_s;
};

// The step rate's running mean (mean_steps steps, both feet) outside target ± tolerance. The
// target is absolute when set, else the runner's own baseline (the mean of the first
// baseline_steps steps) raised by increase_share (Willy et al. 2016: +7.5 %).
struct CadenceCue {
  bool enabled = false;
  std::optional<double> target_steps_min;
  double increase_share = 0.075;
  int baseline_steps = 20;
  double tolerance_share = 0.03;
  int mean_steps = 6;
  // A metronome at the target step rate (Willy et al. 2016 paced the runners with one), played
  // by the audio layer while cues go out and the target is known; at this share of audio.volume.
  bool metronome = false;
  double metronome_volume = 0.5;
};

// The gluteus medius burst onset later than late_ms after contact (negative: before it).
// Franettovich Smith et al. 2014: delayed, shorter gluteus medius activity with Achilles
// tendinopathy.
struct GluteOnsetCue {
  bool enabled = false;
  double late_ms = 0.0;
};

struct CueSettings {
  bool heel_enabled = true;
  // Indexed by StrikePattern: which classes earn the heel-strike cue.
  std::array<bool, 3> heel_classes{true, false, false};
  bool hips_enabled = true;
  LoadingRateCue loading_rate;
  CadenceCue cadence;
  GluteOnsetCue glute_onset;
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
  // Indexed by CueKind: heard, shown or both.
  std::array<CueOutput, kCueKindCount> outputs{};

  const char* problem() const;
};

// What made a cue fire: enough to write the sentence in docs/cues.md, no strings.
struct CueReason {
  CueMode mode = CueMode::every_stride;
  std::optional<StrikePattern> pattern;  // heel cue: the class that missed
  std::optional<double> strike_index;
  std::optional<double> glute_ratio;        // hips cue: this stride's ratio to baseline
  std::optional<double> valr_bw_s;          // loading-rate cue: this stride's VALR (summary: mean)
  std::optional<double> valr_limit_bw_s;    // and the band's top
  std::optional<double> cadence_steps_min;  // cadence cue: the running mean (summary: mean)
  std::optional<double> cadence_target_steps_min;  // and the target (the band's middle)
  std::optional<double> glute_onset_ms;            // onset cue: after contact (summary: mean)
  std::optional<double> glute_onset_limit_ms;      // and the latest onset that passes
  int misses = 1;                                  // misses in the window that decided it
  int window = 1;                                  // strides in that window
  double feedback_share = 1.0;                     // from the faded schedule
};

struct Cue {
  std::uint64_t seq = 0;  // 1, 2, 3 … in a session, set by the session core; 0: not numbered
  CueKind kind = CueKind::heel_strike;
  Side side = Side::left;
  double contact_s = 0.0;              // the contact that earned it (session time)
  double decided_s = 0.0;              // session time of the sample that decided it
  std::int64_t receipt_ns = 0;         // host receipt time of the block holding that sample
  CueOutput output = CueOutput::both;  // the kind's output when it was decided
  CueReason reason;
};

// The few English words a runner reads for a cue ("LAND ON YOUR FOREFOOT", "RUN SOFTER" …;
// events/cue_words.hpp has every language's).
std::string_view cue_words(CueKind kind);

// The cues one event earned, at most one of each kind: a fixed list, no allocation.
class CueList {
 public:
  void push(const Cue& cue) {
    if (count_ < cues_.size()) cues_[count_++] = cue;
  }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  explicit operator bool() const { return count_ > 0; }
  const Cue& operator[](std::size_t i) const { return cues_[i]; }
  const Cue& front() const { return cues_[0]; }
  const Cue* begin() const { return cues_.data(); }
  const Cue* end() const { return cues_.data() + count_; }
  // The cue of `kind` in the list, if any.
  std::optional<Cue> of(CueKind kind) const;

 private:
  std::array<Cue, kCueKindCount> cues_{};
  std::size_t count_ = 0;
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
  // A stride record came out (with its EMG): maybe a hips, loading-rate, cadence or glute-onset
  // cue (in that order). The record carries no decision time, so the cues are stamped with the
  // toe-off (decided_s) and no receipt time (0).
  CueList on_stride(const StrideRecord& stride);
  // The same, for a caller that knows when the record was released (the session time of the
  // last sample of the block that made its EMG ready) and that block's host receipt time.
  CueList on_stride(const StrideRecord& stride, double decided_s, std::int64_t receipt_ns);

  // The baselines learnt from the strides so far (none while learning); learnt even while a
  // setting gives the baseline, which then wins.
  std::optional<double> valr_baseline_bw_s(Side side) const;
  std::optional<double> cadence_baseline_steps_min() const;
  // The cadence target in force: cadence.target_steps_min when set, else the learnt baseline
  // raised by increase_share; none while the baseline is learnt. Engine thread; no allocation.
  std::optional<double> cadence_target_steps_min() const;

  // Forgets the loading-rate baseline (both sides, or one side's); with both, the cadence
  // baseline and the recent step rates too. No allocation.
  void reset_baselines(std::optional<Side> side = std::nullopt);
  // Another runner steps on: every baseline and every kind's history (windows of misses,
  // summary blocks, refractory times) starts again, so that nothing of theirs is held against
  // the next runner. No allocation.
  void reset_for_new_runner();

 private:
  // What one event says, whatever its kind.
  struct Observation {
    CueKind kind = CueKind::heel_strike;
    bool miss = false;
    double decided_s = 0.0;
    std::optional<StrikePattern> pattern;  // heel: the class struck
    std::optional<double> value;  // the kind's measure: strike index, glute ratio, VALR …
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

  // A baseline learnt as the mean of its first `strides` values.
  struct LearntMean {
    double sum = 0.0;
    int count = 0;
    std::optional<double> value;
    void add(double x, int strides);
  };
  // The last kMaxCueWindowStrides step rates, for the running mean.
  struct StepRates {
    std::array<double, kMaxCueWindowStrides> recent{};
    int count = 0;
    int next = 0;
    void add(double steps_min);
    std::optional<double> mean_of_last(int steps) const;
  };

  std::optional<CueReason> observe(KindState& state, bool enabled, const Observation& o);
  std::optional<Cue> loading_rate_cue(const StrideRecord& stride, double decided_s,
                                      std::int64_t receipt_ns);
  std::optional<Cue> cadence_cue(const StrideRecord& stride, double decided_s,
                                 std::int64_t receipt_ns);
  std::optional<Cue> glute_onset_cue(const StrideRecord& stride, double decided_s,
                                     std::int64_t receipt_ns);
  Cue make_cue(CueKind kind, const StrideRecord& stride, double decided_s, std::int64_t receipt_ns,
               const CueReason& reason) const;
  int misses_in_last(const KindState& state, int strides) const;
  double feedback_share() const;
  bool in_feedback_time(double share, double decided_s) const;

  CueSettings settings_;
  std::array<KindState, kCueKindCount> state_{};  // indexed by CueKind
  std::array<LearntMean, 2> valr_baseline_{};     // indexed by Side
  LearntMean cadence_baseline_;
  StepRates step_rates_;
};

}  // namespace stridecue
