// A retraining program run through the daemon on the simulator at high pace: 8 sessions of one
// runner, each planned from its place in the program, feedback fading as the schedule says,
// and no cue in a warm-up or a retention block, whose figures are reported apart.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"
#include "store/session_store.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// Sessions of 20 to 34 s of running (data time) with 4 s of warm-up and 4 s of retention, at 10
// times real time; a cue for every heel strike while the feedback is on (no refractory time),
// the faded schedule's share given in 2 s blocks so that a short session shows it.
std::string program_config(const std::filesystem::path& dir) {
  return "runner_id = \"ana\"\n"
         "[source]\nkind = \"simulator\"\npace = 10.0\n\n"
         "[api]\nport = 0\n\n"
         "[audio]\nenabled = false\n\n"
         "[store]\npath = \"" +
         (dir / "sessions.db").string() +
         "\"\nprogram_session_min_s = 10.0\n\n"
         "[program]\nenabled = true\nfirst_session_min = 0.3333\nlast_session_min = 0.5667\n"
         "warmup_s = 4.0\nretention_s = 4.0\n\n"
         "[cue]\nrefractory_s = 0.0\n\n"
         "[cue.fading]\nenabled = true\nsessions = 8\nfull_sessions = 4\nblock_s = 2.0\n";
}

std::size_t completed(const test::EventLog& log) {
  std::size_t n = 0;
  for (const auto& e : log.events())
    n += e["type"] == "program_phase" && e["data"]["phase"] == "complete";
  return n;
}

bool wait_completed(const test::EventLog& log, std::size_t n, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (completed(log) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("A program of 8 sessions: planned times, fading feedback, retention blocks apart",
          "[daemon][program]") {
  test::TempDir dir("daemon-program");
  test::DaemonProcess daemon(dir.path(), program_config(dir.path()));
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  for (std::size_t n = 1; n <= 8; ++n) {
    INFO("program session " << n);
    REQUIRE(wait_completed(log, n, 60.0));
    if (n == 1) {
      const Json status = Json::parse(api.request("GET", "/api/v1/status").body);
      CHECK(status["session"]["program"]["phase"] == "complete");
      CHECK(status["session"]["program"]["remaining_s"] == 0.0);
      CHECK(status["cueing"] == false);
    }
    if (n < 8) {
      const ApiResponse start = api.request("POST", "/api/v1/session/start", "{}");
      REQUIRE(start.status == 200);
      CHECK(Json::parse(start.body)["program_session"] == n + 1);
    }
  }
  CHECK(daemon.stop() == 0);

  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 8);
  const std::vector<double> share{1.0, 1.0, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0};
  double full_rate = 0.0;  // cues per stride with full feedback, sessions 1-4
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    INFO("session " << i + 1);
    const auto details = reader.find_session(sessions[i].id);
    REQUIRE(details->summary_json);
    const Json program = Json::parse(*details->summary_json)["program"];
    CHECK(program["session"] == i + 1);
    CHECK(program["feedback_share"] == Approx(share[i]));
    CHECK(program["planned_s"] == Approx(20.0 + 2.0 * static_cast<double>(i)).margin(0.01));
    CHECK(program["completed"] == true);
    const Json& phases = program["phases"];
    REQUIRE(phases.size() == 4);
    CHECK(phases[0]["phase"] == "warmup");
    CHECK(phases[1]["phase"] == "feedback");
    CHECK(phases[2]["phase"] == "retention");
    // No cue in the warm-up or the retention block, whatever the runner does there.
    CHECK(phases[0]["cues"]["heel_strike"] == 0);
    CHECK(phases[2]["cues"]["heel_strike"] == 0);
    CHECK(phases[3]["cues"]["heel_strike"] == 0);
    CHECK(phases[2]["strides"].get<int>() >= 8);  // the retention block's strides, apart
    CHECK(phases[2]["to_s"].get<double>() - phases[2]["from_s"].get<double>() ==
          Approx(4.0).margin(0.2));
    const double rate =
        phases[1]["cues"]["heel_strike"].get<double>() / phases[1]["strides"].get<double>();
    if (i < 4) {
      CHECK(rate > 0.3);  // most strides of the simulated runner are heel strikes
      full_rate += rate / 4.0;
    } else {
      // The share of the full sessions' rate the schedule gives (2 s blocks: ±0.15).
      CHECK(rate / full_rate == Approx(share[i]).margin(0.15));
    }
    // Every stored cue lies in the session's feedback phase.
    const double began = Json::parse(*details->summary_json)["began_s"];
    for (const StoredCue& c : reader.cues(sessions[i].id)) {
      CHECK(c.contact_s >= began + phases[1]["from_s"].get<double>() - 0.5);
      CHECK(c.contact_s <= began + phases[1]["to_s"].get<double>() + 0.5);
    }
  }
}
