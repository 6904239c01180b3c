// A sound device that does not open (issue 15): the daemon runs on with the cues shown but not
// heard, and says so — the log, the status's "audio", the session's audio_unavailable event,
// the hello of a client that joins later — unless audio.required, which stops the start.
// SDL_AUDIODRIVER names a driver SDL does not have: the machine's own lack of a sound card,
// made certain.
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

const std::vector<std::pair<std::string, std::string>> kNoDriver = {
    {"SDL_AUDIODRIVER", "no_such_driver"}};

}  // namespace

TEST_CASE("Without a sound device the daemon runs on and says NO SOUND everywhere",
          "[daemon][audio]") {
  test::TempDir dir("daemon-no-sound");
  test::DaemonProcess daemon(dir.path(), test::test_config(dir.path()), kNoDriver);
  const ApiClient api = daemon.client();
  CHECK_THAT(daemon.log(), Catch::Contains("stridecued: NO SOUND: "));

  const Json audio = Json::parse(api.request("GET", "/api/v1/status").body)["audio"];
  INFO(audio.dump());
  CHECK(audio["state"] == "unavailable");
  CHECK(audio["driver"] == "no_such_driver");
  CHECK(audio["required"] == false);
  CHECK_THAT(audio["error"].get<std::string>(), Catch::Contains("no_such_driver"));

  // A client that connects after the start reads it in its hello; the strides go on.
  test::EventLog log(api);
  REQUIRE(log.wait_for("stride", 3, 20.0));
  const Json hello = log.events().front();
  REQUIRE(hello["type"] == "hello");
  CHECK(hello["status"]["audio"] == audio);
  CHECK(daemon.stop() == 0);

  // The session's record holds it, from its start.
  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  int unavailable = 0;
  for (const StoredEvent& e : reader.events(sessions[0].id)) {
    if (e.kind != "audio_unavailable") continue;
    ++unavailable;
    CHECK(e.session_time_s == 0.0);
    CHECK_THAT(e.json, Catch::Contains("no_such_driver"));
  }
  CHECK(unavailable == 1);
}

TEST_CASE("audio.required stops the start when no sound device opens, and not when one does",
          "[daemon][audio]") {
  test::TempDir dir("daemon-sound-required");
  const auto config = dir.path() / "stridecue.toml";
  std::ofstream(config) << test::test_config(dir.path(), "[audio]\nrequired = true\n");
  const test::ProgramResult refused =
      test::run_program("SDL_AUDIODRIVER=no_such_driver timeout 60 " +
                        std::string(test::daemon_path()) + " --config " + config.string());
  INFO(refused.err);
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.err, Catch::Contains("stridecued: no sound, and audio.required is set: "));
  CHECK_THAT(refused.err, Catch::Contains("no_such_driver"));
  CHECK_THAT(refused.err, !Catch::Contains("control API on"));

  // SDL's disk driver opens: the same config runs, its sound "ok".
  test::DaemonProcess daemon(
      dir.path(), test::test_config(dir.path(), "[audio]\nrequired = true\n"),
      {{"SDL_AUDIODRIVER", "disk"}, {"SDL_DISKAUDIOFILE", (dir.path() / "audio.raw").string()}});
  const Json audio = Json::parse(daemon.client().request("GET", "/api/v1/status").body)["audio"];
  CHECK(audio["state"] == "ok");
  CHECK(audio["driver"] == "disk");
  CHECK(audio["required"] == true);
  CHECK(daemon.stop() == 0);
}
