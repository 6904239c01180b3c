// A session the daemon recorded, replayed offline through a fresh engine with the settings the
// session started with, gives the strides the daemon found live (design principle 1); replayed
// through `stridecue analyze --session`, the same session core as live, it gives the same
// strides and the same cues.
#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "engine/gait_engine.hpp"
#include "settings/settings_json.hpp"
#include "store/session_store.hpp"
#include "store/stored_session_source.hpp"
#include "support/engine_run.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// As fast as the engine goes, 60 s of a runner mixing strike patterns whose hips tire from 25 s
// (after the gluteus medius baseline), then it stops: strides, heel cues and hips cues.
std::string record_session(const test::TempDir& dir) {
  const std::string db = (dir.path() / "sessions.db").string();
  test::DaemonProcess daemon(dir.path(),
                             "[source]\nkind = \"simulator\"\npace = 0.0\nduration_s = 60.0\n\n"
                             "[source.simulator]\nfatigue_onset_s = 25.0\nfatigue_ramp_s = 10.0\n"
                             "fatigue_final_ratio = 0.5\n\n"
                             "[source.simulator.mix_start]\nrearfoot = 0.5\nmidfoot = 0.2\n"
                             "forefoot = 0.3\n\n[api]\nport = 0\n\n[store]\npath = \"" +
                                 db + "\"\n\n[audio]\nenabled = false\n");
  CHECK(daemon.wait_exit(120.0) == 0);  // the source ends, the daemon with it
  CHECK(daemon.log().find("ended:") != std::string::npos);
  CHECK(daemon.log().find("were lost") == std::string::npos);  // events, blocks: none
  return db;
}

}  // namespace

TEST_CASE("A stored session replays offline into the strides found live", "[daemon][replay]") {
  test::TempDir dir("daemon-replay");
  const std::string db = record_session(dir);
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

TEST_CASE("stridecue analyze replays a stored session to the strides and cues of the live run",
          "[daemon][replay][cues]") {
  test::TempDir dir("daemon-replay-cues");
  const std::string db = record_session(dir);
  SessionReader reader(db);
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  const std::int64_t id = sessions[0].id;
  const auto live_strides = reader.strides(id);
  const auto live_cues = reader.cues(id);

  const auto r = test::run_program(std::string(test::cli_path()) + " analyze " + db +
                                   " --session " + std::to_string(id) + " --format json");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<Json> strides, cues;
  Json summary;
  for (const auto& line : r.out_lines()) {
    Json j = Json::parse(line);
    if (j.contains("summary")) {
      summary = j["summary"];
    } else if (j.value("type", "") == "cue") {
      cues.push_back(j);
    } else {
      strides.push_back(j);
    }
  }

  // The strides: the records the daemon stored, field for field (the stored JSON adds latency).
  REQUIRE(live_strides.size() > 150);
  REQUIRE(strides.size() == live_strides.size());
  std::map<double, std::int64_t> stride_at;  // contact time -> stride index, of the live run
  for (std::size_t i = 0; i < strides.size(); ++i) {
    Json live = Json::parse(live_strides[i].json);
    live.erase("latency");
    CAPTURE(i);
    CHECK(strides[i] == live);
    stride_at[live_strides[i].contact_s] = live_strides[i].index;
  }

  // The cues: as many, of the same kinds, sides and strides, decided at the same sample, with
  // the event the stream sent (less its host latency), worded in the session's language.
  REQUIRE(live_cues.size() == cues.size());
  std::size_t heel = 0, hips = 0;
  for (std::size_t i = 0; i < cues.size(); ++i) {
    const StoredCue& live = live_cues[i];
    const Json& replayed = cues[i];
    CAPTURE(i, live.json, replayed.dump());
    CHECK(replayed["kind"] == live.kind);
    CHECK(replayed["side"] == std::string(to_string(live.side)));
    CHECK(replayed["decided_s"].get<double>() == Approx(live.decided_s).margin(5e-5));
    Json stream = Json::parse(live.json);
    stream.erase("receipt_to_decision_ns");
    CHECK(replayed == stream);
    // The stride the cue belongs to: the one with its contact, in both runs.
    const auto stride = stride_at.find(live.contact_s);
    REQUIRE(stride != stride_at.end());
    const auto replayed_stride = std::find_if(strides.begin(), strides.end(), [&](const Json& s) {
      return s["contact_s"] == replayed["contact_s"];
    });
    REQUIRE(replayed_stride != strides.end());
    CHECK((*replayed_stride)["stride"].get<std::int64_t>() == stride->second);
    (live.kind == "heel_strike" ? heel : hips) += 1;
  }
  CHECK(heel > 20);
  CHECK(hips > 5);
  CHECK(summary["cues"]["heel_strike"] == heel);
  CHECK(summary["cues"]["hips"] == hips);
}
