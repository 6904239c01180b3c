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
