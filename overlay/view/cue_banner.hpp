// The cue as the runner sees it: a word on a full colour change, from the frame after the cue
// event arrives, held for a while and then faded out. Times are the overlay's own clock (the
// moment the event was taken from the stream), passed in: the banner reads no clock.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "events/api_events.hpp"
#include "events/cue_words.hpp"
#include "view/palette.hpp"

namespace stridecue::overlay {

using stridecue::CueKind;  // the stream's own (events/api_events.hpp)

// The English word, for a daemon whose cue events carry no "word" (events/cue_words.hpp): "LAND
// ON YOUR FOREFOOT", "DRIVE FROM THE HIPS", "RUN SOFTER", "HIPS EARLY"; the cadence cue says
// which way: "QUICKER STEPS" when `quicker`, "SLOWER STEPS" when not, "CADENCE" unknown.
std::string_view cue_word(CueKind kind, std::optional<bool> quicker = std::nullopt);
Rgb cue_colour(CueKind kind);

struct CueTiming {
  double hold_s = 1.2;  // full colour this long
  double fade_s = 0.6;  // then fades to the background over this long
};

// How the cue takes the screen: the whole runner view floods with its colour, or (quiet) only a
// thick frame round the view does, so that a runner cued every stride does not see the screen
// strobe (a rearfoot runner's view was orange 70 % of the time).
enum class CueDisplay { flood, frame };
std::optional<CueDisplay> cue_display_from_string(std::string_view s);  // "flood", "frame"
std::string_view to_string(CueDisplay d);

// Which cue may take the screen from which while it is held: the hips, loading-rate and
// glute-onset cues speak of load and the hips (what the retraining protects, DESIGN.md "Why"),
// and a heel-strike or cadence cue — technique, which comes every stride for a rearfoot runner —
// must not hide them in their hold time. A cue replaces a held one of the same or a lower rank.
int cue_rank(CueKind kind);

// The foot (or side) a cue names, under its word: "LEFT FOOT" for the heel-strike and
// loading-rate cues, "LEFT SIDE" for the hips and glute-onset cues (the gluteus of that side),
// nothing for the cadence cue (both feet). In `language` (cue.language: "en", "de", "fr", "es";
// English for any other). Empty for an unknown side.
std::string_view cue_side_words(CueKind kind, std::string_view side, std::string_view language);

struct CueBanner {
  CueKind kind = CueKind::heel_strike;
  std::string side;  // "left", "right"
  std::string why;   // the daemon's sentence, for the coach
  double shown_at_s = 0.0;
  std::optional<bool> quicker;  // cadence cue: below its target (from the event's reason)
  std::string daemon_word;      // the event's "word": the daemon's choice, in its language

  std::string_view word() const {
    return daemon_word.empty() ? cue_word(kind, quicker) : std::string_view(daemon_word);
  }

  // 1 while held, falling linearly to 0 over the fade; 0 before shown_at_s and after.
  double strength(double now_s, const CueTiming& timing) const;
  bool visible(double now_s, const CueTiming& timing) const { return strength(now_s, timing) > 0; }
};

}  // namespace stridecue::overlay
