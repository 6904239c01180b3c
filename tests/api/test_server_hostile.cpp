// What an adversary (or a web page in the runner's browser) sends the control server: bytes that
// are not UTF-8 where a reply echoes them, numbers beyond a double, other sites' Host and Origin
// headers, cross-site form posts, and floods of connections. The server must answer each with a
// JSON error and go on; before issue 14 several of these aborted the process.
#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "api/api_client.hpp"
#include "api/control_server.hpp"
#include "fake_handler.hpp"
#include "socket_clients.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

std::string post(const std::string& path, const std::string& headers) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
         "Content-Length: 0\r\n\r\n";
}

}  // namespace

TEST_CASE("hostile: bytes that are not UTF-8 get a JSON error, not an abort", "[api][hostile]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  RawHttp http(server.port());

  const auto path =
      http.exchange(get("/api/v1/st\xff"
                        "atus"));
  CHECK(path.status == 404);
  CHECK(Json::parse(path.body)["error"] == "no such resource: /api/v1/st\\xFFatus");

  const auto type = http.exchange(with_body("PATCH", "/api/v1/settings", "text/\xfe\xff", "{}"));
  CHECK(type.status == 415);
  CHECK_THAT(Json::parse(type.body)["error"].get<std::string>(),
             Catch::Contains("got Content-Type text/\\xFE\\xFF"));

  const auto body = http.exchange(
      with_body("PATCH", "/api/v1/settings", "application/json", "{\"cue.mode\": \"\xff\xfe\"}"));
  CHECK(body.status == 400);
  CHECK_THAT(Json::parse(body.body)["error"].get<std::string>(),
             Catch::StartsWith("malformed JSON") && Catch::Contains("\\xFF"));

  // The same connection still serves, and nothing reached the handler.
  CHECK(http.exchange(get("/api/v1/status")).status == 200);
  CHECK(handler.calls() == std::vector<std::string>{"status"});
}

TEST_CASE("hostile: a number beyond a double is a 422 naming its field", "[api][hostile]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  RawHttp http(server.port());

  const auto flat = http.exchange(
      with_body("PATCH", "/api/v1/settings", "application/json", R"({"cue.refractory_s": 1e400})"));
  CHECK(flat.status == 422);
  const Json flat_error = Json::parse(flat.body);
  CHECK(flat_error["field"] == "cue.refractory_s");
  CHECK_THAT(flat_error["error"].get<std::string>(), Catch::Contains("1e400"));

  const auto nested = http.exchange(with_body("PATCH", "/api/v1/settings", "application/json",
                                              R"({"cue": {"x": [1], "refractory_s": -1e999}})"));
  CHECK(nested.status == 422);
  CHECK(Json::parse(nested.body)["field"] == "cue.refractory_s");

  const auto start = http.exchange(
      with_body("POST", "/api/v1/session/start", "application/json", R"({"runner_id": 2e308})"));
  CHECK(start.status == 422);
  CHECK(Json::parse(start.body)["field"] == "runner_id");
  CHECK(handler.calls().empty());
}

TEST_CASE("hostile: another site's Host or Origin is refused with a 403", "[api][hostile]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  RawHttp http(server.port());
  const std::string patch = R"({"audio.volume": 0})";

  // A DNS-rebinding page: its name resolves to 127.0.0.1, its Host header is still its own.
  const auto rebinding = http.exchange(
      "PATCH /api/v1/settings HTTP/1.1\r\nHost: attacker.example:7922\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(patch.size()) + "\r\n\r\n" + patch);
  CHECK(rebinding.status == 403);
  CHECK_THAT(Json::parse(rebinding.body)["error"].get<std::string>(),
             Catch::StartsWith("Host \"attacker.example:7922\" is not this daemon") &&
                 Catch::Contains("DNS rebinding"));

  const auto no_host =
      http.exchange("GET /api/v1/status HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  CHECK(no_host.status == 403);
  CHECK_THAT(Json::parse(no_host.body)["error"].get<std::string>(), Catch::StartsWith("no Host"));

  const auto cross_site = http.exchange(with_body("PATCH", "/api/v1/settings", "application/json",
                                                  patch, "Origin: http://evil.example\r\n"));
  CHECK(cross_site.status == 403);
  CHECK_THAT(Json::parse(cross_site.body)["error"].get<std::string>(),
             Catch::StartsWith("Origin \"http://evil.example\" is refused"));
  CHECK(http.exchange(get("/api/v1/status", "Origin: null\r\n")).status == 403);
  CHECK(http.exchange(get("/api/v1/status", "Origin: http://127.0.0.1.evil.example\r\n")).status ==
        403);

  // The stream's upgrade too: a page elsewhere cannot read the live data.
  const auto ws = http.exchange(get("/api/v1/stream",
                                    "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                    "Sec-WebSocket-Version: 13\r\n"
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                    "Origin: https://evil.example\r\n"));
  CHECK(ws.status == 403);
  CHECK(server.counters().stream_clients == 0);
  CHECK(handler.calls().empty());

  // Local names, any port, and pages served from them, are this daemon.
  for (const std::string host : {"localhost", "LOCALHOST:7878", "127.0.0.1:1", "[::1]:7922"}) {
    INFO(host);
    CHECK(http.exchange("GET /api/v1/status HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status == 200);
  }
  CHECK(http.exchange(get("/api/v1/status", "Origin: http://localhost:8080\r\n")).status == 200);
  StreamClient local_page(server.port(), 0, {}, "http://127.0.0.1:5173");
  CHECK(Json::parse(local_page.read())["type"] == "hello");
}

TEST_CASE("hostile: a change must say it is JSON, so a cross-site form cannot send it",
          "[api][hostile]") {
  FakeHandler handler;
  SECTION("without a token") {
    ControlServer server(loopback_options(), handler);
    server.start();
    RawHttp http(server.port());
    // What a <form method="post"> or a no-cors fetch can send: no preflight, no custom type.
    const auto form = http.exchange(
        post("/api/v1/session/stop", "Content-Type: application/x-www-form-urlencoded\r\n"));
    CHECK(form.status == 415);
    CHECK_THAT(Json::parse(form.body)["error"].get<std::string>(),
               Catch::Contains("Content-Type: application/json"));
    CHECK(http.exchange(post("/api/v1/session/stop", "Content-Type: text/plain\r\n")).status ==
          415);
    CHECK(http.exchange(post("/api/v1/baseline/reset", "")).status == 415);
    // A method or path no route takes is named as such, whatever its type: the JSON rule
    // guards the handlers, and these reach none.
    const auto wrong_method = http.exchange(
        "DELETE /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    CHECK(wrong_method.status == 405);
    CHECK(wrong_method.message[http::field::allow] == "GET");
    CHECK(http.exchange(post("/api/v1/status", "")).status == 405);
    CHECK(http.exchange(post("/api/v1/nope", "Content-Type: text/plain\r\n")).status == 404);
    CHECK(handler.calls().empty());
    CHECK(
        http.exchange(post("/api/v1/session/stop", "Content-Type: application/json\r\n")).status ==
        200);
    // The client behind `stridecue ctl` and the overlay says so even without a body.
    const ApiClient client(parse_api_url("127.0.0.1:" + std::to_string(server.port())), {});
    CHECK(client.request("POST", "/api/v1/session/stop").status == 200);
    CHECK(client.request("POST", "/api/v1/baseline/reset").status == 200);
    CHECK(handler.calls() == std::vector<std::string>{"stop", "stop", "baseline {}"});
  }
  SECTION("the bearer token is enough: a page cannot know it") {
    ServerOptions options = loopback_options();
    options.token = "s3cret";
    ControlServer server(options, handler);
    server.start();
    RawHttp http(server.port());
    CHECK(http.exchange(post("/api/v1/session/stop", "Authorization: Bearer s3cret\r\n")).status ==
          200);
    CHECK(handler.calls() == std::vector<std::string>{"stop"});
  }
}

TEST_CASE("hostile: past the goodbye budget, refused connections still get their 503",
          "[api][hostile]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.max_clients = 1;
  options.close_grace = std::chrono::seconds(60);  // goodbyes linger until the test ends
  ControlServer server(options, handler);
  server.start();
  RawHttp holder(server.port());
  REQUIRE(holder.exchange(get("/api/v1/status")).status == 200);

  // More refused clients than goodbyes may linger at once (64), each keeping its socket open.
  std::vector<std::unique_ptr<RawHttp>> refused;
  for (int i = 0; i < 100; ++i) {
    refused.push_back(std::make_unique<RawHttp>(server.port()));
    refused.back()->send(get("/api/v1/status"));
  }
  int answered = 0;
  for (auto& client : refused) {
    const auto reply = client->try_receive();
    if (!reply) continue;
    CHECK(reply->status == 503);
    CHECK_THAT(Json::parse(reply->body)["error"].get<std::string>(),
               Catch::Contains("the limit is 1"));
    ++answered;
  }
  CHECK(answered == 100);
  CHECK(server.counters().connections_refused == 100);
}
