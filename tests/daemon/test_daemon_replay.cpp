// A session the daemon recorded, replayed offline through a fresh engine with the settings the
// session started with, gives the strides the daemon found live (design principle 1).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "engine/gait_engine.hpp"
#include "settings/settings_json.hpp"
#include "store/session_store.hpp"
#include "store/stored_session_source.hpp"
#include "support/engine_run.hpp"

using namespace stridecue;
using Json = nlohmann::json;

TEST_CASE("A stored session replays offline into the strides found live", "[daemon][replay]") {
  test::TempDir dir("daemon-replay");
  {
    // As fast as the engine goes, 40 s of a runner mixing strike patterns, then it stops.
    test::DaemonProcess daemon(dir.path(),
                               "[source]\nkind = \"simulator\"\npace = 0.0\nduration_s = 40.0\n\n"
                               "[source.simulator.mix_start]\nrearfoot = 0.5\nmidfoot = 0.2\n"
                               "forefoot = 0.3\n\n[api]\nport = 0\n\n[store]\npath = \"" +
                                   (dir.path() / "sessions.db").string() +
                                   "\"\n\n[audio]\nenabled = false\n");
    CHECK(daemon.wait_exit(120.0) == 0);  // the source ends, the daemon with it
    CHECK(daemon.log().find("ended:") != std::string::npos);
    CHECK(daemon.log().find("were lost") == std::string::npos);  // events, blocks: none
  }
  const std::string db = (dir.path() / "sessions.db").string();
  SessionReader reader(db);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  const auto live = reader.strides(sessions[0].id);
  const auto details = reader.find_session(sessions[0].id);
  REQUIRE(details);

  DaemonConfig config;
  apply_settings_patch(config, Json::parse(details->config_json), PatchScope::any);
  StoredSessionSource source(db, sessions[0].id);
  const auto replayed = test::run_engine(source, config.engine);

  REQUIRE(live.size() > 100);
  REQUIRE(replayed.size() == live.size());
  std::size_t rearfoot = 0, forefoot = 0;
  for (std::size_t i = 0; i < live.size(); ++i) {
    CHECK(static_cast<std::int64_t>(replayed[i].index) == live[i].index);
    CHECK(replayed[i].side == live[i].side);
    CHECK(replayed[i].contact_s == live[i].contact_s);
    REQUIRE(replayed[i].strike);
    CHECK(std::string(to_string(*replayed[i].strike)) == live[i].strike);
    CHECK(replayed[i].strike_index == live[i].strike_index);
    const Json j = Json::parse(live[i].json);
    CHECK(j["strike_decided_ms"] == Approx(*replayed[i].strike_decided_ms).margin(0.05));
    rearfoot += *replayed[i].strike == StrikePattern::rearfoot;
    forefoot += *replayed[i].strike == StrikePattern::forefoot;
  }
  CHECK(rearfoot > 10);  // the comparison covers more than one class
  CHECK(forefoot > 10);
}
