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

std::optional<CueDisplay> cue_display_from_string(std::string_view s) {
  if (s == "flood") return CueDisplay::flood;
  if (s == "frame") return CueDisplay::frame;
  return std::nullopt;
}

std::string_view to_string(CueDisplay d) {
  return d == CueDisplay::frame ? "frame" : "flood";
}

int cue_rank(CueKind kind) {
  switch (kind) {
    case CueKind::hips:
    case CueKind::loading_rate:
    case CueKind::glute_onset: return 1;
    case CueKind::heel_strike:
    case CueKind::cadence: return 0;
  }
  return 0;
}

std::string_view cue_side_words(CueKind kind, std::string_view side, std::string_view language) {
  if (kind == CueKind::cadence) return {};
  const bool left = side == "left";
  if (!left && side != "right") return {};
  const bool foot = kind == CueKind::heel_strike || kind == CueKind::loading_rate;
  // Capitals as the cue words (events/cue_words.hpp), from the same coaching vocabulary: the
  // foot that landed, or the hip whose gluteus medius the cue is about.
  if (language == "de")
    return foot ? (left ? "LINKER FUSS" : "RECHTER FUSS") : (left ? "LINKE SEITE" : "RECHTE SEITE");
  if (language == "fr")
    return foot ? (left ? "PIED GAUCHE" : "PIED DROIT") : (left ? "CÔTÉ GAUCHE" : "CÔTÉ DROIT");
  if (language == "es")
    return foot ? (left ? "PIE IZQUIERDO" : "PIE DERECHO")
                : (left ? "LADO IZQUIERDO" : "LADO DERECHO");
  return foot ? (left ? "LEFT FOOT" : "RIGHT FOOT") : (left ? "LEFT SIDE" : "RIGHT SIDE");
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
