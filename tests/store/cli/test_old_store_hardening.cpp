// A store written before runner ids were checked and the token redacted (issue 14): what
// `stridecue sessions` prints of hostile ids, and what `stridecue export` writes of the token.
// New stores and exported files are private to their owner.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "simulator/runner_simulator.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777u;
}

}  // namespace

TEST_CASE("hostile runner ids in an old store are listed escaped") {
  TempDir dir("store-hostile-ids");
  const std::string db = dir / "sessions.db";
  {
    SessionStore store(StoreOptions{db});
    const SourceLayout layout = RunnerSimulator(SimulatorConfig{}).layout();
    for (const std::string& id : {std::string("\x1b[2J\nFAKE"), std::string("caf\xe9"),
                                  std::string(60000, 'x'), std::string("ana")}) {
      const auto s = store.begin_session(id, "{}", layout);
      store.end_session(s.id, std::nullopt);
    }
  }
  const auto table = run_program(kStridecue + " sessions --db " + db);
  REQUIRE(table.exit_code == 0);
  CHECK(table.out.find('\x1b') == std::string::npos);
  CHECK(table.out.find("\xe9") == std::string::npos);
  const auto lines = table.out_lines();
  REQUIRE(lines.size() == 5);  // the heading and one line per session: no line was faked
  CHECK_THAT(lines[1], Catch::Contains("\\x1B[2J\\x0AFAKE"));
  CHECK_THAT(lines[2], Catch::Contains("caf\\xE9"));
  CHECK_THAT(lines[3], Catch::Contains(std::string(64, 'x') + "... (60000 bytes)"));
  CHECK(lines[3].size() < 200);

  const auto listed = run_program(kStridecue + " sessions --json --db " + db);
  REQUIRE(listed.exit_code == 0);
  const auto sessions = nlohmann::json::parse(listed.out);
  REQUIRE(sessions.size() == 4);
  CHECK(sessions[0]["runner"] == "\x1b[2J\nFAKE");    // JSON escapes it; nothing is lost
  CHECK(sessions[1]["runner"] == "caf\xef\xbf\xbd");  // not UTF-8: U+FFFD, not an abort
}

TEST_CASE("a new store and every exported file are private, and an export never holds the token") {
  TempDir dir("store-private");
  const std::string db = dir / "sessions.db";
  std::int64_t id = 0;
  {
    SessionStore store(StoreOptions{db});
    const SourceLayout layout = RunnerSimulator(SimulatorConfig{}).layout();
    // As an older daemon stored it: the token in the session's config.
    id = store.begin_session("ana", R"({"api": {"port": 7878, "token": "s3cret-token"}})", layout)
             .id;
    store.end_session(id, std::nullopt);
  }
  CHECK(mode_of(db) == 0600u);

  const std::string out = dir / "export";
  const auto exported =
      run_program(kStridecue + " export " + std::to_string(id) + " --csv " + out + " --db " + db);
  REQUIRE(exported.exit_code == 0);
  const std::string session = read_file(out + "/session.json");
  CHECK(session.find("s3cret") == std::string::npos);
  CHECK(nlohmann::json::parse(session)["config"]["api"]["token"] == "<set>");
  for (const char* file : {"session.json", "steps.csv", "cues.csv", "events.csv"}) {
    INFO(file);
    CHECK(mode_of(out + "/" + file) == 0600u);
  }
}
