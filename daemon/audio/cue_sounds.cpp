#include "audio/cue_sounds.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>

namespace stridecue {

std::vector<float> render_tone(const ToneShape& tone, int sample_rate_hz) {
  const auto n = static_cast<std::size_t>(std::lround(tone.length_s * sample_rate_hz));
  // A ramp may take at most a quarter of the burst each side, so short tones still reach peak.
  const std::size_t ramp = std::max<std::size_t>(
      1, std::min(static_cast<std::size_t>(kEdgeRampS * sample_rate_hz), n / 4));
  std::vector<float> out(n);
  const double step = 2.0 * std::numbers::pi * tone.frequency_hz / sample_rate_hz;
  for (std::size_t i = 0; i < n; ++i) {
    double envelope = 1.0;
    const std::size_t from_end = n - 1 - i;
    const std::size_t edge = std::min(i, from_end);
    if (edge < ramp) {
      envelope = 0.5 * (1.0 - std::cos(std::numbers::pi * (static_cast<double>(edge) + 0.5) /
                                       static_cast<double>(ramp)));
    }
    out[i] = static_cast<float>(envelope * std::sin(step * static_cast<double>(i)));
  }
  return out;
}

std::vector<float> render_heel_sound(int sample_rate_hz, double length_s) {
  const double third = length_s / 3.0;
  const std::vector<float> beep = render_tone({kHeelBeepHz, third}, sample_rate_hz);
  const auto gap = static_cast<std::size_t>(std::lround(third * sample_rate_hz));
  std::vector<float> out;
  out.reserve(2 * beep.size() + gap);
  out.insert(out.end(), beep.begin(), beep.end());
  out.insert(out.end(), gap, 0.0f);
  out.insert(out.end(), beep.begin(), beep.end());
  return out;
}

std::vector<float> render_hips_sound(int sample_rate_hz, double length_s) {
  return render_tone({kHipsToneHz, length_s}, sample_rate_hz);
}

std::vector<float> render_pair_sound(double first_hz, double second_hz, int sample_rate_hz,
                                     double length_s) {
  std::vector<float> out = render_tone({first_hz, length_s / 2.0}, sample_rate_hz);
  const std::vector<float> second = render_tone({second_hz, length_s / 2.0}, sample_rate_hz);
  out.insert(out.end(), second.begin(), second.end());
  return out;
}

std::vector<float> render_cadence_sound(int sample_rate_hz, double length_s) {
  const double fifth = length_s / 5.0;
  const std::vector<float> tick = render_tone({kCadenceTickHz, fifth}, sample_rate_hz);
  const auto gap = static_cast<std::size_t>(std::lround(fifth * sample_rate_hz));
  std::vector<float> out;
  out.reserve(3 * tick.size() + 2 * gap);
  for (int i = 0; i < 3; ++i) {
    if (i > 0) out.insert(out.end(), gap, 0.0f);
    out.insert(out.end(), tick.begin(), tick.end());
  }
  return out;
}

std::vector<float> render_metronome_click(int sample_rate_hz) {
  const auto n = static_cast<std::size_t>(std::lround(kMetronomeClickS * sample_rate_hz));
  const double rise = std::max(1.0, kMetronomeRiseS * sample_rate_hz);
  const double decay = kMetronomeDecayS * sample_rate_hz;
  // The last quarter fades to exactly 0 so the tail leaves no step behind.
  const std::size_t fade = std::max<std::size_t>(1, n / 4);
  const double step = 2.0 * std::numbers::pi * kMetronomeClickHz / sample_rate_hz;
  std::vector<float> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = static_cast<double>(i) + 0.5;
    double envelope = t < rise ? 0.5 * (1.0 - std::cos(std::numbers::pi * t / rise))
                               : std::exp(-(t - rise) / decay);
    const std::size_t from_end = n - 1 - i;
    if (from_end < fade) envelope *= static_cast<double>(from_end) / static_cast<double>(fade);
    // A cosine: the knock starts at its peak phase, not at a zero crossing.
    out[i] = static_cast<float>(envelope * std::cos(step * static_cast<double>(i)));
  }
  return out;
}

std::vector<float> render_cue_sound(CueKind kind, int sample_rate_hz, double length_s) {
  switch (kind) {
    case CueKind::heel_strike: return render_heel_sound(sample_rate_hz, length_s);
    case CueKind::hips: return render_hips_sound(sample_rate_hz, length_s);
    case CueKind::loading_rate:
      return render_pair_sound(kSofterHighHz, kSofterLowHz, sample_rate_hz, length_s);
    case CueKind::cadence: return render_cadence_sound(sample_rate_hz, length_s);
    case CueKind::glute_onset:
      return render_pair_sound(kOnsetLowHz, kOnsetHighHz, sample_rate_hz, length_s);
  }
  return render_heel_sound(sample_rate_hz, length_s);
}

}  // namespace stridecue
