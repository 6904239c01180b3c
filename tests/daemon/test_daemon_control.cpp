// The control API against the running daemon: a live threshold change, bad requests, SIGHUP.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using Json = nlohmann::json;

TEST_CASE("A PATCH of a strike boundary changes the class from the next stride", "[daemon]") {
  test::TempDir dir("daemon-patch");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()));
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("stride", 6, 20.0));

  // The simulated runner strikes with the heel (index ~0.05-0.25): a rearfoot boundary at
  // 0.02 makes every later strike a midfoot one, and the rearfoot cue falls silent.
  const ApiResponse reply =
      api.request("PATCH", "/api/v1/settings", R"({"strike": {"rearfoot_max": 0.02}})");
  REQUIRE(reply.status == 200);
  const Json body = Json::parse(reply.body);
  CHECK(body["applied"] == true);
  REQUIRE(body["changes"].size() == 1);
  CHECK(body["changes"][0]["key"] == "strike.rearfoot_max");
  const std::size_t strides_at_patch = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_at_patch + 6, 20.0));
  CHECK(Json::parse(api.request("GET", "/api/v1/settings").body)["strike"]["rearfoot_max"] ==
        Approx(0.02));

  double applied_s = -1.0;
  std::size_t before = 0, after = 0, cues_after = 0;
  for (const auto& e : log.events()) {
    const std::string type = e["type"];
    if (type == "settings_applied") applied_s = e["session_s"];
    if (type == "cue" && applied_s >= 0.0 && e["contact_s"].get<double>() > applied_s) {
      ++cues_after;
    }
    if (type != "stride") continue;
    const Json& s = e["stride"];
    if (applied_s < 0.0) {
      CHECK(s["strike"] == "rearfoot");
      ++before;
    } else if (s["contact_s"].get<double>() > applied_s) {
      CHECK(s["strike"] == "midfoot");
      ++after;
    }
  }
  CHECK(applied_s > 0.0);
  CHECK(before >= 6);
  CHECK(after >= 4);
  CHECK(cues_after == 0);
  // The change is in the session's record.
  CHECK(log.count("settings") == 1);
  CHECK(daemon.stop() == 0);
}

TEST_CASE("A PATCH of the mains notch applies while running and restarts the EMG measures",
          "[daemon]") {
  test::TempDir dir("daemon-patch-emg");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()));
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("stride", 6, 20.0));

  const ApiResponse reply =
      api.request("PATCH", "/api/v1/settings", R"({"glute": {"emg": {"mains_hz": 60}}})");
  REQUIRE(reply.status == 200);
  const Json body = Json::parse(reply.body);
  CHECK(body["applied"] == true);
  REQUIRE(body["changes"].size() == 1);
  CHECK(body["changes"][0]["key"] == "glute.emg.mains_hz");
  CHECK(body["changes"][0]["old"] == Approx(50.0));
  CHECK(body["changes"][0]["new"] == Approx(60.0));
  CHECK(Json::parse(api.request("GET", "/api/v1/settings").body)["glute"]["emg"]["mains_hz"] ==
        Approx(60.0));

  // Fine on its own, but not for the simulator's 2 kHz EMG (the top is capped at 900 Hz).
  const ApiResponse too_high =
      api.request("PATCH", "/api/v1/settings",
                  R"({"glute.emg.bandpass_low_hz": 950, "glute.emg.bandpass_high_hz": 1000})");
  CHECK(too_high.status == 422);
  CHECK(Json::parse(too_high.body)["field"] == "glute.emg.bandpass_low_hz");

  const std::size_t strides_at_patch = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_at_patch + 8, 20.0));
  double applied_s = -1.0;
  std::size_t unknown_after = 0, ok_later = 0;
  for (const auto& e : log.events()) {
    if (e["type"] == "settings_applied") applied_s = e["session_s"];
    if (e["type"] != "stride" || applied_s < 0.0) continue;
    const Json& s = e["stride"];
    const double contact_s = s["contact_s"];
    // Measured before the restarted quality window (1 s) is full: not rated.
    if (contact_s > applied_s && contact_s < applied_s + 0.7) {
      CHECK(s["emg_quality"] == "unknown");
      CHECK(s["glute_ratio"].is_null());
      ++unknown_after;
    }
    if (contact_s > applied_s + 1.5) {
      CHECK(s["emg_quality"] == "ok");
      ++ok_later;
    }
  }
  CHECK(applied_s > 0.0);
  CHECK(unknown_after >= 1);
  CHECK(ok_later >= 1);
  CHECK(log.count("settings") == 1);  // the refused patch is not recorded
  CHECK(daemon.stop() == 0);
}

TEST_CASE("Malformed, oversized and unauthenticated requests get a 4xx, the daemon goes on",
          "[daemon]") {
  test::TempDir dir("daemon-badreq");
  test::DaemonProcess daemon(
      dir.path(),
      "[source]\nkind = \"simulator\"\n\n[api]\nport = 0\ntoken = \"s3cret\"\n"
      "max_request_bytes = 1024\n\n[store]\npath = \"" +
          (dir.path() / "s.db").string() + "\"\n\n[audio]\nenabled = false\n");
  const ApiClient anonymous = daemon.client();
  const ApiClient wrong = daemon.client("guess");
  const ApiClient coach = daemon.client("s3cret");

  CHECK(anonymous.request("GET", "/api/v1/status").status == 401);
  CHECK(wrong.request("GET", "/api/v1/settings").status == 401);
  CHECK(anonymous.request("PATCH", "/api/v1/settings", R"({"cue":{"refractory_s":2}})").status ==
        401);

  const ApiResponse malformed = coach.request("PATCH", "/api/v1/settings", R"({"cue": {)");
  CHECK(malformed.status == 400);
  CHECK(Json::parse(malformed.body).contains("error"));

  const ApiResponse unknown = coach.request("PATCH", "/api/v1/settings", R"({"cue": {"mood": 1}})");
  CHECK(unknown.status == 422);
  CHECK(Json::parse(unknown.body)["field"] == "cue.mood");

  const ApiResponse range =
      coach.request("PATCH", "/api/v1/settings", R"({"contact": {"contact_threshold_n": -5}})");
  CHECK(range.status == 422);
  CHECK(Json::parse(range.body)["field"] == "contact.contact_threshold_n");

  const ApiResponse fixed = coach.request("PATCH", "/api/v1/settings", R"({"api": {"port": 1}})");
  CHECK(fixed.status == 422);
  CHECK(Json::parse(fixed.body)["field"] == "api.port");

  const std::string big = R"({"runner": {"name": ")" + std::string(4000, 'x') + "\"}}";
  CHECK(coach.request("PATCH", "/api/v1/settings", big).status == 413);
  CHECK(coach.request("GET", "/api/v1/nothing").status == 404);
  CHECK(coach.request("DELETE", "/api/v1/settings").status == 405);

  // Still running, still answering, settings untouched.
  const ApiResponse status = coach.request("GET", "/api/v1/status");
  REQUIRE(status.status == 200);
  CHECK(Json::parse(status.body)["state"] == "running");
  const Json settings = Json::parse(coach.request("GET", "/api/v1/settings").body);
  CHECK(settings["contact"]["contact_threshold_n"] == Approx(50.0));
  CHECK(settings["cue"]["refractory_s"] == Approx(1.0));
  CHECK(daemon.running());
  CHECK(daemon.stop(SIGINT) == 0);
}

TEST_CASE("SIGHUP with a broken config keeps the running one and says why, a good one applies",
          "[daemon]") {
  test::TempDir dir("daemon-sighup");
  const std::string base = test::silent_config(dir.path());
  test::DaemonProcess daemon(dir.path(), base);
  const ApiClient api = daemon.client();

  daemon.write_config(base + "\n[contact]\ncontact_threshold_n = = 60\n");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("keeping the running config"));
  CHECK(daemon.log().find("stridecue.toml:") != std::string::npos);  // names file and line
  CHECK(
      Json::parse(api.request("GET", "/api/v1/settings").body)["contact"]["contact_threshold_n"] ==
      Approx(50.0));

  daemon.write_config(base + "\n[contact]\ncontact_threshold_n = 70\nrelease_threshold_n = 40\n");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("SIGHUP: reloaded"));
  const Json settings = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings["contact"]["contact_threshold_n"] == Approx(70.0));
  CHECK(settings["contact"]["release_threshold_n"] == Approx(40.0));
  CHECK(daemon.running());
  CHECK(daemon.stop() == 0);
}

TEST_CASE("Sessions start and stop, and a side's baseline resets, through the API", "[daemon]") {
  test::TempDir dir("daemon-session");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()));
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("stride", 3, 20.0));

  const ApiResponse reset = api.request("POST", "/api/v1/baseline/reset", R"({"side": "left"})");
  CHECK(reset.status == 200);
  CHECK(api.request("POST", "/api/v1/baseline/reset", R"({"side": "up"})").status == 422);
  REQUIRE(log.wait_for("baseline_reset", 1, 5.0));

  const ApiResponse start = api.request("POST", "/api/v1/session/start", R"({"runner_id": "ana"})");
  REQUIRE(start.status == 200);
  const Json started = Json::parse(start.body);
  CHECK(started["runner_id"] == "ana");
  CHECK(started["number"] == 1);  // ana's first session
  const std::size_t strides_then = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_then + 3, 20.0));
  CHECK(api.request("POST", "/api/v1/session/stop").status == 200);
  const Json status = Json::parse(api.request("GET", "/api/v1/status").body);
  CHECK(status["session"].is_null());
  CHECK(daemon.stop() == 0);

  // The API's reset of one side, then the fresh baseline of ana's session (both sides).
  std::vector<std::string> resets;
  for (const auto& e : log.events())
    if (e["type"] == "baseline_reset") resets.push_back(e["data"]["side"]);
  CHECK(resets == std::vector<std::string>{"left", "both"});
  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0].runner_id == "runner");
  CHECK(sessions[1].runner_id == "ana");
  CHECK(sessions[0].ended_utc);
  CHECK(sessions[1].ended_utc);
  CHECK(sessions[1].strides >= 3);
  // The first session's strides and the second's do not overlap: each stride is stored once.
  CHECK(reader.strides(sessions[0].id).size() + reader.strides(sessions[1].id).size() <=
        log.count("stride"));
}

TEST_CASE("A filter the file's EMG rate cannot take is refused, and the settings keep the old",
          "[daemon]") {
  // A trial file as the source: the config's rules know nothing of its EMG rate (2 kHz), only
  // the running engine does; the daemon asks it before taking the patch.
  test::TempDir dir("daemon-patch-file");
  const auto trial = dir.path() / "trial.csv";
  REQUIRE(test::run_program(std::string(test::cli_path()) + " simulate --minutes 0.5 --out " +
                            trial.string())
              .exit_code == 0);
  const std::string config = "[source]\nkind = \"file\"\nfile = \"" + trial.string() +
                             "\"\npace = 1.0\n\n[api]\nport = 0\n\n[store]\nenabled = false\n\n"
                             "[audio]\nenabled = false\n";
  test::DaemonProcess daemon(dir.path(), config);
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("stride", 2, 20.0));

  const ApiResponse refused =
      api.request("PATCH", "/api/v1/settings",
                  R"({"glute.emg.bandpass_low_hz": 950, "glute.emg.bandpass_high_hz": 1000})");
  CHECK(refused.status == 422);
  const Json error = Json::parse(refused.body);
  CHECK(error["field"] == "glute.emg.bandpass_low_hz");
  CHECK_THAT(error["error"].get<std::string>(),
             Catch::Contains("the engine cannot take this on the running source"));
  const Json settings = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings["glute"]["emg"]["bandpass_low_hz"] == Approx(20.0));
  CHECK(settings["glute"]["emg"]["bandpass_high_hz"] == Approx(450.0));

  const ApiResponse fine =
      api.request("PATCH", "/api/v1/settings", R"({"glute.emg.bandpass_high_hz": 400})");
  CHECK(fine.status == 200);
  CHECK(Json::parse(fine.body)["applied"] == true);
  CHECK(daemon.stop() == 0);
}
