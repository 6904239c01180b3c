// The EMG chain of a stride, on one channel of a real recording: conditioner → history →
// analyser, fed in 10 ms chunks as the engine feeds it (docs/emg.md §1, §3).
#pragma once

#include <cmath>
#include <span>
#include <vector>

#include "engine/emg_conditioner.hpp"
#include "engine/glute_activation.hpp"

namespace stridecue::test {

// Gait in these recordings is walking: the muscles stay on well into stance, past the running
// default offset search of 0.25 s, where a burst would run off the stretch and leave its
// offset empty. 1.2 s lookback + 0.5 s search fit the 3 s history.
inline constexpr double kWalkingHistory_s = 3.0;

inline GluteActivationSettings walking_activation() {
  GluteActivationSettings s;
  s.offset_search_s = 0.50;
  return s;
}

// `volts` (one channel, V, from start_time_s at rate_hz) through the chain; each time in `at_s`
// is analysed as soon as the history reaches it + ready_delay_s(). Times the data end before
// get an empty activation.
inline std::vector<GluteActivation> measure_emg_at(
    const std::vector<float>& volts, double rate_hz, double start_time_s,
    const std::vector<double>& at_s, const EmgSettings& emg_settings = {},
    const GluteActivationSettings& glute_settings = walking_activation()) {
  EmgConditioner conditioner(emg_settings, rate_hz, 1);
  EmgHistory history(rate_hz, kWalkingHistory_s);
  GluteActivationAnalyzer analyzer(glute_settings, rate_hz, kWalkingHistory_s);
  const auto chunk = static_cast<std::size_t>(std::lround(rate_hz * 0.010));
  std::vector<float> filtered(chunk);
  std::vector<GluteActivation> out(at_s.size());
  std::vector<bool> done(at_s.size(), false);
  for (std::size_t first = 0; first < volts.size(); first += chunk) {
    const std::size_t frames = std::min(chunk, volts.size() - first);
    conditioner.process(std::span<const float>(volts).subspan(first, frames), frames,
                        {std::span<float>(filtered).first(frames), {}, {}, {}});
    history.append(start_time_s + static_cast<double>(first) / rate_hz,
                   std::span<const float>(filtered).first(frames), 1, 0, frames);
    for (std::size_t i = 0; i < at_s.size(); ++i) {
      if (done[i] || history.newest_time_s() < at_s[i] + analyzer.ready_delay_s()) continue;
      out[i] = analyzer.analyze(history, at_s[i]);
      done[i] = true;
    }
  }
  return out;
}

}  // namespace stridecue::test
