#include "view/cue_banner.hpp"

namespace stridecue::overlay {

std::string_view cue_word(CueKind kind) {
  return kind == CueKind::heel_strike ? "LAND ON YOUR FOREFOOT" : "DRIVE FROM THE HIPS";
}

Rgb cue_colour(CueKind kind) {
  return kind == CueKind::heel_strike ? palette::heel_cue : palette::hips_cue;
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
