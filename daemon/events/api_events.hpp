// The event stream's vocabulary (docs/api.md), shared by the daemon that writes
// /api/v1/stream and the clients that read it (the overlay): each event's "type", and the
// words its events use for a side and a cue kind. One definition, so that a renamed event or
// a new cue kind cannot leave the overlay matching a string the daemon no longer sends.
// Header-only and free of Beast and JSON: a client needs nothing of the daemon to speak it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace stridecue {

// The "type" of each event on the stream.
namespace api_event {
inline constexpr std::string_view hello = "hello";
inline constexpr std::string_view strike = "strike";  // a stance's class, moments after contact
inline constexpr std::string_view stride = "stride";  // the whole stride's record
inline constexpr std::string_view cue = "cue";
inline constexpr std::string_view cue_sound = "cue_sound";  // when the cue's sound started
inline constexpr std::string_view signals = "signals";      // live signals, decimated
inline constexpr std::string_view settings = "settings";    // a change, and who made it
inline constexpr std::string_view settings_applied = "settings_applied";  // engine took it
inline constexpr std::string_view device = "device";                      // lost, resumed …
// A device action's outcome is "<device>_<action>" (live/device_actions_control.hpp): this one
// is the analog treadmill's tare.
inline constexpr std::string_view plates_tare = "plates_tare";
inline constexpr std::string_view baseline_reset = "baseline_reset";
inline constexpr std::string_view reload_failed = "reload_failed";
// A SIGHUP reload that took the file: its changes, and the coach's changes it reverted or kept.
inline constexpr std::string_view config_reloaded = "config_reloaded";
// No sound device opened at the start: the cues are shown, not heard (status "audio").
inline constexpr std::string_view audio_unavailable = "audio_unavailable";
// The session store stopped taking writes (disk full, I/O error …), and took them again.
inline constexpr std::string_view recording_interrupted = "recording_interrupted";
inline constexpr std::string_view recording_resumed = "recording_resumed";
// A program session moved into its warm-up, feedback, retention block or end (program_plan.hpp).
inline constexpr std::string_view program_phase = "program_phase";
}  // namespace api_event

enum class Side : std::uint8_t { left, right };
// heel_strike: "land on your forefoot"; hips: the gluteus medius drop-off; loading_rate: "run
// softer" (VALR above its band); cadence: the step rate left its band; glute_onset: the gluteus
// medius burst starts late. docs/cues.md has each one's evidence.
enum class CueKind : std::uint8_t { heel_strike, hips, loading_rate, cadence, glute_onset };
inline constexpr std::size_t kCueKindCount = 5;  // arrays indexed by CueKind have this size
inline constexpr CueKind kCueKinds[kCueKindCount] = {CueKind::heel_strike, CueKind::hips,
                                                     CueKind::loading_rate, CueKind::cadence,
                                                     CueKind::glute_onset};

inline std::string_view to_string(Side s) {
  return s == Side::left ? "left" : "right";
}

inline std::optional<Side> side_from_string(std::string_view s) {
  if (s == "left") return Side::left;
  if (s == "right") return Side::right;
  return std::nullopt;
}

inline std::string_view to_string(CueKind k) {
  switch (k) {
    case CueKind::heel_strike: return "heel_strike";
    case CueKind::hips: return "hips";
    case CueKind::loading_rate: return "loading_rate";
    case CueKind::cadence: return "cadence";
    case CueKind::glute_onset: return "glute_onset";
  }
  return "heel_strike";
}

inline std::optional<CueKind> cue_kind_from_string(std::string_view s) {
  if (s == "heel_strike") return CueKind::heel_strike;
  if (s == "hips") return CueKind::hips;
  if (s == "loading_rate") return CueKind::loading_rate;
  if (s == "cadence") return CueKind::cadence;
  if (s == "glute_onset") return CueKind::glute_onset;
  return std::nullopt;
}

}  // namespace stridecue
