// kill -9 in the middle of a session: the database opens and holds every stride the daemon had
// found up to the last second before the kill (store.commit_interval_s = 0.25).
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "daemon/daemon_process.hpp"
#include "engine/gait_engine.hpp"
#include "settings/daemon_config.hpp"
#include "simulator/runner_simulator.hpp"
#include "store/session_store.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

// The same simulated session offline: each stride with the data time at which the engine
// handed it out (the end of the block that released it).
struct Released {
  std::uint64_t index;
  double contact_s;
  double released_s;
};

std::vector<Released> offline_strides(double seconds) {
  SimulatorConfig sim = SourceSettings::live_simulator();
  sim.duration_s = 86400.0;  // as the daemon runs it: the plan depends on the length
  RunnerSimulator source(sim);
  EngineSettings settings;
  add_known_runner(sim, settings);
  GaitEngine engine(source.layout(), settings);
  struct Sink : StrideSink {
    std::vector<Released> out;
    double now_s = 0.0;
    void on_stride(const StrideRecord& r) override { out.push_back({r.index, r.contact_s, now_s}); }
  } sink;
  SampleBlock block;
  while (source.next(block) == SourceStatus::block) {
    const auto& stream = source.layout().streams[block.stream];
    sink.now_s = static_cast<double>(block.first_sample + static_cast<std::int64_t>(block.frames)) /
                 stream.rate_hz;
    if (sink.now_s > seconds) break;
    engine.process(block, sink);
  }
  return sink.out;
}

std::string integrity(const std::filesystem::path& db) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK);
  std::string result = sqlite3_step(st) == SQLITE_ROW
                           ? reinterpret_cast<const char*>(sqlite3_column_text(st, 0))
                           : "no answer";
  sqlite3_finalize(st);
  sqlite3_close(handle);
  return result;
}

}  // namespace

TEST_CASE("kill -9 mid-session: the store holds every stride up to the last second",
          "[daemon][crash]") {
  test::TempDir dir("daemon-kill9");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()));
  const ApiClient api = daemon.client();
  double session_s = 0.0;
  for (int i = 0; i < 400 && session_s < 5.0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    session_s = Json::parse(api.request("GET", "/api/v1/status").body)["totals"]["session_s"];
  }
  REQUIRE(session_s >= 5.0);
  // The data time the daemon had reached when it died: the last status said so.
  session_s = Json::parse(api.request("GET", "/api/v1/status").body)["totals"]["session_s"];
  CHECK(daemon.stop(SIGKILL) == 128 + SIGKILL);

  const auto db = dir.path() / "sessions.db";
  CHECK(integrity(db) == "ok");
  SessionReader reader(db.string());
  const auto sessions = reader.list_sessions();
  REQUIRE(sessions.size() == 1);
  CHECK_FALSE(sessions[0].ended_utc);  // it never ended
  const auto stored = reader.strides(sessions[0].id);

  const auto expected = offline_strides(session_s + 2.0);
  std::size_t due = 0;
  for (const auto& e : expected)
    due += e.released_s <= session_s - 1.0;
  INFO("killed at session time " << session_s << " s; " << stored.size() << " stored, " << due
                                 << " released more than 1 s before");
  REQUIRE(due >= 8);
  REQUIRE(stored.size() >= due);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    CHECK(stored[i].index == static_cast<std::int64_t>(i));  // none missing, in order
    if (i < expected.size())
      CHECK(stored[i].contact_s == Approx(expected[i].contact_s).margin(1e-9));
  }

  // The next daemon on the store closes the killed session at its last stored stride, and
  // records its own as the runner's next.
  test::TempDir next_dir("daemon-kill9-next");  // its own log; the same store
  test::DaemonProcess next(next_dir.path(), test::silent_config(dir.path()));
  CHECK(next.stop() == 0);
  CHECK(next.log().find("closed 1 session(s) that an earlier run left open") != std::string::npos);
  SessionReader after(db.string());
  const auto both = after.list_sessions();
  REQUIRE(both.size() == 2);
  REQUIRE(both[0].ended_utc);
  REQUIRE(both[0].duration_s);
  CHECK(*both[0].duration_s == Approx(stored.back().contact_s).margin(0.002));
  CHECK(Json::parse(*after.find_session(both[0].id)->summary_json)["closed_by"] == "recovery");
  CHECK(both[1].session_number == 2);
}
