// The daemon against what an adversary sends its control API (issue 14): bytes that are not
// UTF-8, numbers beyond a double, an empty key, another site's Host, a cross-site form post, a
// WebSocket from a page elsewhere, hostile runner ids; and the token, which must never leave
// it. Before the fix the first of these aborted the daemon (SIGABRT).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "api/socket_clients.hpp"
#include "daemon/daemon_process.hpp"
#include "store/session_export.hpp"
#include "store/session_store.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

std::string patch(const std::string& body, const std::string& host = "127.0.0.1") {
  return "PATCH /api/v1/settings HTTP/1.1\r\nHost: " + host +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("Hostile requests get their 4xx and the daemon runs on, its settings untouched",
          "[daemon][hostile]") {
  test::TempDir dir("daemon-hostile");
  test::DaemonProcess daemon(dir.path(), test::silent_config(dir.path()));
  test::RawHttp http(static_cast<std::uint16_t>(daemon.port()));

  const auto path =
      http.exchange(test::get("/api/v1/st\xff"
                              "atus"));
  CHECK(path.status == 404);
  const auto type =
      http.exchange(test::with_body("PATCH", "/api/v1/settings", "application/\xff", "{}"));
  CHECK(type.status == 415);
  const auto bad_utf8 = http.exchange(patch("{\"cue.mode\": \"\xff\"}"));
  CHECK(bad_utf8.status == 400);

  const auto overflow = http.exchange(patch(R"({"cue.refractory_s": 1e400})"));
  CHECK(overflow.status == 422);
  CHECK(Json::parse(overflow.body)["field"] == "cue.refractory_s");
  const auto empty_key = http.exchange(patch(R"({"": 1})"));
  CHECK(empty_key.status == 422);
  CHECK_THAT(Json::parse(empty_key.body)["error"].get<std::string>(), Catch::Contains("empty key"));
  const auto bound = http.exchange(patch(R"({"strike.decision_confidence": 1})"));
  CHECK(bound.status == 422);
  CHECK(Json::parse(bound.body)["error"] ==
        "strike.decision_confidence = 1 is out of range: above 0.5 and below 1");

  // A DNS-rebinding page, a cross-site form, and a page elsewhere opening the stream.
  CHECK(http.exchange(patch(R"({"audio.volume": 0})", "attacker.example:7922")).status == 403);
  const auto form = http.exchange(
      "POST /api/v1/session/stop HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
      "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\na=1");
  CHECK(form.status == 403);
  const auto form_no_origin = http.exchange(
      "POST /api/v1/session/stop HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: text/plain\r\nContent-Length: 3\r\n\r\na=1");
  CHECK(form_no_origin.status == 415);
  const auto ws = http.exchange(
      test::get("/api/v1/stream",
                "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://evil.example\r\n"));
  CHECK(ws.status == 403);

  // Runner ids that would rewrite a terminal, hide in a path or flood a log.
  const ApiClient api = daemon.client();
  for (const std::string& id : {std::string("\u001b[2J\nFAKE"), std::string("a\0b", 3),
                                std::string("../../etc/passwd"), std::string(60000, 'x')}) {
    const ApiResponse start =
        api.request("POST", "/api/v1/session/start", Json{{"runner_id", id}}.dump());
    CHECK(start.status == 422);
    CHECK(Json::parse(start.body)["field"] == "runner_id");
    CHECK_THAT(Json::parse(start.body)["error"].get<std::string>(),
               Catch::Contains("letters A-Z and a-z, digits"));
  }

  // Still running, still answering; the session, volume and refractory time as they were.
  const Json status = Json::parse(api.request("GET", "/api/v1/status").body);
  CHECK(status["state"] == "running");
  CHECK(status["runner_id"] == "runner");
  CHECK(status["session"]["id"] == 1);
  const Json settings = Json::parse(api.request("GET", "/api/v1/settings").body);
  CHECK(settings["audio"]["volume"] == Approx(0.8));
  CHECK(settings["cue"]["refractory_s"] == Approx(1.0));
  CHECK(daemon.running());
  CHECK(daemon.stop() == 0);
  CHECK(daemon.log().find('\x1b') == std::string::npos);
}

TEST_CASE("The config's request deadlines reach the server, and a method no route takes is a 405",
          "[daemon][hostile]") {
  test::TempDir dir("daemon-deadlines");
  test::DaemonProcess daemon(dir.path(),
                             "[source]\nkind = \"simulator\"\npace = 1.0\n\n"
                             "[api]\nport = 0\nheader_timeout_s = 0.3\n\n"
                             "[store]\nenabled = false\n\n[audio]\nenabled = false\n");
  test::RawHttp slow(static_cast<std::uint16_t>(daemon.port()));
  slow.send("GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // never the blank line
  const auto late = slow.receive();
  CHECK(late.status == 408);
  CHECK(Json::parse(late.body)["error"] == "the request header did not arrive within 300 ms");

  test::RawHttp http(static_cast<std::uint16_t>(daemon.port()));
  const auto wrong = http.exchange(
      "DELETE /api/v1/settings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
  CHECK(wrong.status == 405);
  CHECK_THAT(Json::parse(wrong.body)["error"].get<std::string>(),
             Catch::Contains("allowed: GET, PATCH"));
  CHECK(daemon.stop() == 0);
}

TEST_CASE("The token never leaves the daemon, and its store is private", "[daemon][secret]") {
  test::TempDir dir("daemon-secret");
  const std::string db = (dir.path() / "sessions.db").string();
  test::DaemonProcess with_token(
      dir.path(),
      "runner_id = \"ana\"\n\n[source]\nkind = \"simulator\"\npace = 1.0\n\n"
      "[api]\nport = 0\ntoken = \"s3cret-token\"\n\n[store]\npath = \"" +
          db + "\"\n\n[audio]\nenabled = false\n");
  const ApiClient coach = with_token.client("s3cret-token");
  const ApiResponse settings = coach.request("GET", "/api/v1/settings");
  REQUIRE(settings.status == 200);
  CHECK(settings.body.find("s3cret") == std::string::npos);
  CHECK(Json::parse(settings.body)["api"]["token"] == "<set>");
  REQUIRE(coach.request("POST", "/api/v1/session/start", R"({"runner_id": "ana"})").status == 200);
  CHECK(with_token.stop() == 0);

  struct stat st {};
  REQUIRE(::stat(db.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777u) == 0600u);
  SessionReader reader(db);
  for (const SessionSummary& s : reader.list_sessions()) {
    const auto details = reader.find_session(s.id);
    REQUIRE(details);
    CHECK(details->config_json.find("s3cret") == std::string::npos);
  }
  export_session_csv(db, reader.list_sessions().back().id, dir.path() / "export");
  CHECK(test::read_file(dir.path() / "export" / "session.json").find("s3cret") ==
        std::string::npos);
}
