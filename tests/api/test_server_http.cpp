// The control server over real sockets: routes, every 4xx, keep-alive, limits and the token.
#include <catch2/catch.hpp>

#include "api/api_client.hpp"
#include "api/control_server.hpp"
#include "fake_handler.hpp"
#include "socket_clients.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

ApiClient client_for(const ControlServer& server, const std::string& token = {}) {
  return ApiClient(parse_api_url("http://127.0.0.1:" + std::to_string(server.port())), token);
}

}  // namespace

TEST_CASE("server: every route answers through the client", "[api][http]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  REQUIRE(server.port() != 0);
  const ApiClient client = client_for(server);

  auto status = client.request("GET", "/api/v1/status");
  CHECK(status.status == 200);
  CHECK(Json::parse(status.body)["strides"] == 42);
  CHECK(Json::parse(client.request("GET", "/api/v1/settings").body)["cue"]["refractory_s"] == 1.5);
  CHECK(client.request("GET", "/api/v1/settings/schema").status == 200);
  auto patched = client.request("PATCH", "/api/v1/settings", R"({"cue.refractory_s":2.5})");
  CHECK(patched.status == 200);
  CHECK(Json::parse(patched.body)["applied"]["cue.refractory_s"] == 2.5);
  CHECK(client.request("POST", "/api/v1/session/start", R"({"runner_id":"ana"})").status == 201);
  CHECK(client.request("POST", "/api/v1/session/stop").status == 200);
  auto reset = client.request("POST", "/api/v1/baseline/reset", R"({"side":"right"})");
  CHECK(Json::parse(reset.body)["reset"] == "right");
  CHECK(handler.calls() == std::vector<std::string>{"status", "settings", "schema",
                                                    R"(patch {"cue.refractory_s":2.5})",
                                                    R"(start {"runner_id":"ana"})", "stop",
                                                    R"(baseline {"side":"right"})"});
  CHECK(server.counters().requests == 7);
  CHECK(server.counters().connections_total == 7);  // the client opens one per request
}

TEST_CASE("server: bad requests get JSON 4xx and the connection keeps serving", "[api][http]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  RawHttp http(server.port());  // one keep-alive connection for all of them

  const auto missing = http.exchange(get("/api/v1/nope"));
  CHECK(missing.status == 404);
  CHECK(Json::parse(missing.body)["error"] == "no such resource: /api/v1/nope");
  CHECK(missing.message[http::field::content_type] == "application/json");

  const auto wrong_method =
      http.exchange(with_body("PUT", "/api/v1/settings", "application/json", "{}"));
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.message[http::field::allow] == "GET, PATCH");

  const auto malformed =
      http.exchange(with_body("PATCH", "/api/v1/settings", "application/json", "{\"a\":"));
  CHECK(malformed.status == 400);
  CHECK_THAT(Json::parse(malformed.body)["error"].get<std::string>(),
             Catch::Contains("line 1, column 6"));

  const auto not_json = http.exchange(with_body("PATCH", "/api/v1/settings", "text/plain", "a=1"));
  CHECK(not_json.status == 415);

  const auto field = http.exchange(
      with_body("POST", "/api/v1/baseline/reset", "application/json", R"({"side":"up"})"));
  CHECK(field.status == 400);
  CHECK(Json::parse(field.body)["field"] == "side");

  const auto plain_stream = http.exchange(get("/api/v1/stream"));
  CHECK(plain_stream.status == 426);

  const auto fine = http.exchange(get("/api/v1/status"));
  CHECK(fine.status == 200);
  CHECK(fine.message.keep_alive());
  CHECK(server.counters().connections_total == 1);
  CHECK(server.counters().requests == 7);
}

TEST_CASE("server: an oversized body is refused from its Content-Length", "[api][http]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.max_request_bytes = 1024;
  ControlServer server(options, handler);
  server.start();

  SECTION("the header alone is enough: the body is never sent") {
    RawHttp http(server.port());
    const auto refused = http.exchange(
        "PATCH /api/v1/settings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000000\r\n\r\n{");
    CHECK(refused.status == 413);
    CHECK(Json::parse(refused.body)["error"] == "the request body is over the limit of 1024 bytes");
    CHECK_FALSE(refused.message.keep_alive());
    CHECK(http.closed_by_server());
  }
  SECTION("a client that sent it all still reads the answer") {
    const std::string big = R"({"x":")" + std::string(4000, 'a') + R"("})";
    const auto refused = client_for(server).request("PATCH", "/api/v1/settings", big);
    CHECK(refused.status == 413);
  }
  // Nothing reached the handler, and the server still answers.
  CHECK(handler.calls().empty());
  CHECK(client_for(server).request("GET", "/api/v1/status").status == 200);
}

TEST_CASE("server: garbage that is not HTTP gets a 400 and a close", "[api][http]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  RawHttp http(server.port());
  const auto garbage = http.exchange("HELLO THERE\r\n\r\n");
  CHECK(garbage.status == 400);
  CHECK_THAT(Json::parse(garbage.body)["error"].get<std::string>(),
             Catch::StartsWith("malformed HTTP request"));
  CHECK(http.closed_by_server());
  CHECK(client_for(server).request("GET", "/api/v1/status").status == 200);
}

TEST_CASE("server: a slow client loses its slot at the header deadline, and is told 408",
          "[api][http]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.header_timeout = std::chrono::milliseconds(200);
  options.max_clients = 1;
  ControlServer server(options, handler);
  server.start();
  RawHttp slowloris(server.port());
  slowloris.send("GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // never the blank line
  const auto late = slowloris.receive();
  CHECK(late.status == 408);
  CHECK(Json::parse(late.body)["error"] == "the request header did not arrive within 200 ms");
  CHECK(slowloris.closed_by_server());
  REQUIRE(eventually([&] { return server.counters().connections_open == 0; }));
  CHECK(client_for(server).request("GET", "/api/v1/status").status == 200);
  CHECK(server.counters().connections_refused == 0);
  CHECK(handler.calls() == std::vector<std::string>{"status"});
}

TEST_CASE("server: a body that trickles in is cut at the body deadline", "[api][http]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.header_timeout = std::chrono::seconds(60);
  options.body_timeout = std::chrono::milliseconds(200);
  ControlServer server(options, handler);
  server.start();
  RawHttp slow(server.port());
  // The header whole and at once; of the 20 bytes of body only 2 ever come.
  slow.send(
      "PATCH /api/v1/settings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"");
  const auto late = slow.receive();
  CHECK(late.status == 408);
  CHECK(Json::parse(late.body)["error"] == "the request body did not arrive within 200 ms");
  CHECK(slow.closed_by_server());
  CHECK(handler.calls().empty());
}

TEST_CASE("server: an idle keep-alive connection is closed without a word", "[api][http]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.header_timeout = std::chrono::milliseconds(200);
  ControlServer server(options, handler);
  server.start();
  RawHttp idle(server.port());
  CHECK(idle.exchange(get("/api/v1/status")).status == 200);
  CHECK_FALSE(idle.try_receive());  // closed: no 408 for a client that asked nothing
}

TEST_CASE("server: connections over max_clients get a 503 until one closes", "[api][http]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.max_clients = 2;
  ControlServer server(options, handler);
  server.start();
  auto first = std::make_unique<RawHttp>(server.port());
  RawHttp second(server.port());
  REQUIRE(first->exchange(get("/api/v1/status")).status == 200);
  REQUIRE(second.exchange(get("/api/v1/status")).status == 200);

  const auto busy = client_for(server).request("GET", "/api/v1/status");
  CHECK(busy.status == 503);
  CHECK_THAT(Json::parse(busy.body)["error"].get<std::string>(), Catch::Contains("the limit is 2"));
  CHECK(server.counters().connections_refused == 1);
  CHECK(server.counters().connections_open == 2);

  first.reset();
  REQUIRE(eventually([&] { return server.counters().connections_open == 1; }));
  CHECK(client_for(server).request("GET", "/api/v1/status").status == 200);
}

TEST_CASE("server: with a token, requests need it as a bearer header", "[api][http][auth]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.token = "s3cret";
  ControlServer server(options, handler);
  server.start();
  RawHttp http(server.port());

  const auto missing = http.exchange(get("/api/v1/status"));
  CHECK(missing.status == 401);
  CHECK(missing.message[http::field::www_authenticate] == "Bearer");
  CHECK_THAT(Json::parse(missing.body)["error"].get<std::string>(), Catch::Contains("missing"));
  // Unknown paths too: without the token nothing about the API is told.
  CHECK(http.exchange(get("/api/v1/nope")).status == 401);
  const auto wrong = http.exchange(get("/api/v1/status", "Authorization: Bearer s3creT\r\n"));
  CHECK(wrong.status == 401);
  CHECK(Json::parse(wrong.body)["error"] == "wrong bearer token");
  CHECK(http.exchange(get("/api/v1/status", "Authorization: Bearer s3cret\r\n")).status == 200);
  CHECK(client_for(server, "s3cret").request("POST", "/api/v1/session/stop").status == 200);
  CHECK(handler.calls() == std::vector<std::string>{"status", "stop"});

  const auto stream =
      client_for(server).stream("/api/v1/stream", [](const std::string&) { return false; });
  CHECK(stream.status == 401);
  CHECK_THAT(Json::parse(stream.body)["error"].get<std::string>(), Catch::Contains("Bearer"));
}

TEST_CASE("server: start() refuses what it cannot or must not listen on", "[api][http][auth]") {
  FakeHandler handler;
  SECTION("beyond loopback without a token") {
    ServerOptions options = loopback_options();
    options.address = "0.0.0.0";
    ControlServer server(options, handler);
    CHECK_THROWS_WITH(server.start(),
                      Catch::Contains("0.0.0.0:0") && Catch::Contains("token is required"));
  }
  SECTION("beyond loopback with a token is fine") {
    ServerOptions options = loopback_options();
    options.address = "0.0.0.0";
    options.token = "t";
    ControlServer server(options, handler);
    server.start();
    CHECK(server.port() != 0);
  }
  SECTION("a port already taken") {
    ControlServer first(loopback_options(), handler);
    first.start();
    ServerOptions options = loopback_options();
    options.port = first.port();
    ControlServer second(options, handler);
    CHECK_THROWS_WITH(second.start(),
                      Catch::Contains("127.0.0.1:" + std::to_string(first.port())) &&
                          Catch::Contains("bind") && Catch::Contains("in use"));
  }
  SECTION("not an address") {
    ServerOptions options = loopback_options();
    options.address = "treadmill.local";
    ControlServer server(options, handler);
    CHECK_THROWS_WITH(server.start(), Catch::Contains("treadmill.local:0"));
  }
}

TEST_CASE("client: URLs and an absent daemon", "[api][client]") {
  CHECK(parse_api_url("http://127.0.0.1:7878").port == "7878");
  CHECK(parse_api_url("localhost").port == "7878");
  CHECK(parse_api_url("http://[::1]:9000/").host == "::1");
  CHECK_THROWS_WITH(parse_api_url("https://x:1"), Catch::Contains("no TLS"));
  CHECK_THROWS_WITH(parse_api_url("http://x:99999"), Catch::Contains("1..65535"));
  CHECK_THROWS_WITH(parse_api_url("http://x:1/api"), Catch::Contains("HOST:PORT"));

  // A port that was just free: nobody listens there.
  std::uint16_t free_port = 0;
  {
    FakeHandler handler;
    ControlServer server(loopback_options(), handler);
    server.start();
    free_port = server.port();
  }
  const ApiClient client(parse_api_url("http://127.0.0.1:" + std::to_string(free_port)), {});
  CHECK_THROWS_AS(client.request("GET", "/api/v1/status"), DaemonUnreachable);
  CHECK_THROWS_WITH(
      client.request("GET", "/api/v1/status"),
      "no daemon at http://127.0.0.1:" + std::to_string(free_port) + ": connection refused");
}
