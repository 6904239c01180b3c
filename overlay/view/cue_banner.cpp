#include "view/cue_banner.hpp"

namespace stridecue::overlay {

std::string_view cue_word(CueKind kind, std::optional<bool> quicker) {
  return english_cue_word(kind, quicker);
}

Rgb cue_colour(CueKind kind) {
  switch (kind) {
    case CueKind::heel_strike: return palette::heel_cue;
    case CueKind::hips: return palette::hips_cue;
    case CueKind::loading_rate: return palette::softer_cue;
    case CueKind::cadence: return palette::cadence_cue;
    case CueKind::glute_onset: return palette::onset_cue;
  }
  return palette::heel_cue;
}

double CueBanner::strength(double now_s, const CueTiming& timing) const {
  const double age = now_s - shown_at_s;
  if (age < 0.0) return 0.0;
  if (age <= timing.hold_s) return 1.0;
  if (timing.fade_s <= 0.0) return 0.0;
  const double left = 1.0 - (age - timing.hold_s) / timing.fade_s;
  return left > 0.0 ? left : 0.0;
}

}  // namespace stridecue::overlay
