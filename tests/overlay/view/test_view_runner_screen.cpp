// The runner's screen as the view decides it (issue 17, item 2): which cue holds the screen,
// the foot it names, "not recording" with no session open, and stale data after the link is lost.
#include <catch2/catch.hpp>

#include "view/overlay_view.hpp"

using namespace stridecue::overlay;
using nlohmann::json;

namespace {
json cue_event(const char* kind, double now_s, const char* side = "left") {
  return {{"type", "cue"},       {"seq", 1},
          {"kind", kind},        {"side", side},
          {"contact_s", now_s},  {"decided_s", now_s},
          {"why", "a sentence"}, {"reason", json::object()}};
}
}  // namespace

TEST_CASE("a hips or loading-rate cue is not hidden by a heel cue within its hold time") {
  const char* weighty = GENERATE("hips", "loading_rate", "glute_onset");
  INFO(weighty);
  OverlayView view("http://x:1");  // hold 1.2 s
  view.on_stream_event(cue_event(weighty, 10.0), 10.0);
  // The next stride's heel cue, 0.3 s later (the case), and a cadence cue: both counted,
  // neither takes the screen.
  view.on_stream_event(cue_event("heel_strike", 10.3, "right"), 10.3);
  view.on_stream_event(cue_event("cadence", 10.9), 10.9);
  REQUIRE(view.cue().has_value());
  CHECK(stridecue::to_string(view.cue()->kind) == weighty);
  CHECK(view.cue()->side == "left");
  CHECK(view.cues_seen(CueKind::heel_strike) == 1);
  CHECK(view.cues_held_back() == 2);
  // Once its hold is over, the next heel cue shows.
  view.on_stream_event(cue_event("heel_strike", 11.3, "right"), 11.3);
  CHECK(view.cue()->kind == CueKind::heel_strike);
  CHECK(view.cue()->side == "right");
}

TEST_CASE("a weightier cue takes the screen from a held heel cue, a heel cue from a heel cue") {
  OverlayView view("http://x:1");
  view.on_stream_event(cue_event("heel_strike", 1.0), 1.0);
  view.on_stream_event(cue_event("heel_strike", 1.4, "right"), 1.4);
  CHECK(view.cue()->side == "right");
  view.on_stream_event(cue_event("hips", 1.6), 1.6);
  CHECK(view.cue()->kind == CueKind::hips);
  view.on_stream_event(cue_event("loading_rate", 1.8, "right"), 1.8);  // same rank: the newer
  CHECK(view.cue()->kind == CueKind::loading_rate);
  CHECK(view.cues_held_back() == 0);
}

TEST_CASE("the cue names the foot it is about, in the daemon's cue language") {
  OverlayView view("http://x:1");
  view.on_stream_event(cue_event("heel_strike", 1.0, "right"), 1.0);
  CHECK(view.cue_side_text() == "RIGHT FOOT");
  view.on_stream_event(cue_event("hips", 3.0, "left"), 3.0);
  CHECK(view.cue_side_text() == "LEFT SIDE");
  view.on_settings({{"cue", {{"language", "de"}}}});
  CHECK(view.cue_side_text() == "LINKE SEITE");
  view.on_stream_event(cue_event("loading_rate", 5.0, "left"), 5.0);
  CHECK(view.cue_side_text() == "LINKER FUSS");
  view.on_stream_event(cue_event("cadence", 7.0, "left"), 7.0);
  CHECK(view.cue_side_text().empty());  // both feet
  CHECK(cue_side_words(CueKind::heel_strike, "left", "fr") == "PIED GAUCHE");
  CHECK(cue_side_words(CueKind::heel_strike, "right", "es") == "PIE DERECHO");
  CHECK(cue_side_words(CueKind::heel_strike, "", "en").empty());
}

TEST_CASE("no session open is 'not recording': after a stop, and with the store disabled") {
  OverlayView view("http://x:1");
  CHECK_FALSE(view.not_recording());  // nothing known yet
  view.on_stream_event({{"type", "hello"},
                        {"status",
                         {{"session", {{"id", 4}, {"number", 2}, {"began_s", 0.0}}},
                          {"recording", {{"state", "recording"}}}}}},
                       0.0);
  CHECK_FALSE(view.not_recording());
  view.on_status({{"session", nullptr}, {"recording", {{"state", "idle"}}}});  // session stopped
  CHECK(view.not_recording());
  view.on_status(
      {{"session", {{"id", 5}, {"number", 3}}}, {"recording", {{"state", "recording"}}}});
  CHECK_FALSE(view.not_recording());
  OverlayView no_store("http://x:1");
  no_store.on_status({{"session", nullptr}, {"recording", nullptr}});
  CHECK(no_store.not_recording());
}

TEST_CASE("what the screen shows turns stale when the link is lost, not before it ever ran") {
  OverlayView view("http://x:1");
  view.on_link(LinkState::waiting_for_daemon, "connection refused", 0.5, 1.0);
  CHECK_FALSE(view.stale());  // nothing shown yet that could be old
  view.on_stream_event({{"type", "hello"}, {"status", json::object()}}, 1.0);
  CHECK_FALSE(view.stale());
  view.on_link(LinkState::waiting_for_daemon, "connection reset", 5.0, 5.25);
  CHECK(view.stale());
  view.on_link(LinkState::connected, "", 6.0);
  CHECK_FALSE(view.stale());
}
