// `stridecue ctl` as a coach runs it, against a control server with a fake daemon behind it:
// what it prints and its exit codes (0 accepted, 2 refused, 1 no daemon).
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "api/control_server.hpp"
#include "api/fake_handler.hpp"
#include "api/silent_listener.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kStridecue = stridecue::test::cli_path();

struct Daemon {
  explicit Daemon(std::string token = {}) : server(options(std::move(token)), handler) {
    server.start();
  }
  static ServerOptions options(std::string token) {
    ServerOptions o;
    o.port = 0;
    o.token = std::move(token);
    return o;
  }
  std::string ctl(const std::string& args) const {
    return kStridecue + " ctl --url http://127.0.0.1:" + std::to_string(server.port()) + " " + args;
  }
  FakeHandler handler;
  ControlServer server;
};

}  // namespace

TEST_CASE("ctl: reads and changes go through, printed as JSON", "[api][ctl][e2e]") {
  Daemon daemon;
  const auto status = run_program(daemon.ctl("status"));
  CHECK(status.exit_code == 0);
  CHECK(Json::parse(status.out)["strides"] == 42);

  const auto set = run_program(daemon.ctl("set cue.refractory_s=2.5 cue.mode=bandwidth"));
  CHECK(set.exit_code == 0);
  CHECK(Json::parse(set.out)["applied"] ==
        Json{{"cue.refractory_s", 2.5}, {"cue.mode", "bandwidth"}});

  CHECK(run_program(daemon.ctl("session start --runner ana")).exit_code == 0);
  CHECK(run_program(daemon.ctl("session stop")).exit_code == 0);
  CHECK(run_program(daemon.ctl("baseline-reset --side left")).exit_code == 0);
  CHECK(run_program(daemon.ctl("schema")).exit_code == 0);
  CHECK(daemon.handler.calls() ==
        std::vector<std::string>{
            "status", R"(patch {"cue.mode":"bandwidth","cue.refractory_s":2.5})",
            R"(start {"runner_id":"ana"})", "stop", R"(baseline {"side":"left"})", "schema"});
}

TEST_CASE("ctl: a refusal exits 2 with the error, no daemon exits 1", "[api][ctl][e2e]") {
  Daemon daemon("s3cret");
  const auto refused = run_program(daemon.ctl("status"));
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Catch::Contains("401") && Catch::Contains("missing"));

  const auto accepted = run_program("STRIDECUE_TOKEN=s3cret " + daemon.ctl("status"));
  CHECK(accepted.exit_code == 0);

  const auto field = run_program(daemon.ctl("--token s3cret set cue.unknown=1"));
  CHECK(field.exit_code == 2);
  CHECK_THAT(field.err, Catch::Contains("\"field\": \"cue.unknown\""));

  CHECK(run_program(daemon.ctl("set not-an-assignment")).exit_code == 2);

  const std::string url = "http://127.0.0.1:" + std::to_string(daemon.server.port());
  daemon.server.stop();
  const auto absent = run_program(kStridecue + " ctl --url " + url + " status");
  CHECK(absent.exit_code == 1);
  CHECK_THAT(absent.err, Catch::Contains("no daemon at " + url + ": connection refused"));
}

TEST_CASE("ctl: stream prints events one per line, filtered by type", "[api][ctl][e2e]") {
  Daemon daemon;
  // Events keep coming until the ctl process has had its three cues and left.
  std::atomic<bool> done{false};
  std::thread producer([&] {
    for (int i = 0; !done.load(); ++i) {
      daemon.server.broadcast(Json{{"type", i % 2 ? "cue" : "stride"}, {"seq", i}}.dump());
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  const auto streamed = run_program(daemon.ctl("stream --type cue --count 3"));
  done.store(true);
  producer.join();
  INFO(streamed.err);
  CHECK(streamed.exit_code == 0);
  const auto lines = streamed.out_lines();
  REQUIRE(lines.size() == 3);
  int previous = -1;
  for (const auto& line : lines) {
    const Json e = Json::parse(line);
    CHECK(e["type"] == "cue");
    CHECK(e["seq"].get<int>() > previous);
    previous = e["seq"].get<int>();
  }
}

TEST_CASE("ctl: a daemon that never answers exits 1 after --timeout", "[api][ctl][e2e]") {
  SilentListener wedged;
  const auto stuck =
      run_program(kStridecue + " ctl --timeout 0.3 --url " + wedged.url() + " status");
  CHECK(stuck.exit_code == 1);
  CHECK_THAT(stuck.err, Catch::Contains("did not answer GET /api/v1/status within 300 ms"));
  CHECK(run_program(kStridecue + " ctl --timeout 0 status").exit_code == 2);  // out of range
}

TEST_CASE("ctl: --port and STRIDECUE_URL name the daemon", "[api][ctl][e2e]") {
  Daemon daemon;
  const std::string port = std::to_string(daemon.server.port());
  // --port wins over the URL's port (here the default 7878, where no test daemon listens).
  const auto by_port = run_program(kStridecue + " ctl --port " + port + " status");
  INFO(by_port.err);
  CHECK(by_port.exit_code == 0);
  CHECK(Json::parse(by_port.out)["strides"] == 42);

  // The URL the daemon logs, from the environment.
  const auto by_env = run_program("STRIDECUE_URL=http://127.0.0.1:" + port + "/api/v1/ " +
                                  kStridecue + " ctl status");
  INFO(by_env.err);
  CHECK(by_env.exit_code == 0);

  // --port on the environment's host; a port out of range is refused before any request.
  const auto both =
      run_program("STRIDECUE_URL=http://127.0.0.1:1 " + kStridecue + " ctl status --port " + port);
  CHECK(both.exit_code == 0);
  const auto bad = run_program(kStridecue + " ctl --port 70000 status");
  CHECK(bad.exit_code != 0);
  CHECK(daemon.handler.calls() == std::vector<std::string>{"status", "status", "status"});
}
