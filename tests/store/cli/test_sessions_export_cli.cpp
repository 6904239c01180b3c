// `stridecue sessions` and `stridecue export` as a user runs them, on a store holding a
// simulated session, and `stridecue analyze` on the exported samples.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/gait_engine.hpp"
#include "simulator/runner_simulator.hpp"
#include "store/session_store.hpp"
#include "support/engine_run.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

struct Recorded {
  std::int64_t id = 0;
  std::vector<StrideRecord> strides;
};

// A finished session of `seconds` of simulated running, and an open one with no data.
Recorded record_sessions(const std::string& db, double seconds) {
  SimulatorConfig config;
  config.duration_s = seconds;
  SessionStore store(StoreOptions{db});
  RunnerSimulator sim(config);
  Recorded r;
  r.id = store.begin_session("alice", "{}", sim.layout()).id;
  GaitEngine engine(sim.layout(), EngineSettings{});
  CollectStrides out;
  SampleBlock block;
  while (sim.next(block) == SourceStatus::block) {
    store.add_block(r.id, block);
    engine.process(block, out);
  }
  engine.finish(out);
  for (const StrideRecord& s : out.strides) {
    store.add_stride(r.id, StoredStride{static_cast<std::int64_t>(s.index), s.side, s.contact_s,
                                        std::nullopt, std::nullopt, "{}"});
  }
  store.end_session(r.id, std::nullopt);
  store.begin_session("bob", "{}", sim.layout());
  r.strides = out.strides;
  return r;
}

}  // namespace

TEST_CASE("sessions lists the store, and export writes files that analyze reads back") {
  TempDir dir("store-cli");
  const std::string db = dir / "sessions.db";
  const Recorded recorded = record_sessions(db, 8.0);
  REQUIRE(recorded.strides.size() > 10);

  const auto table = run_program(kStridecue + " sessions --db " + db);
  REQUIRE(table.exit_code == 0);
  const auto lines = table.out_lines();
  REQUIRE(lines.size() == 3);
  CHECK_THAT(lines[0], Catch::Contains("runner") && Catch::Contains("strides"));
  CHECK_THAT(lines[1], Catch::Contains("alice") &&
                           Catch::Contains(" " + std::to_string(recorded.strides.size()) + " "));
  CHECK_THAT(lines[2], Catch::Contains("bob") && Catch::Contains("open"));

  const auto listed = run_program(kStridecue + " sessions --json --db " + db);
  REQUIRE(listed.exit_code == 0);
  const auto sessions = nlohmann::json::parse(listed.out);
  REQUIRE(sessions.size() == 2);
  CHECK(sessions[0]["id"] == recorded.id);
  CHECK(sessions[0]["strides"] == recorded.strides.size());
  CHECK(sessions[1]["runner"] == "bob");
  CHECK(sessions[1]["session_number"] == 1);
  CHECK(sessions[1]["ended_utc"].is_null());

  const std::string out = dir / "export";
  const auto exported = run_program(kStridecue + " export " + std::to_string(recorded.id) +
                                    " --db " + db + " --csv " + out);
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK_THAT(exported.out, Catch::Contains("samples.csv"));

  const auto analyzed =
      run_program(kStridecue + " analyze --format json --no-cues " + out + "/samples.csv");
  REQUIRE(analyzed.exit_code == 0);
  std::vector<double> contacts;
  for (const auto& line : analyzed.out_lines()) {
    const auto j = nlohmann::json::parse(line);
    if (j.contains("contact_s")) contacts.push_back(j["contact_s"].get<double>());
  }
  REQUIRE(contacts.size() == recorded.strides.size());
  for (std::size_t i = 0; i < contacts.size(); ++i)
    CHECK(contacts[i] == Approx(recorded.strides[i].contact_s).margin(1e-4));  // JSON rounds
}

TEST_CASE("sessions and export name what is wrong and exit 2") {
  TempDir dir("store-cli-errors");
  const std::string db = dir / "sessions.db";
  const auto missing = run_program(kStridecue + " sessions --db " + db);
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.err, Catch::Contains("no session store at " + db));

  { SessionStore store(StoreOptions{db}); }
  const auto empty = run_program(kStridecue + " sessions --db " + db);
  CHECK(empty.exit_code == 0);
  CHECK_THAT(empty.out, Catch::Contains("no sessions"));

  const auto unknown =
      run_program(kStridecue + " export 42 --db " + db + " --csv " + (dir / "out"));
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("no session 42 in " + db));

  const auto no_csv = run_program(kStridecue + " export 1 --db " + db);
  CHECK(no_csv.exit_code == 2);
  CHECK_THAT(no_csv.err, Catch::Contains("--csv"));
}
