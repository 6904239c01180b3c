// Runners and their sessions in one daemon run (issue: a new runner inherited the last one's
// baseline, mass and foot length, the faded schedule followed the wrong runner, a stop left the
// cues on, and a session's figures were the daemon's).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// The simulator four times faster than real time, a session counting in a program after 4 s
// of running, a glute baseline of 8 strides a side, cues on every heel strike (the simulated
// runner strikes with the heel).
std::string runners_config(const std::filesystem::path& dir) {
  return "runner_id = \"maria\"\n"
         "[source]\nkind = \"simulator\"\npace = 4.0\n\n"
         "[api]\nport = 0\n\n"
         "[audio]\nenabled = false\n\n"
         "[store]\npath = \"" +
         (dir / "sessions.db").string() +
         "\"\nprogram_session_min_s = 4.0\n\n"
         "[runner]\nbody_mass_kg = 60.0\n\n"
         "[glute.baseline]\nbaseline_strides = 8\n";
}

Json post(const ApiClient& api, const std::string& path, const std::string& body, int status) {
  const ApiResponse reply = api.request("POST", path, body);
  INFO(path << " " << body << " → " << reply.status << " " << reply.body);
  REQUIRE(reply.status == status);
  return Json::parse(reply.body);
}

// The strides of the stream whose contact lies after `after_s`, until `before_s`.
std::vector<Json> strides_between(const test::EventLog& log, double after_s, double before_s) {
  std::vector<Json> out;
  for (const auto& e : log.events()) {
    if (e["type"] != "stride") continue;
    const double contact = e["stride"]["contact_s"];
    if (contact > after_s && contact < before_s) out.push_back(e["stride"]);
  }
  return out;
}

double session_time(const ApiClient& api) {
  return Json::parse(api.request("GET", "/api/v1/status").body)["totals"]["session_s"];
}

}  // namespace

TEST_CASE("Two runners in one daemon run: each their own record, baseline and program session",
          "[daemon][runners]") {
  test::TempDir dir("daemon-runners");
  test::DaemonProcess daemon(dir.path(), runners_config(dir.path()));
  const ApiClient api = daemon.client();
  test::EventLog log(api);

  // Bob's record, made through the API while Maria runs.
  const Json bob = post(api, "/api/v1/runners",
                        R"({"id": "bob", "name": "Bob K", "body_mass_kg": 90, "foot_length_m": 0.29,
                            "affected_side": "left"})",
                        201);
  CHECK(bob["body_mass_kg"] == Approx(90.0));
  post(api, "/api/v1/runners", R"({"id": "bob"})", 409);
  CHECK(post(api, "/api/v1/runners", R"({"id": "eve", "body_mass_kg": 5})", 422)["field"] ==
        "body_mass_kg");
  CHECK(post(api, "/api/v1/runners", R"({"id": "eve", "affected_side": "up"})", 422)["field"] ==
        "affected_side");
  CHECK(api.request("GET", "/api/v1/runners/nobody").status == 404);

  // Maria runs long enough for her session to count, and her glute baseline is learnt.
  REQUIRE(log.wait_for("stride", 40, 30.0));
  const Json maria_status = Json::parse(api.request("GET", "/api/v1/status").body);
  CHECK(maria_status["session"]["runner_id"] == "maria");
  CHECK(maria_status["session"]["program_session"] == 1);
  bool maria_had_ratio = false;
  for (const Json& s : strides_between(log, 0.0, 1e9))
    maria_had_ratio = maria_had_ratio || !s["glute_ratio"].is_null();
  CHECK(maria_had_ratio);

  // Bob steps on: his mass, his foot, his first program session, a fresh baseline.
  const double bob_from = session_time(api);
  const Json bob_start = post(api, "/api/v1/session/start", R"({"runner_id": "bob"})", 200);
  CHECK(bob_start["runner_id"] == "bob");
  CHECK(bob_start["number"] == 1);
  CHECK(bob_start["program_session"] == 1);
  const Json settings = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings["runner"]["body_mass_kg"] == Approx(90.0));
  CHECK(settings["runner"]["foot_length_m"] == Approx(0.29));
  CHECK(settings["runner"]["name"] == "Bob K");
  CHECK(settings["cue"]["session_number"] == 1);
  const std::size_t strides_then = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_then + 20, 30.0));  // enough running to count
  const std::vector<Json> bobs = strides_between(log, bob_from + 0.5, 1e9);
  REQUIRE(bobs.size() >= 4);
  // No ratio against Maria's baseline: Bob's own is being learnt.
  CHECK(bobs.front()["glute_ratio"].is_null());
  CHECK_FALSE(bobs.front()["glute_drop"].get<bool>());
  for (const Json& s : bobs) {
    // Body weights with Bob's 90 kg, not Maria's 60.
    const double bw = s["peak_fz_bw"];
    CHECK(s["peak_fz_n"].get<double>() / bw / 9.81 == Approx(90.0).epsilon(0.01));
  }

  // Maria again: her second program session, the file's 60 kg, the file's (empty) foot length
  // replaced by the simulator's, her name from the file (none), and a fresh baseline.
  const Json maria_again = post(api, "/api/v1/session/start", R"({"runner_id": "maria"})", 200);
  CHECK(maria_again["number"] == 2);
  CHECK(maria_again["program_session"] == 2);
  const Json settings2 = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings2["runner"]["body_mass_kg"] == Approx(60.0));
  CHECK(settings2["cue"]["session_number"] == 2);

  // A session started and stopped at once does not count in a program.
  post(api, "/api/v1/session/start", R"({"runner_id": "bob"})", 200);
  post(api, "/api/v1/session/start", R"({"runner_id": "bob"})", 200);
  const Json bob_third = post(api, "/api/v1/session/start", R"({"runner_id": "bob"})", 200);
  CHECK(bob_third["number"] == 4);
  CHECK(bob_third["program_session"] == 2);  // only his first session was run

  const Json listed = Json::parse(api.request("GET", "/api/v1/runners").body);
  REQUIRE(listed["runners"].size() == 2);
  CHECK(listed["runners"][0]["id"] == "bob");
  CHECK(listed["runners"][0]["sessions"] == 4);
  CHECK(daemon.stop() == 0);
}

TEST_CASE("Stop session ends the cueing and the recording, and a start brings both back",
          "[daemon][runners]") {
  test::TempDir dir("daemon-stop-cues");
  test::DaemonProcess daemon(dir.path(), runners_config(dir.path()));
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("cue", 3, 30.0));  // heel cues for the rearfoot runner

  const Json stopped = post(api, "/api/v1/session/stop", "", 200);
  CHECK(stopped["stopped"] == 1);
  const double stopped_s = session_time(api);
  const std::size_t strides_then = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_then + 12, 30.0));
  const double restarted_s = session_time(api);
  const Json stopped_status = Json::parse(api.request("GET", "/api/v1/status").body);
  CHECK(stopped_status["session"].is_null());
  CHECK(stopped_status["cueing"] == false);
  const std::size_t cues_while_stopped = [&] {
    std::size_t n = 0;
    for (const auto& e : log.events())
      n += e["type"] == "cue" && e["contact_s"].get<double>() > stopped_s + 0.1 &&
           e["contact_s"].get<double>() < restarted_s;
    return n;
  }();
  CHECK(cues_while_stopped == 0);

  post(api, "/api/v1/session/start", "{}", 200);
  const std::size_t cues_then = log.count("cue");
  REQUIRE(log.wait_for("cue", cues_then + 3, 30.0));
  const Json running = Json::parse(api.request("GET", "/api/v1/status").body);
  CHECK(running["cueing"] == true);
  // The session's own counts: it began after the daemon's first strides.
  CHECK(running["session"]["strides"].get<int>() >= 3);
  CHECK(running["session"]["strides"].get<int>() < running["totals"]["strides"].get<int>());
  CHECK(running["session"]["elapsed_s"].get<double>() <
        running["totals"]["session_s"].get<double>());
  CHECK(daemon.stop() == 0);

  // Each session's summary counts its own strides and time, not the daemon's.
  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 2);
  for (const SessionSummary& s : sessions) {
    const auto details = reader.find_session(s.id);
    REQUIRE(details);
    REQUIRE(details->summary_json);
    const Json summary = Json::parse(*details->summary_json);
    const auto strides = reader.strides(s.id);
    INFO("session " << s.id << ": " << summary.dump());
    CHECK(summary["strides"] == strides.size());
    REQUIRE(strides.size() >= 3);
    const double span = strides.back().contact_s - strides.front().contact_s;
    // From the session's start to its end: the strides' span and less than one stride more
    // at each end.
    CHECK(summary["duration_s"].get<double>() >= span);
    CHECK(summary["duration_s"].get<double>() <= span + 3.0);
  }
}

TEST_CASE(
    "A runner's own program through the API: its settings at their session start, and the "
    "next runner gets the file's back",
    "[daemon][runners][programs]") {
  test::TempDir dir("daemon-programs");
  test::DaemonProcess daemon(dir.path(), runners_config(dir.path()));
  const ApiClient api = daemon.client();

  const Json listed = Json::parse(api.request("GET", "/api/v1/programs").body);
  REQUIRE(listed["programs"].size() == 1);
  CHECK(listed["programs"][0]["name"] == "crowell-davis-8");
  CHECK(listed["programs"][0]["builtin"] == true);
  const Json made = post(api, "/api/v1/programs",
                         R"({"name": "softer-6", "description": "run softer",
                             "settings": {"cue.fading.sessions": 6,
                                          "cue.loading_rate.enabled": true}})",
                         201);
  CHECK(made["settings"]["program.first_session_min"] == Approx(15.0));  // the default, kept
  post(api, "/api/v1/programs", R"({"name": "softer-6"})", 409);
  CHECK(post(api, "/api/v1/programs", R"({"name": "x", "settings": {"runner.name": "a"}})",
             422)["field"] == "settings.runner.name");
  CHECK(api.request("DELETE", "/api/v1/programs/crowell-davis-8").status == 409);

  post(api, "/api/v1/runners", R"({"id": "bob"})", 201);
  const ApiResponse given =
      api.request("PATCH", "/api/v1/runners/bob",
                  R"({"program": {"template": "softer-6", "settings": {"program.warmup_s": 30}}})");
  REQUIRE(given.status == 200);
  CHECK(Json::parse(given.body)["program"]["template"] == "softer-6");
  const ApiResponse unknown = api.request("PATCH", "/api/v1/runners/bob", R"({"program": "nope"})");
  CHECK(unknown.status == 422);
  CHECK(Json::parse(unknown.body)["field"] == "program");

  // Bob's session runs his program.
  const Json bob_start = post(api, "/api/v1/session/start", R"({"runner_id": "bob"})", 200);
  CHECK(bob_start["program_session"] == 1);
  Json settings = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings["program"]["enabled"] == true);
  CHECK(settings["program"]["warmup_s"] == Approx(30.0));
  CHECK(settings["cue"]["fading"]["enabled"] == true);
  CHECK(settings["cue"]["fading"]["sessions"] == 6);
  CHECK(settings["cue"]["loading_rate"]["enabled"] == true);
  const Json status = Json::parse(api.request("GET", "/api/v1/status").body);
  CHECK(status["session"]["program_template"] == "softer-6");
  CHECK(status["session"]["program"]["sessions"] == 6);

  // Maria has none: the file's values come back for every key Bob's program set.
  post(api, "/api/v1/session/start", R"({"runner_id": "maria"})", 200);
  settings = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings["program"]["enabled"] == false);
  CHECK(settings["program"]["warmup_s"] == Approx(120.0));
  CHECK(settings["cue"]["fading"]["enabled"] == false);
  CHECK(settings["cue"]["loading_rate"]["enabled"] == false);
  CHECK(Json::parse(api.request("GET", "/api/v1/status").body)["session"]["program_template"]
            .is_null());
  // The template removed: Bob keeps his copy.
  CHECK(api.request("DELETE", "/api/v1/programs/softer-6").status == 200);
  CHECK(Json::parse(api.request("GET", "/api/v1/runners/bob")
                        .body)["program"]["settings"]["cue.fading.sessions"] == 6);
  CHECK(daemon.stop() == 0);
}
