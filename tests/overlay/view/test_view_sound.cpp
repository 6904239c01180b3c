// The overlay told that the daemon has no sound device: "NO SOUND: <reason>" from the hello's
// status, from the audio_unavailable event, and gone once a status says the sound is back.
#include <catch2/catch.hpp>

#include "view/overlay_view.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using nlohmann::json;

TEST_CASE("a daemon without a sound device shows as 'NO SOUND: <reason>'") {
  OverlayView view("http://127.0.0.1:7878");
  view.on_stream_event(
      {{"type", "hello"},
       {"status", {{"state", "running"}, {"audio", {{"state", "ok"}, {"driver", "pulseaudio"}}}}}},
      0.0);
  CHECK(view.sound_sentence().empty());

  // As the daemon streams it at its start.
  view.on_stream_event({{"type", "audio_unavailable"},
                        {"session_s", 0.0},
                        {"data",
                         {{"state", "unavailable"},
                          {"error", "cannot start SDL audio: Audio target 'nope' not available"},
                          {"driver", "nope"}}}},
                       0.1);
  CHECK(view.sound_sentence() ==
        "NO SOUND: cannot start SDL audio: Audio target 'nope' not available");

  // A client that joins later reads it in the status of its hello.
  OverlayView late("http://127.0.0.1:7878");
  late.on_stream_event(
      {{"type", "hello"},
       {"status",
        {{"state", "running"}, {"audio", {{"state", "unavailable"}, {"error", "no card"}}}}}},
      0.0);
  CHECK(late.sound_sentence() == "NO SOUND: no card");
  // A daemon restarted with its sound says so in the next status.
  late.on_status({{"audio", {{"state", "ok"}, {"driver", "alsa"}}}});
  CHECK(late.sound_sentence().empty());
  // A disabled sound is the config's choice, not a fault.
  late.on_status({{"audio", {{"state", "disabled"}}}});
  CHECK(late.sound_sentence().empty());
}
