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
    store.add_stride(
        r.id, StoredStride{static_cast<std::int64_t>(s.index), s.side, s.contact_s, std::nullopt,
                           std::nullopt, nlohmann::json{{"toe_off_s", s.toe_off_s}}.dump()});
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
  CHECK_THAT(lines[0], Catch::Contains("runner") && Catch::Contains("steps"));
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

TEST_CASE("export --c3d writes plates, EMG and foot events that info and analyze read back") {
  TempDir dir("store-cli-c3d");
  const std::string db = dir / "sessions.db";
  const Recorded recorded = record_sessions(db, 8.0);
  const std::string c3d = dir / "session.c3d";
  const auto exported = run_program(kStridecue + " export " + std::to_string(recorded.id) +
                                    " --db " + db + " --c3d " + c3d);
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK_THAT(exported.out,
             Catch::Contains("2 plates, 2 EMG channels") &&
                 Catch::Contains(std::to_string(2 * recorded.strides.size()) + " events"));

  const auto info = run_program(kStridecue + " info --format json " + c3d);
  INFO(info.err);
  REQUIRE(info.exit_code == 0);
  const auto described = nlohmann::json::parse(info.out);
  const auto& events = described["events"];
  REQUIRE(events.size() == 2 * recorded.strides.size());
  const double first_contact = recorded.strides.front().contact_s;
  std::size_t strikes = 0;
  for (const auto& e : events) {
    if (e["label"] != "Foot Strike") continue;
    const StrideRecord& s = recorded.strides[strikes++];
    CHECK(e["context"] == (s.side == Side::left ? "Left" : "Right"));
    CHECK(e["time_s"].get<double>() - events[0]["time_s"].get<double>() ==
          Approx(s.contact_s - first_contact).margin(1e-5));
  }
  CHECK(strikes == recorded.strides.size());

  // The plates through their FORCE_PLATFORM entries give the same contacts, within a sample.
  const auto analyzed = run_program(kStridecue + " analyze --no-cues --format json " + c3d);
  INFO(analyzed.err);
  REQUIRE(analyzed.exit_code == 0);
  std::vector<double> contacts;
  std::vector<nlohmann::json> read_back;
  for (const auto& line : analyzed.out_lines()) {
    const auto j = nlohmann::json::parse(line);
    if (!j.contains("contact_s")) continue;
    contacts.push_back(j["contact_s"].get<double>());
    read_back.push_back(j);
  }
  REQUIRE(contacts.size() == recorded.strides.size());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    const StrideRecord& s = recorded.strides[i];
    INFO("step " << i);
    CHECK(contacts[i] - contacts[0] == Approx(s.contact_s - first_contact).margin(1e-3));
    // Same side and strike class: the plates' COP survives the FORCE_PLATFORM round trip.
    CHECK(read_back[i]["side"] == to_string(s.side));
    CHECK(read_back[i]["strike"] == (s.strike ? nlohmann::json(to_string(*s.strike)) : nullptr));
  }
}

TEST_CASE("export --mot writes OpenSim's ground reaction forces that analyze reads back") {
  TempDir dir("store-cli-mot");
  const std::string db = dir / "sessions.db";
  const Recorded recorded = record_sessions(db, 8.0);
  const std::string mot = dir / "grf.mot";
  const auto exported = run_program(kStridecue + " export " + std::to_string(recorded.id) +
                                    " --db " + db + " --mot " + mot);
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK_THAT(exported.out, Catch::Contains("8000 rows at 1000 Hz"));

  // The shipped opensim_grf profile (the one for Rajagopal's grf_run.mot) picks it up.
  const auto analyzed = run_program(kStridecue + " analyze --no-cues --format json " + mot);
  INFO(analyzed.err);
  REQUIRE(analyzed.exit_code == 0);
  std::vector<double> contacts;
  std::vector<std::string> sides;
  for (const auto& line : analyzed.out_lines()) {
    const auto j = nlohmann::json::parse(line);
    if (!j.contains("contact_s")) continue;
    contacts.push_back(j["contact_s"].get<double>());
    sides.push_back(j["side"].get<std::string>());
  }
  REQUIRE(contacts.size() == recorded.strides.size());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    CHECK(contacts[i] == Approx(recorded.strides[i].contact_s).margin(1e-3));
    CHECK(sides[i] == to_string(recorded.strides[i].side));
  }
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
