// The cadence target the metronome follows (CuePolicy::cadence_target_steps_min): none while
// the baseline is learnt, then that baseline raised by increase_share; an absolute target at
// once; and the same target the cadence cue is judged against.
#include <catch2/catch.hpp>

#include <string>

#include "engine/cue_policy.hpp"

using namespace stridecue;
using Catch::Matchers::Contains;

namespace {

StrideRecord step_at(double contact_s, double steps_min) {
  StrideRecord r;
  r.side = Side::left;
  r.contact_s = contact_s;
  r.toe_off_s = contact_s + 0.25;
  r.step_time_ms = 60000.0 / steps_min;
  return r;
}

}  // namespace

TEST_CASE("The cadence target: none while learning, then the baseline raised", "[cue][metronome]") {
  CueSettings s;
  s.cadence.enabled = true;
  s.cadence.baseline_steps = 5;
  s.cadence.increase_share = 0.075;
  s.cadence.mean_steps = 2;
  s.refractory_s = 0.0;
  CuePolicy policy(s);
  double t = 0.0;
  for (int i = 0; i < 4; ++i) {
    t += 60.0 / 164.0;
    policy.on_stride(step_at(t, 164.0));
    CHECK_FALSE(policy.cadence_target_steps_min());
  }
  t += 60.0 / 164.0;
  policy.on_stride(step_at(t, 164.0));
  REQUIRE(policy.cadence_target_steps_min());
  CHECK(*policy.cadence_target_steps_min() == Approx(164.0 * 1.075));
  // The cue is judged against the same number.
  t += 60.0 / 164.0;
  const CueList cues = policy.on_stride(step_at(t, 164.0));
  REQUIRE(cues.size() == 1);
  CHECK(*cues.front().reason.cadence_target_steps_min == *policy.cadence_target_steps_min());
  // Learnt once: a faster runner later does not move it.
  for (int i = 0; i < 10; ++i) {
    t += 60.0 / 190.0;
    policy.on_stride(step_at(t, 190.0));
  }
  CHECK(*policy.cadence_target_steps_min() == Approx(164.0 * 1.075));
  // A new increase applies to the learnt baseline at once.
  s.cadence.increase_share = 0.05;
  policy.apply(s);
  CHECK(*policy.cadence_target_steps_min() == Approx(164.0 * 1.05));
}

TEST_CASE("The cadence target: an absolute target wins from the first step", "[cue][metronome]") {
  CueSettings s;
  s.cadence.target_steps_min = 178.0;
  CuePolicy policy(s);
  CHECK(policy.cadence_target_steps_min() == 178.0);
  policy.on_stride(step_at(0.4, 160.0));
  CHECK(policy.cadence_target_steps_min() == 178.0);
}

TEST_CASE("The metronome's volume is checked with the cue settings", "[cue][metronome]") {
  CueSettings s;
  CHECK_FALSE(s.cadence.metronome);  // off unless asked for
  s.cadence.metronome_volume = 1.5;
  REQUIRE(s.problem() != nullptr);
  CHECK_THAT(std::string(s.problem()), Contains("cue.cadence.metronome_volume"));
  s.cadence.metronome_volume = 0.0;
  CHECK(s.problem() == nullptr);
}
