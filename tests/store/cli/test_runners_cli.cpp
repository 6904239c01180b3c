// `stridecue runners`: a clinic's runners created, changed, listed and shown from the command
// line, on a store the daemon also writes; bad input named.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "simulator/runner_simulator.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

ProgramResult runners(const std::string& db, const std::string& args) {
  return run_program(cli_path() + std::string(" runners ") + args + " --db '" + db + "'");
}

}  // namespace

TEST_CASE("stridecue runners adds, edits, lists and shows runners, and names what is wrong") {
  TempDir dir("runners-cli");
  const std::string db = dir / "sessions.db";

  // A new store is made by the first record.
  ProgramResult r = runners(db,
                            "add R-017 --name 'Maria K' --body-mass-kg 61.5 --foot-length-m 0.255 "
                            "--affected-side right --notes 'Achilles, right'");
  REQUIRE(r.exit_code == 0);
  const Json added = Json::parse(r.out);
  CHECK(added["id"] == "R-017");
  CHECK(added["body_mass_kg"] == Approx(61.5));
  CHECK(added["affected_side"] == "right");

  r = runners(db, "add R-017");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("already in"));
  r = runners(db, "edit R-017 --body-mass-kg 500");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("20 to 250 kg"));
  r = runners(db, "edit R-017 --affected-side up");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("affected_side"));
  r = runners(db, "edit nobody --shoe x");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("no runner 'nobody'"));
  r = runners(db, "add 'bad/id'");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("runner_id"));

  // An edit keeps what it does not name and empties what it clears.
  r = runners(db, "edit R-017 --shoe 'Novablast 4' --clear name");
  REQUIRE(r.exit_code == 0);
  const Json edited = Json::parse(r.out);
  CHECK(edited["shoe"] == "Novablast 4");
  CHECK(edited["name"].is_null());
  CHECK(edited["body_mass_kg"] == Approx(61.5));

  // A runner the daemon knows from a session, without a record, is listed too.
  {
    SessionStore store(StoreOptions{db});
    const SourceLayout layout = RunnerSimulator(SimulatorConfig{}).layout();
    const auto s = store.begin_session("R-020", "{}", layout);
    store.end_session(s.id, std::nullopt);
  }
  r = runners(db, "list --json");
  REQUIRE(r.exit_code == 0);
  const Json listed = Json::parse(r.out);
  REQUIRE(listed.size() == 2);
  CHECK(listed[0]["id"] == "R-017");
  CHECK(listed[0]["sessions"] == 0);
  CHECK(listed[1]["id"] == "R-020");
  CHECK(listed[1]["sessions"] == 1);
  r = runners(db, "");
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("61.5 kg"));
  CHECK_THAT(r.out, Catch::Contains("R-020"));
  r = runners(db, "show R-017");
  REQUIRE(r.exit_code == 0);
  CHECK(Json::parse(r.out)["notes"] == "Achilles, right");
}
