// Cue settings in which only one kind of cue speaks, every stride, no refractory time: each cue
// is one stride's verdict (the evidence-based cues' tests, engine and pipeline).
#pragma once

#include "engine/cue_policy.hpp"

namespace stridecue::test {

inline CueSettings only(CueKind kind) {
  CueSettings s;
  s.heel_enabled = false;
  s.hips_enabled = false;
  s.refractory_s = 0.0;
  s.loading_rate.enabled = kind == CueKind::loading_rate;
  s.cadence.enabled = kind == CueKind::cadence;
  s.glute_onset.enabled = kind == CueKind::glute_onset;
  return s;
}

}  // namespace stridecue::test
