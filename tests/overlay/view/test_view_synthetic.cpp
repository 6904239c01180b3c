// The view logic on hand-made events: the cases a short recording does not hold.
#include <catch2/catch.hpp>

#include "view/overlay_view.hpp"

using namespace stridecue::overlay;
using nlohmann::json;

namespace {
void strike(OverlayView& view, const char* side, const char* cls, double contact_s,
            bool early = false) {
  view.on_stream_event({{"type", "strike"},
                        {"side", side},
                        {"strike", cls},
                        {"contact_s", contact_s},
                        {"early", early}},
                       contact_s);
}
}  // namespace

TEST_CASE("the forefoot share looks back one minute from the latest strike") {
  OverlayView view("http://x:1");
  CHECK_FALSE(view.strikes().forefoot_share().has_value());
  for (int i = 0; i < 10; ++i)
    strike(view, i % 2 ? "left" : "right", "rearfoot", i * 0.35);
  CHECK(*view.strikes().forefoot_share() == 0.0);
  for (int i = 0; i < 10; ++i)
    strike(view, i % 2 ? "left" : "right", "forefoot", 30.0 + i * 0.35);
  CHECK(*view.strikes().forefoot_share() == Approx(0.5));
  for (int i = 0; i < 10; ++i)
    strike(view, i % 2 ? "left" : "right", "forefoot", 70.0 + i * 0.35);
  // The rearfoot strikes are more than a minute old now.
  CHECK(*view.strikes().forefoot_share() == 1.0);
  CHECK(view.strikes().strikes_in_window() == 20);
}

TEST_CASE("an early decision overturned by the whole stance changes its mark") {
  OverlayView view("http://x:1");
  strike(view, "left", "rearfoot", 5.0, true);
  REQUIRE(view.strikes().marks(Side::left).back().early);
  view.on_stream_event({{"type", "stride"},
                        {"stride",
                         {{"side", "left"},
                          {"contact_s", 5.0001},
                          {"strike", "forefoot"},
                          {"step_time_ms", 350.0},
                          {"glute_ratio", nullptr}}}},
                       5.3);
  CHECK(view.strikes().marks(Side::left).back().strike == StrikeClass::forefoot);
  CHECK_FALSE(view.strikes().marks(Side::left).back().early);
  CHECK(*view.strikes().forefoot_share() == 1.0);
  CHECK_FALSE(view.glute(Side::left).ratio.has_value());  // no EMG on that stride
}

TEST_CASE("a setting is pending until the daemon's engine takes its version") {
  OverlayView view("http://x:1");
  view.on_stream_event({{"type", "settings_applied"}, {"version", 3}, {"session_s", 1.0}}, 1.0);
  const int r = view.on_edit_sent({{"cue.refractory_s", 2.5}}, 2.0);
  view.on_edit_answer(r, 200, R"({"version":4,"applied":true})", 2.1);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::pending);
  view.on_stream_event({{"type", "settings_applied"}, {"version", 4}, {"session_s", 2.1}}, 2.2);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::applied);
  CHECK(view.edits().find("cue.refractory_s")->changed_at_s == 2.2);
}

TEST_CASE("a refused setting shows the daemon's message, an unsent one says why") {
  OverlayView view("http://x:1");
  const int r = view.on_edit_sent({{"cue.refractory_s", -1}}, 1.0);
  view.on_edit_answer(
      r, 422,
      R"({"error":"cue.refractory_s = -1 is out of range: 0 to 60 s","field":"cue.refractory_s"})",
      1.1);
  const SettingEdit* e = view.edits().find("cue.refractory_s");
  CHECK(e->state == EditState::refused);
  CHECK(e->message == "cue.refractory_s = -1 is out of range: 0 to 60 s");
  const int r2 = view.on_edit_sent({{"audio.volume", 0.5}}, 2.0);
  view.on_edit_answer(r2, 0, "no daemon at http://x:1: connection refused", 2.1);
  CHECK(view.edits().find("audio.volume")->state == EditState::failed);
  CHECK(view.edits().find("audio.volume")->message.find("connection refused") != std::string::npos);
}

TEST_CASE("a newer change of the same key is not overruled by the older one's answer") {
  OverlayView view("http://x:1");
  const int older = view.on_edit_sent({{"cue.refractory_s", 5}}, 1.0);
  const int newer = view.on_edit_sent({{"cue.refractory_s", 2}}, 1.1);
  view.on_edit_answer(older, 422, R"({"error":"old"})", 1.2);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::pending);
  CHECK(view.edits().find("cue.refractory_s")->value == 2);
  view.on_edit_answer(newer, 200, R"({"version":1})", 1.3);
  view.on_stream_event({{"type", "settings_applied"}, {"version", 1}}, 1.4);
  CHECK(view.edits().find("cue.refractory_s")->state == EditState::applied);
}

TEST_CASE("the status sentence says plainly what the overlay waits for") {
  OverlayView view("http://127.0.0.1:7878");
  CHECK(view.status_sentence(0.0) == "connecting to the daemon at http://127.0.0.1:7878 …");
  view.on_link(LinkState::waiting_for_daemon, "connection refused", 0.5, 1.0);
  CHECK(view.status_sentence(0.5) ==
        "waiting for the daemon at http://127.0.0.1:7878 (connection refused)");
  view.on_link(LinkState::refused, "401 {\"error\":\"missing token\"}", 0.6);
  CHECK(view.status_sentence(0.6).find("refused the overlay: 401") != std::string::npos);

  // A daemon whose status tells of its device.
  view.on_stream_event(
      {{"type", "hello"},
       {"status", {{"source", {{"kind", "usb"}, {"state", "waiting"}, {"device", "plate-1"}}}}}},
      1.0);
  CHECK(view.status_sentence(1.0) == "waiting for the device plate-1");
  view.on_stream_event(
      {{"type", "device"}, {"data", {{"event", "connected"}, {"device", "plate-1"}}}}, 1.5);
  view.on_stream_event(
      {{"type", "signals"}, {"session_s", 0.1}, {"fz_n", {1.0}}, {"emg_v", json::array()}}, 1.6);
  CHECK(view.status_sentence(1.7).empty());
  view.on_stream_event(
      {{"type", "device"},
       {"data", {{"event", "lost"}, {"device", "plate-1"}, {"detail", "unplugged"}}}},
      2.0);
  CHECK(view.status_sentence(2.0) ==
        "device plate-1 lost (unplugged): waiting for it to come back");
  view.on_stream_event(
      {{"type", "device"}, {"data", {{"event", "resumed"}, {"device", "plate-1"}, {"gap_s", 3.2}}}},
      5.0);
  view.on_stream_event(
      {{"type", "signals"}, {"session_s", 5.0}, {"fz_n", {1.0}}, {"emg_v", json::array()}}, 5.0);
  CHECK(view.status_sentence(5.1).empty());
  // A daemon that says nothing of its device: silence is what tells.
  CHECK(view.status_sentence(8.5) == "no data from the source for 3 s");
}

TEST_CASE("a daemon without source state: waiting for data until the first signals") {
  OverlayView view("http://127.0.0.1:7878");
  view.on_stream_event({{"type", "hello"}, {"status", {{"state", "running"}}}}, 10.0);
  CHECK(view.status_sentence(11.0).empty());
  CHECK(view.status_sentence(12.5) == "waiting for the device: no data yet");
}

TEST_CASE("messages that are not events are counted, unknown ones ignored") {
  OverlayView view("http://x:1");
  CHECK_FALSE(view.on_stream_text("not json", 0.0));
  CHECK_FALSE(view.on_stream_text("[1,2]", 0.0));
  CHECK_FALSE(view.on_stream_text(R"({"kind":"no type"})", 0.0));
  CHECK(view.on_stream_text(R"({"type":"from_the_future","x":1})", 0.0));
  CHECK(view.on_stream_text(R"({"type":"cue","kind":"new_kind"})", 0.0));
  CHECK(view.bad_messages() == 3);
  CHECK_FALSE(view.cue().has_value());
}

TEST_CASE("a new session clears the strides of the old one, a baseline reset clears its gauges") {
  OverlayView view("http://x:1");
  view.on_stream_event({{"type", "hello"}, {"status", {{"session", {{"id", 1}}}}}}, 0.0);
  strike(view, "left", "rearfoot", 1.0);
  view.on_stream_event({{"type", "stride"},
                        {"stride",
                         {{"side", "right"},
                          {"contact_s", 1.3},
                          {"strike", "forefoot"},
                          {"glute_ratio", 0.9},
                          {"glute_drop", false}}}},
                       1.5);
  REQUIRE(view.glute(Side::right).ratio.has_value());
  view.on_stream_event(
      {{"type", "baseline_reset"}, {"session_s", 2.0}, {"data", {{"side", "right"}}}}, 2.0);
  CHECK_FALSE(view.glute(Side::right).ratio.has_value());
  CHECK(view.last_notice() == "baseline reset (right)");
  view.on_stream_event({{"type", "hello"}, {"status", {{"session", {{"id", 2}}}}}}, 3.0);
  CHECK(view.strikes().marks(Side::left).empty());
  CHECK(view.session_id() == 2);
}

TEST_CASE("the view shows the runner's session number and the session's own time") {
  OverlayView view("http://x:1");
  view.on_stream_event(
      {{"type", "hello"},
       {"status",
        {{"runner_id", "R-017"}, {"session", {{"id", 41}, {"number", 3}, {"began_s", 100.0}}}}}},
      0.0);
  CHECK(view.session_id() == 41);
  CHECK(view.session_number() == 3);  // the store's id is not what a clinic calls it
  view.on_stream_event({{"type", "baseline_reset"}, {"session_s", 160.5}, {"data", {}}}, 1.0);
  REQUIRE(view.session_elapsed_s());
  CHECK(*view.session_elapsed_s() == Approx(60.5));  // not the daemon's 160.5 s
  view.on_status({{"session", nullptr}});
  CHECK_FALSE(view.session_number());
  CHECK_FALSE(view.session_elapsed_s());
}

TEST_CASE("the view counts a program session's planned time down with the data's time") {
  OverlayView view("http://x:1");
  CHECK(view.program_sentence().empty());
  view.on_stream_event({{"type", "program_phase"},
                        {"session_s", 200.0},
                        {"data", {{"phase", "warmup"}, {"remaining_s", 900.0}}}},
                       0.0);
  CHECK(view.program_sentence() == "warm-up · 15:00 left");
  view.on_stream_event({{"type", "baseline_reset"}, {"session_s", 320.5}, {"data", {}}}, 1.0);
  REQUIRE(view.program_timer());
  CHECK(view.program_timer()->remaining_s == Approx(779.5));
  CHECK(view.program_sentence() == "warm-up · 13:00 left");
  view.on_stream_event({{"type", "program_phase"},
                        {"session_s", 1100.0},
                        {"data", {{"phase", "complete"}, {"remaining_s", 0.0}}}},
                       2.0);
  CHECK(view.program_sentence() == "session complete");
  // The status's word replaces the stream's; a session outside a program has none.
  view.on_status(
      {{"session",
        {{"id", 5}, {"number", 2}, {"program", {{"phase", "retention"}, {"remaining_s", 61.0}}}}}});
  CHECK(view.program_sentence() == "retention block · 1:01 left");
  view.on_status({{"session", {{"id", 6}, {"number", 3}, {"program", nullptr}}}});
  CHECK(view.program_sentence().empty());
}

TEST_CASE("the schema parser names the entry that is wrong") {
  CHECK(parse_settings_schema(
            json::parse(R"([{"key":"cue.mode","type":"choice","choices":["a","b"],"live":true}])"))
            .at(0)
            .choices.size() == 2);
  // The human name when the daemon gives one (the web console shows the same), else the key.
  const auto named = parse_settings_schema(json::parse(
      R"([{"key":"cue.refractory_s","label":"Quiet time after a cue","type":"number"},
          {"key":"cue.mode","type":"choice","choices":[]}])"));
  CHECK(named.at(0).label == "Quiet time after a cue");
  CHECK(named.at(1).label == "cue.mode");
  CHECK_THROWS_WITH(parse_settings_schema(json::parse(R"([{"key":"a.b","type":"colour"}])")),
                    "settings schema entry 0 (a.b): unknown type 'colour'");
  CHECK_THROWS_WITH(parse_settings_schema(json::parse(R"([{"type":"number"}])")),
                    "settings schema entry 0: no \"key\" string");
  CHECK_THROWS_WITH(parse_settings_schema(json::object()),
                    "settings schema: expected an array of settings, got object");
}

TEST_CASE("the link's counters come from GET /status, asked every 2 s while connected") {
  OverlayView view("http://127.0.0.1:7878");
  CHECK_FALSE(view.take_status_poll(0.0));  // no stream yet: nobody to ask
  view.on_stream_event({{"type", "hello"}, {"status", {{"state", "running"}}}}, 1.0);
  CHECK(view.take_status_poll(1.0));
  CHECK_FALSE(view.take_status_poll(2.9));
  CHECK(view.take_status_poll(3.0));
  CHECK(view.link().health.empty());
  CHECK(view.link().health_problems().empty());

  // The daemon's status on a USB plate (docs/api.md): only counters that mean trouble are
  // named, and only when not 0.
  const json healthy = {{"source",
                         {{"kind", "usb"},
                          {"state", "running"},
                          {"device", "usb 1-1"},
                          {"health",
                           {{"transfers", 1200},
                            {"bytes", 148800},
                            {"bad_frames", 0},
                            {"reconnects", 0},
                            {"blocks_dropped", 0}}}}}};
  view.on_status(healthy);
  CHECK(view.link().health.size() == 5);
  CHECK(view.link().health_problems().empty());
  json troubled = healthy;
  troubled["source"]["health"]["bad_frames"] = 2;
  troubled["source"]["health"]["reconnects"] = 1;
  troubled["source"]["health"]["transfers"] = 5000;
  view.on_status(troubled);
  CHECK(view.link().health_problems() == "bad_frames 2 · reconnects 1");

  // Two devices merged: each counter prefixed with its device; a negative or text value is
  // not a counter.
  view.on_status({{"source",
                   {{"kind", "usb"},
                    {"health",
                     {{"force plates.bad_frames", 0},
                      {"delsys.reconnects", 3},
                      {"merge.blocks_dropped", 7},
                      {"odd", -1},
                      {"text", "x"}}}}}});
  CHECK(view.link().health.size() == 3);
  CHECK(view.link().health_problems() == "delsys.reconnects 3 · merge.blocks_dropped 7");

  view.on_link(LinkState::waiting_for_daemon, "connection refused", 4.0, 5.0);
  CHECK_FALSE(view.take_status_poll(10.0));  // the daemon is gone: no polling
}

TEST_CASE("a store fault shows as 'not recording' until the daemon says it records again") {
  OverlayView view("http://127.0.0.1:7878");
  view.on_stream_event({{"type", "hello"},
                        {"status",
                         {{"state", "running"},
                          {"session", {{"id", 3}, {"number", 1}}},
                          {"recording", {{"state", "recording"}}}}}},
                       0.0);
  CHECK(view.recording_sentence().empty());
  view.on_stream_event({{"type", "recording_interrupted"},
                        {"session_s", 12.0},
                        {"data", {{"reason", "disk full"}, {"lost_rows", 4}, {"lost_blocks", 9}}}},
                       12.0);
  CHECK(view.recording_sentence() == "not recording: disk full");
  // A status read later agrees; a failing disk says its own reason.
  view.on_status({{"recording", {{"state", "interrupted"}, {"reason", "disk I/O error"}}}});
  CHECK(view.recording_sentence() == "not recording: disk I/O error");
  view.on_stream_event({{"type", "recording_resumed"},
                        {"session_s", 20.0},
                        {"data",
                         {{"reason", "disk I/O error"},
                          {"interrupted_s", 8.0},
                          {"lost_rows", 40},
                          {"lost_blocks", 800}}}},
                       20.0);
  CHECK(view.recording_sentence().empty());
  CHECK(view.last_notice() == "recording resumed (800 sample blocks lost)");
  // A daemon that joined while interrupted tells it in its hello.
  OverlayView late("http://127.0.0.1:7878");
  late.on_stream_event(
      {{"type", "hello"},
       {"status", {{"recording", {{"state", "interrupted"}, {"reason", "disk full"}}}}}},
      0.0);
  CHECK(late.recording_sentence() == "not recording: disk full");
}

TEST_CASE("the new cue kinds get their own word and colour, and cadence says which way") {
  OverlayView view("http://x:1");
  const auto cue = [&view](const char* kind, json reason, double now_s) {
    view.on_stream_event({{"type", "cue"},
                          {"seq", 1},
                          {"kind", kind},
                          {"side", "left"},
                          {"contact_s", now_s},
                          {"decided_s", now_s},
                          {"why", "a sentence"},
                          {"reason", reason}},
                         now_s);
    REQUIRE(view.cue().has_value());
    return std::string(view.cue()->word());
  };
  CHECK(cue("loading_rate", {{"mode", "every_stride"}, {"valr_bw_s", 90.0}}, 1.0) == "RUN SOFTER");
  // 2 s apart: a cadence cue within the loading-rate cue's hold would not take the screen.
  CHECK(cue("cadence", {{"cadence_steps_min", 165.0}, {"cadence_target_steps_min", 180.0}}, 3.0) ==
        "QUICKER STEPS");
  CHECK(cue("cadence", {{"cadence_steps_min", 195.0}, {"cadence_target_steps_min", 180.0}}, 5.0) ==
        "SLOWER STEPS");
  CHECK(cue("cadence", json::object(), 7.0) == "CADENCE");  // no numbers: no direction
  CHECK(cue("glute_onset", {{"glute_onset_ms", 30.0}}, 9.0) == "HIPS EARLY");
  CHECK(view.cues_seen(CueKind::cadence) == 3);
  CHECK(view.cues_seen(CueKind::loading_rate) == 1);
  CHECK(view.cues_seen(CueKind::glute_onset) == 1);
  CHECK(view.cues_seen(CueKind::hips) == 0);
  CHECK(view.bad_messages() == 0);
  // Every kind has a colour of its own.
  for (const CueKind a : stridecue::kCueKinds)
    for (const CueKind b : stridecue::kCueKinds)
      if (a != b) CHECK(cue_colour(a) != cue_colour(b));
}

TEST_CASE("a batch of signals puts every sample on the traces, oldest first") {
  OverlayView view("http://127.0.0.1:7878");
  json batch = json::array();
  for (int i = 0; i < 5; ++i)
    batch.push_back({{"session_s", 1.0 + 0.02 * i}, {"fz_n", {100.0 * i, 7.0}}, {"emg_v", {0.5}}});
  json message = batch.back();
  message["type"] = "signals";
  message["batch"] = batch;
  view.on_stream_event(message, 2.0);
  REQUIRE(view.force_traces().size() == 2);
  const TraceBuffer& left = view.force_traces()[0];
  REQUIRE(left.size() == 5);
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(left[i].t == Approx(1.0 + 0.02 * static_cast<double>(i)));
    CHECK(left[i].value == Approx(100.0 * static_cast<double>(i)));
  }
  CHECK(view.force_traces()[1].size() == 5);
  CHECK(view.emg_traces().at(0).size() == 5);
}
