// The cue's word and output as the daemon decides them (issue 15: wording, language, visual- or
// audio-only cues), and the runner's heel-strike target from the status.
#include <catch2/catch.hpp>

#include "view/overlay_view.hpp"

using namespace stridecue::overlay;
using nlohmann::json;

namespace {
json cue_event(const char* kind, double now_s, json extra = json::object()) {
  json e = {{"type", "cue"},       {"seq", 1},
            {"kind", kind},        {"side", "left"},
            {"contact_s", now_s},  {"decided_s", now_s},
            {"why", "a sentence"}, {"reason", json::object()}};
  e.update(extra);
  return e;
}
}  // namespace

TEST_CASE("the banner shows the word the daemon chose, English only for an older daemon") {
  OverlayView view("http://x:1");
  view.on_stream_event(cue_event("hips", 1.0, {{"word", "AUS DER HÜFTE"}, {"output", "both"}}),
                       1.0);
  REQUIRE(view.cue().has_value());
  CHECK(view.cue()->word() == "AUS DER HÜFTE");
  // A cadence cue's word from the daemon wins over the direction the overlay would work out
  // (after the hips cue's hold: cue_rank keeps a held hips cue on screen).
  view.on_stream_event(
      cue_event("cadence", 3.0,
                {{"word", "PASOS MÁS RÁPIDOS"},
                 {"reason", {{"cadence_steps_min", 195.0}, {"cadence_target_steps_min", 180.0}}}}),
      3.0);
  CHECK(view.cue()->word() == "PASOS MÁS RÁPIDOS");
  // No "word": a daemon from before the setting; its English words.
  view.on_stream_event(cue_event("loading_rate", 4.0), 4.0);
  CHECK(view.cue()->word() == "RUN SOFTER");
}

TEST_CASE("an audio-only cue is counted but raises no banner, a visual-only one does") {
  OverlayView view("http://x:1");
  const CueTiming timing = view.cue_timing();
  view.on_stream_event(cue_event("heel_strike", 10.0, {{"output", "audio"}}), 10.0);
  CHECK(view.cues_seen(stridecue::CueKind::heel_strike) == 1);
  CHECK_FALSE(view.cue().has_value());
  view.on_stream_event(cue_event("heel_strike", 20.0, {{"output", "visual"}}), 20.0);
  REQUIRE(view.cue().has_value());
  CHECK(view.cue()->visible(20.0, timing));
  // A later audio-only cue of another kind neither shows nor replaces the banner.
  view.on_stream_event(cue_event("hips", 20.2, {{"output", "audio"}}), 20.2);
  CHECK(view.cue()->kind == stridecue::CueKind::heel_strike);
  CHECK(view.cues_seen(stridecue::CueKind::hips) == 1);
}

TEST_CASE("the status's heel-strike target: label, share and whether it is met") {
  OverlayView view("http://x:1");
  CHECK_FALSE(view.cue_target().has_value());
  view.on_status({{"cue_target",
                   {{"kind", "heel_strike"},
                    {"classes", {"midfoot", "forefoot"}},
                    {"min_share", 0.8},
                    {"label", "Vor-/Mittelfuß ≥ 80 %"},
                    {"share", 0.74},
                    {"strides", 120},
                    {"met", false}}}});
  REQUIRE(view.cue_target().has_value());
  CHECK_FALSE(view.cue_target()->met());
  CHECK(view.cue_target()->sentence() == "Vor-/Mittelfuß ≥ 80 % · 74 %");
  view.on_status(
      {{"cue_target", {{"min_share", 0.8}, {"label", "forefoot ≥ 80 %"}, {"share", 0.8}}}});
  CHECK(view.cue_target()->met());
  // Before the session's first classified strike: the target, no share.
  view.on_status(
      {{"cue_target", {{"min_share", 0.8}, {"label", "forefoot ≥ 80 %"}, {"share", nullptr}}}});
  CHECK_FALSE(view.cue_target()->met());
  CHECK(view.cue_target()->sentence() == "forefoot ≥ 80 % · –");
  // The coach unset the target.
  view.on_status({{"cue_target", nullptr}});
  CHECK_FALSE(view.cue_target().has_value());
}
