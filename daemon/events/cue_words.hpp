// The words a runner reads or hears for each cue, in each language the daemon speaks, and the
// words of the heel-strike target ("forefoot ≥ 80 %"). One table for the daemon, which decides
// the word of every cue event (settings cue.language and cue.words.*), and for the overlay,
// which falls back to the English words only for a daemon whose events carry none.
// Header-only and free of JSON, as api_events.hpp. UTF-8; every character lies in Latin-1 or is
// "≥", the glyphs the overlay's fonts bake (overlay/ui/fonts.cpp).
//
// Short imperatives read at 2 m from a treadmill, in capitals. English is the words the daemon
// has always used. German, French and Spanish use the phrases running coaches use for the same
// cue ("leiser laufen" for "run softer", "mit dem Vorfuß aufsetzen", "attaque avant-pied",
// "pisada de antepié"); capital ß is written SS, as German signage does. A clinic with words of
// its own sets them per cue (cue.words.*): these are a starting point, not a standard.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/api_events.hpp"

namespace stridecue {

enum class CueLanguage : std::uint8_t { en, de, fr, es };
inline constexpr std::size_t kCueLanguageCount = 4;
// The setting's values (cue.language), in the enum's order.
inline constexpr std::array<std::string_view, kCueLanguageCount> kCueLanguageNames = {"en", "de",
                                                                                      "fr", "es"};

inline std::string_view to_string(CueLanguage l) {
  return kCueLanguageNames[static_cast<std::size_t>(l)];
}

inline std::optional<CueLanguage> cue_language_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kCueLanguageCount; ++i)
    if (kCueLanguageNames[i] == s) return static_cast<CueLanguage>(i);
  return std::nullopt;
}

// One word per cue and direction: the cadence cue says which way the step rate should go.
enum class CueWord : std::uint8_t {
  heel_strike,
  hips,
  loading_rate,
  cadence_quicker,
  cadence_slower,
  glute_onset
};
inline constexpr std::size_t kCueWordCount = 6;
// The settings' names (cue.words.<name>): the stream's cue kinds, the cadence cue's two ways.
inline constexpr std::array<std::string_view, kCueWordCount> kCueWordNames = {
    "heel_strike", "hips", "loading_rate", "cadence_quicker", "cadence_slower", "glute_onset"};

inline std::string_view to_string(CueWord w) {
  return kCueWordNames[static_cast<std::size_t>(w)];
}

// The word a cue of `kind` takes; `quicker`: the cadence cue's step rate is below its target
// (unknown: quicker, the cue's usual purpose, Heiderscheit et al. 2011).
inline CueWord cue_word_of(CueKind kind, std::optional<bool> quicker = std::nullopt) {
  switch (kind) {
    case CueKind::heel_strike: return CueWord::heel_strike;
    case CueKind::hips: return CueWord::hips;
    case CueKind::loading_rate: return CueWord::loading_rate;
    case CueKind::cadence:
      return quicker.value_or(true) ? CueWord::cadence_quicker : CueWord::cadence_slower;
    case CueKind::glute_onset: return CueWord::glute_onset;
  }
  return CueWord::heel_strike;
}

// Indexed by CueLanguage, then by CueWord.
inline constexpr std::array<std::array<std::string_view, kCueWordCount>, kCueLanguageCount>
    kBuiltinCueWords = {{
        {"LAND ON YOUR FOREFOOT", "DRIVE FROM THE HIPS", "RUN SOFTER", "QUICKER STEPS",
         "SLOWER STEPS", "HIPS EARLY"},
        {"VORFUSS AUFSETZEN", "AUS DER HÜFTE", "LEISER LAUFEN", "SCHNELLERE SCHRITTE",
         "LANGSAMERE SCHRITTE", "HÜFTE FRÜHER"},
        {"ATTAQUE AVANT-PIED", "ENGAGE LES HANCHES", "COURS PLUS LÉGER", "PAS PLUS RAPIDES",
         "PAS PLUS LENTS", "HANCHES PLUS TÔT"},
        {"PISA CON EL ANTEPIÉ", "IMPULSA CON LA CADERA", "CORRE MÁS SUAVE", "PASOS MÁS RÁPIDOS",
         "PASOS MÁS LENTOS", "CADERA ANTES"},
    }};

inline std::string_view builtin_cue_word(CueWord word, CueLanguage language = CueLanguage::en) {
  return kBuiltinCueWords[static_cast<std::size_t>(language)][static_cast<std::size_t>(word)];
}

// The English word of a cue as the daemon always said it; a cadence cue of unknown direction
// (an older daemon's event without its numbers) says only "CADENCE".
inline std::string_view english_cue_word(CueKind kind, std::optional<bool> quicker) {
  if (kind == CueKind::cadence && !quicker) return "CADENCE";
  return builtin_cue_word(cue_word_of(kind, quicker));
}

// The strike classes a target asks for, as a runner reads them: indexed by CueLanguage, then by
// the set as a bit mask (1 rearfoot, 2 midfoot, 4 forefoot; 0 and 7 name no target).
inline constexpr std::array<std::array<std::string_view, 8>, kCueLanguageCount> kStrikeClassWords =
    {{
        {"", "rearfoot", "midfoot", "rear/midfoot", "forefoot", "rear/forefoot", "fore/midfoot",
         ""},
        {"", "Rückfuß", "Mittelfuß", "Rück-/Mittelfuß", "Vorfuß", "Rück-/Vorfuß", "Vor-/Mittelfuß",
         ""},
        {"", "arrière-pied", "médio-pied", "arrière/médio-pied", "avant-pied", "arrière/avant-pied",
         "avant/médio-pied", ""},
        {"", "retropié", "mediopié", "retro/mediopié", "antepié", "retro/antepié", "ante/mediopié",
         ""},
    }};

// "forefoot ≥ 80 %" for the classes in `mask` (1 rearfoot, 2 midfoot, 4 forefoot) and a share of
// 0.8; empty when the mask names no class or every class (no target).
inline std::string strike_target_words(unsigned mask, double min_share,
                                       CueLanguage language = CueLanguage::en) {
  if (mask == 0 || mask >= 7) return {};
  std::string out(kStrikeClassWords[static_cast<std::size_t>(language)][mask]);
  const long percent = static_cast<long>(min_share * 100.0 + 0.5);
  out += " ≥ ";
  out += std::to_string(percent);
  out += " %";
  return out;
}

}  // namespace stridecue
