// The cue's word, output and target through the running daemon (issue 15): a visual-only heel
// cue leaves SDL's disk audio silent while it is still sent, stored and counted; the cue events
// carry the word in the clinic's language, a live change of a word takes the next cue; the
// status carries the runner's target and the session's share.
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

#include "audio/disk_capture.hpp"
#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"

using namespace stridecue;
using Json = nlohmann::json;

TEST_CASE("A visual-only heel cue is sent and counted, and the disk audio stays silent",
          "[daemon][audio]") {
  test::TempDir dir("daemon-visual-cue");
  const auto raw = dir.path() / "audio.raw";
  std::vector<std::pair<std::string, std::string>> env = {{"SDL_DISKAUDIOFILE", raw.string()}};
  std::vector<Json> events;
  Json status;
  {
    test::DaemonProcess daemon(dir.path(),
                               test::test_config(dir.path()) +
                                   "[audio]\ndriver = \"disk\"\nbuffer_frames = 256\n\n"
                                   "[cue]\nrefractory_s = 0.5\n\n"
                                   "[cue.output]\nheel_strike = \"visual\"\n",
                               env);
    test::EventLog log(daemon.client());
    REQUIRE(log.wait_for("cue", 6, 30.0));
    status = Json::parse(daemon.client().request("GET", "/api/v1/status").body);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a sound's tail, were there one
    CHECK(daemon.stop() == 0);
    events = log.events();
  }
  std::size_t cues = 0, sounds = 0;
  for (const auto& e : events) {
    if (e["type"] == "cue") {
      ++cues;
      CHECK(e["kind"] == "heel_strike");
      CHECK(e["output"] == "visual");
      CHECK(e["word"] == "LAND ON YOUR FOREFOOT");
    }
    if (e["type"] == "cue_sound") ++sounds;
  }
  CHECK(cues >= 6);
  CHECK(sounds == 0);
  // Counted in the figures as any cue.
  CHECK(status["totals"]["cues"]["heel_strike"].get<std::uint64_t>() >= 6);
  // The player ran (the disk file grew with its buffers) and wrote nothing but silence.
  const auto samples = test::read_f32(raw);
  REQUIRE(samples.size() > 48000);
  float loudest = 0.0f;
  for (const float s : samples)
    loudest = std::max(loudest, std::fabs(s));
  CHECK(loudest == 0.0f);
}

TEST_CASE("Cue events carry the word in the cue language, and a live word takes the next cue",
          "[daemon]") {
  test::TempDir dir("daemon-cue-words");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()) +
                                             "\n[cue]\nlanguage = \"de\"\nrefractory_s = 0.5\n");
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("cue", 2, 30.0));

  // The target: rearfoot is cued, so fore- and midfoot count; the session's share so far.
  REQUIRE(log.wait_for("stride", 10, 30.0));
  const Json status = Json::parse(api.request("GET", "/api/v1/status").body);
  const Json& target = status["cue_target"];
  CHECK(target["label"] == "Vor-/Mittelfuß ≥ 80 %");
  CHECK(target["classes"] == Json::array({"midfoot", "forefoot"}));
  CHECK(target["min_share"] == 0.8);
  REQUIRE(target["share"].is_number());
  CHECK(target["share"].get<double>() >= 0.0);
  CHECK(target["share"].get<double>() <= 1.0);
  CHECK(target["met"] == (target["share"].get<double>() >= 0.8));

  const ApiResponse reply =
      api.request("PATCH", "/api/v1/settings",
                  R"({"cue.words.heel_strike": "FUSS!", "cue.output.heel_strike": "audio"})");
  REQUIRE(reply.status == 200);
  const std::size_t cues_at_patch = log.count("cue");
  REQUIRE(log.wait_for("cue", cues_at_patch + 2, 30.0));
  const auto events = log.events();
  std::size_t german = 0, own = 0;
  bool patched = false;
  for (const auto& e : events) {
    if (e["type"] == "settings_applied") patched = true;
    if (e["type"] != "cue") continue;
    CHECK(e["kind"] == "heel_strike");
    if (!patched) {
      CHECK(e["word"] == "VORFUSS AUFSETZEN");
      CHECK(e["output"] == "both");
      ++german;
    } else {
      // From the engine's acknowledgement on, in order with it: the new word and output.
      CHECK(e["word"] == "FUSS!");
      CHECK(e["output"] == "audio");
      ++own;
    }
  }
  CHECK(german >= 2);
  CHECK(own >= 1);
  // At 0 the runner sees no target.
  REQUIRE(api.request("PATCH", "/api/v1/settings", R"({"cue.heel_target_share": 0})").status ==
          200);
  CHECK(Json::parse(api.request("GET", "/api/v1/status").body)["cue_target"].is_null());
}
