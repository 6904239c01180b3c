// The cue sounds, rendered once at start-up so the audio callback only copies samples.
// heel_strike: two short high beeps ("tap-tap", land lighter); hips: one lower, longer tone;
// loading_rate: a falling pair ("soft-er"); cadence: three quick ticks; glute_onset: a rising
// pair. All have raised-cosine edges so they start and stop without clicks.
#pragma once

#include <vector>

#include "engine/cue_policy.hpp"  // CueKind

namespace stridecue {

struct ToneShape {
  double frequency_hz = 0.0;
  double length_s = 0.0;
};

inline constexpr double kHeelBeepHz = 1500.0;
inline constexpr double kHipsToneHz = 500.0;
inline constexpr double kSofterHighHz = 900.0;  // loading rate: high, then low
inline constexpr double kSofterLowHz = 600.0;
inline constexpr double kCadenceTickHz = 2000.0;
inline constexpr double kOnsetLowHz = 400.0;  // glute onset: low, then high
inline constexpr double kOnsetHighHz = 800.0;
// Edge ramps: long enough to avoid a click, short next to a 40 ms beep.
inline constexpr double kEdgeRampS = 0.005;

// A sine burst at full scale (peak 1.0) with raised-cosine fade-in and fade-out.
std::vector<float> render_tone(const ToneShape& tone, int sample_rate_hz);

// Beep, gap, beep: each a third of length_s.
std::vector<float> render_heel_sound(int sample_rate_hz, double length_s);
// One tone of length_s.
std::vector<float> render_hips_sound(int sample_rate_hz, double length_s);
// Two tones of half of length_s each, the first at first_hz.
std::vector<float> render_pair_sound(double first_hz, double second_hz, int sample_rate_hz,
                                     double length_s);
// Tick, gap, tick, gap, tick: each a fifth of length_s.
std::vector<float> render_cadence_sound(int sample_rate_hz, double length_s);
// The sound of each kind (one of the above).
std::vector<float> render_cue_sound(CueKind kind, int sample_rate_hz, double length_s);

}  // namespace stridecue
