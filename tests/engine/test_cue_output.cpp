// Each kind's output (cue.output.<kind>: both, visual, audio): the policy decides and counts the
// cue as ever, and stamps it with the kind's output at that moment, which the engine loop reads
// to leave a visual-only cue unsounded and the overlay to leave an audio-only one unshown.
#include <catch2/catch.hpp>

#include "engine/cue_policy.hpp"
#include "support/only_cue_settings.hpp"

using namespace stridecue;

namespace {

StrikeEvent rearfoot_at(double contact_s) {
  StrikeEvent e;
  e.side = Side::left;
  e.contact_s = contact_s;
  e.pattern = StrikePattern::rearfoot;
  e.decided_s = contact_s + 0.02;
  e.early = true;
  return e;
}

StrideRecord with_valr(double contact_s, double valr_bw_s) {
  StrideRecord r;
  r.side = Side::left;
  r.contact_s = contact_s;
  r.toe_off_s = contact_s + 0.25;
  r.valr_bw_s = valr_bw_s;
  r.valr_n_s = valr_bw_s * 70.0 * 9.80665;
  return r;
}

}  // namespace

TEST_CASE("A cue carries its kind's output, and a live change takes the next cue", "[cue]") {
  CueSettings s;
  s.refractory_s = 0.0;
  CuePolicy policy(s);
  auto first = policy.on_strike(rearfoot_at(1.0));
  REQUIRE(first);
  CHECK(first->output == CueOutput::both);  // the default: heard and shown

  s.outputs[static_cast<std::size_t>(CueKind::heel_strike)] = CueOutput::visual;
  policy.apply(s);
  auto second = policy.on_strike(rearfoot_at(2.0));
  REQUIRE(second);  // still decided: only its sound goes
  CHECK(second->output == CueOutput::visual);

  s.outputs[static_cast<std::size_t>(CueKind::heel_strike)] = CueOutput::audio;
  policy.apply(s);
  auto third = policy.on_strike(rearfoot_at(3.0));
  REQUIRE(third);
  CHECK(third->output == CueOutput::audio);
}

TEST_CASE("Outputs are per kind: one kind's setting leaves the others alone", "[cue]") {
  CueSettings s = test::only(CueKind::loading_rate);
  s.loading_rate.baseline_bw_s = 100.0;
  s.heel_enabled = true;
  s.outputs[static_cast<std::size_t>(CueKind::loading_rate)] = CueOutput::audio;
  CuePolicy policy(s);
  const auto heel = policy.on_strike(rearfoot_at(1.0));
  REQUIRE(heel);
  CHECK(heel->output == CueOutput::both);
  const CueList softer = policy.on_stride(with_valr(1.0, 95.0));
  REQUIRE(softer.size() == 1);
  CHECK(softer.front().kind == CueKind::loading_rate);
  CHECK(softer.front().output == CueOutput::audio);
}

TEST_CASE("Outputs have names for the settings and back", "[cue]") {
  for (const CueOutput o : {CueOutput::both, CueOutput::visual, CueOutput::audio})
    CHECK(cue_output_from_string(to_string(o)) == o);
  CHECK_FALSE(cue_output_from_string("loud"));
}
