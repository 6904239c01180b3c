// Faults of the store and of reloads against the real daemon process (issue 14): a disk that
// fills under the store, a config file emptied or cut short before a SIGHUP.
//
// The full disk is real without root: the daemon runs under a file-size limit (RLIMIT_FSIZE,
// `ulimit -f`), so that its store's writes past the limit fail with EFBIG, which SQLite reports
// as SQLITE_FULL ("database or disk is full") exactly as it does ENOSPC; raising the limit with
// prlimit(2) is the space coming back.
#include <sys/resource.h>

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

template <rlim_t bytes>
void limit_file_size_to() {
  const rlimit limit{bytes, RLIM_INFINITY};  // the soft one; prlimit raises it later
  ::setrlimit(RLIMIT_FSIZE, &limit);
}
// Room for the schema, the session and a few seconds of raw samples in the WAL.
constexpr auto limit_file_size = &limit_file_size_to<rlim_t{1} << 20>;
// Two pages: room for the daemon's log, not for the store's schema.
constexpr auto leave_no_room_for_the_store = &limit_file_size_to<8192>;

bool give_space_back(pid_t pid) {
  const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  return ::prlimit(pid, RLIMIT_FSIZE, &unlimited, nullptr) == 0;
}

Json status_of(const ApiClient& api) {
  return Json::parse(api.request("GET", "/api/v1/status").body);
}

// Waits until `pred(status)` holds (at most `seconds`); the last status read.
template <typename Pred>
Json wait_for_status(const ApiClient& api, Pred pred, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  Json s = status_of(api);
  while (!pred(s) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s = status_of(api);
  }
  return s;
}

std::size_t index_of_last(const std::vector<Json>& events, const std::string& type) {
  std::size_t at = events.size();
  for (std::size_t i = 0; i < events.size(); ++i)
    if (events[i].value("type", "") == type) at = i;
  return at;
}

}  // namespace

TEST_CASE("A full disk interrupts the recording, not the cues, and it resumes when space returns",
          "[daemon][faults]") {
  test::TempDir dir("daemon-disk-full");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()), {}, limit_file_size);
  const ApiClient api = daemon.client();
  test::EventLog log(api);

  REQUIRE(log.wait_for("recording_interrupted", 1, 60.0));
  // The engine and the cues go on: strides keep streaming after the store failed.
  const std::size_t strides_then = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_then + 5, 20.0));
  CHECK(daemon.running());
  const Json interrupted = wait_for_status(
      api,
      [](const Json& s) {
        return s["recording"]["state"] == "interrupted" && s["recording"]["lost_blocks"] > 0;
      },
      20.0);
  INFO(interrupted.dump());
  CHECK(interrupted["recording"]["state"] == "interrupted");
  // EFBIG: SQLite calls it an I/O error, the daemon a full disk, and says which.
  CHECK(interrupted["recording"]["reason"] == "disk full (file size limit)");
  CHECK(interrupted["recording"]["lost_blocks"] > 0);
  CHECK(interrupted["recording"]["since_s"] <= interrupted["uptime_s"]);
  CHECK(interrupted["session"].is_object());  // still the session the runner is in
  const auto events = log.events();
  const Json& event = events[index_of_last(events, "recording_interrupted")];
  CHECK(event["data"]["reason"] == "disk full (file size limit)");
  CHECK(event["data"]["error"].get<std::string>().find("File too large") != std::string::npos);

  REQUIRE(give_space_back(daemon.pid()));
  REQUIRE(log.wait_for("recording_resumed", 1, 30.0));
  const Json resumed = wait_for_status(
      api, [](const Json& s) { return s["recording"]["state"] == "recording"; }, 10.0);
  CHECK(resumed["recording"]["state"] == "recording");
  CHECK(resumed["recorder"]["lost_blocks"] > 0);
  CHECK(resumed["recorder"]["interruptions"] >= 1);
  const std::size_t strides_resumed = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_resumed + 3, 20.0));

  CHECK(daemon.stop(SIGTERM) == 0);
  CHECK(daemon.log().find("recording interrupted") != std::string::npos);
  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended_utc);  // closed properly
  CHECK(sessions[0].strides > 0);
  const Json summary = Json::parse(*reader.find_session(sessions[0].id)->summary_json);
  CHECK(summary["recorder"]["lost_blocks"] > 0);
  CHECK(summary["recorder"]["interruptions"] >= 1);
  // The gap is on the session's timeline: the resumption was stored once the disk took it.
  bool gap_stored = false;
  for (const StoredEvent& e : reader.events(sessions[0].id))
    gap_stored = gap_stored || e.kind == "recording_resumed";
  CHECK(gap_stored);
}

TEST_CASE("A disk already full at start-up: the cues run, the session is recorded once it has room",
          "[daemon][faults]") {
  test::TempDir dir("daemon-full-at-start");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()), {},
                             leave_no_room_for_the_store);
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("stride", 5, 20.0));
  const Json full = status_of(api);
  INFO(full.dump());
  CHECK(full["recording"]["state"] == "interrupted");
  CHECK(full["recording"]["reason"] == "disk full (file size limit)");
  CHECK(full["recording"]["lost_rows"] > 0);  // the strides of the session it could not begin
  CHECK(full["session"].is_null());

  REQUIRE(give_space_back(daemon.pid()));
  const Json recording = wait_for_status(
      api, [](const Json& s) { return s["session"].is_object(); }, 30.0);
  INFO(recording.dump());
  CHECK(recording["recording"]["state"] == "recording");
  CHECK(recording["session"]["id"] == 1);
  const std::size_t strides_then = log.count("stride");
  REQUIRE(log.wait_for("stride", strides_then + 3, 20.0));
  CHECK(daemon.stop(SIGTERM) == 0);
  CHECK(daemon.log().find("began late") != std::string::npos);

  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended_utc);
  CHECK(sessions[0].strides >= 3);
  const Json summary = Json::parse(*reader.find_session(sessions[0].id)->summary_json);
  CHECK(summary["recorder"]["lost_rows"] > 0);
}

TEST_CASE("SIGINT while the disk is still full: the daemon ends cleanly and closes the session",
          "[daemon][faults]") {
  test::TempDir dir("daemon-disk-full-stop");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()), {}, limit_file_size);
  const ApiClient api = daemon.client();
  test::EventLog log(api);
  REQUIRE(log.wait_for("recording_interrupted", 1, 60.0));
  REQUIRE(log.wait_for("stride", log.count("stride") + 2, 20.0));
  CHECK(daemon.stop(SIGINT) == 0);
  INFO(daemon.log());
  SessionReader reader((dir.path() / "sessions.db").string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].ended_utc);
}

TEST_CASE("SIGHUP with an empty config file keeps the running settings and says why",
          "[daemon][faults]") {
  test::TempDir dir("daemon-sighup-empty");
  const std::string base = test::test_config(dir.path()) +
                           "[audio]\nenabled = false\n\n[runner]\nbody_mass_kg = 64.5\n\n"
                           "[cue]\nrefractory_s = 2.0\n";
  test::DaemonProcess daemon(dir.path(), base);
  const ApiClient api = daemon.client();
  auto settings = [&] { return Json::parse(api.request("GET", "/api/v1/settings").body); };
  const Json before = settings();
  REQUIRE(before["runner"]["body_mass_kg"] == Approx(64.5));
  REQUIRE(before["runner"]["foot_length_m"].is_number());      // the simulator's runner
  REQUIRE(before["treadmill"]["belt_speed_m_s"].is_number());  // and its belt

  daemon.write_config("");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("config file is empty"));
  CHECK(daemon.log().find(daemon.config_path().string() + ": config file is empty") !=
        std::string::npos);
  CHECK(settings() == before);
  const Json refused = status_of(api)["last_reload"];
  CHECK(refused["ok"] == false);
  CHECK(refused["file"] == daemon.config_path().string());
  CHECK(refused["error"].get<std::string>().find("config file is empty") != std::string::npos);

  // Cut short while being written: what it sets applies, what it lost keeps its running value.
  daemon.write_config(test::test_config(dir.path()) +
                      "[audio]\nenabled = false\n\n[cue]\nrefractory_s = 1.5\n");
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("SIGHUP: reloaded"));
  const Json after = settings();
  CHECK(after["cue"]["refractory_s"] == Approx(1.5));
  CHECK(after["runner"]["body_mass_kg"] == Approx(64.5));
  CHECK(after["runner"]["foot_length_m"] == before["runner"]["foot_length_m"]);
  CHECK(after["treadmill"]["belt_speed_m_s"] == before["treadmill"]["belt_speed_m_s"]);
  CHECK(daemon.log().find("runner.body_mass_kg is not in the file") != std::string::npos);
  const Json ok = status_of(api)["last_reload"];
  CHECK(ok["ok"] == true);
  CHECK(ok["changes"].size() == 1);
  CHECK(daemon.stop() == 0);
}
