// How cues are put to the runner, beyond when they fire: the words of each cue in the clinic's
// language (cue.language, cue.words.*) and the heel-strike target the runner view shows
// (cue.heel_target_share). None of it reaches the engine thread: the daemon's main thread words
// each cue event and the status, so strings never cross into the real-time path.
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/cue_policy.hpp"
#include "engine/gait_summary.hpp"
#include "events/cue_words.hpp"

namespace stridecue {

// A word of one's own longer than this does not fit the overlay's banner at a size read at 2 m.
inline constexpr std::size_t kMaxCueWordBytes = 40;

struct CuePresentation {
  CueLanguage language = CueLanguage::en;
  // Indexed by CueWord: the clinic's own word; empty: the language's.
  std::array<std::string, kCueWordCount> words{};
  // The heel-strike target: at least this share of the session's classified strikes in the
  // classes the heel cue leaves alone (cue.heel_classes); 0: no target shown.
  double heel_target_share = 0.8;

  // Empty when usable, else the message naming the key.
  std::string problem() const;
};

// The word the runner reads and hears for `cue`: the clinic's own, else the language's. A
// cadence cue says which way from its reason (the running mean against its target).
std::string_view cue_word(const Cue& cue, const CuePresentation& presentation);

// The strike classes the heel-strike target asks for, as a mask (1 rearfoot, 2 midfoot,
// 4 forefoot): those the heel cue does not cue. 0 when it cues none or all of them.
unsigned heel_target_classes(const CueSettings& cue);
// The share of classified strikes (both sides) in `mask`'s classes; none before any.
std::optional<double> strike_share(const GaitSummary& summary, unsigned mask);

// The status's "cue_target": {"kind", "classes", "min_share", "label" (in the language),
// "share", "strides", "met"}; null when the target is 0 or the classes leave none to ask for.
// `summary`: the open session's strides (null: no session, no share yet).
nlohmann::json heel_target_json(const CuePresentation& presentation, const CueSettings& cue,
                                const GaitSummary* summary);

}  // namespace stridecue
