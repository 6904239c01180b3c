// The cue sounds, rendered once at start-up so the audio callback only copies samples.
// heel_strike: two short high beeps ("tap-tap", land lighter); hips: one lower, longer tone;
// loading_rate: a falling pair ("soft-er"); cadence: three quick ticks; glute_onset: a rising
// pair. All have raised-cosine edges so they start and stop without clicks. The metronome's
// tick is none of these: a 10 ms knock at 1 kHz that dies away at once, like a wood block.
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
// The metronome's tick: a pitch no cue uses, a percussive envelope (1 ms rise, then a 2 ms
// exponential decay) and a length well under the shortest cue tone (24 ms), so the runner
// tells the beat from a cue by ear and the tick is over long before the next step (at most
// 260 steps/min: 230 ms apart).
inline constexpr double kMetronomeClickHz = 1000.0;
inline constexpr double kMetronomeClickS = 0.010;
inline constexpr double kMetronomeRiseS = 0.001;
inline constexpr double kMetronomeDecayS = 0.002;

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
// The metronome's tick, peak near 1.0, ending at 0.
std::vector<float> render_metronome_click(int sample_rate_hz);
// The sound of each kind (one of the above).
std::vector<float> render_cue_sound(CueKind kind, int sample_rate_hz, double length_s);

}  // namespace stridecue
