// The web console's side of the control server over real sockets (console_files.hpp,
// login_sessions.hpp): its files served beside the API, the route index, and the login that
// trades the token for an HttpOnly cookie plus a CSRF token.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <memory>

#include "api/console_files.hpp"
#include "api/control_server.hpp"
#include "fake_handler.hpp"
#include "socket_clients.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kPage = "<!doctype html><title>console</title>";
const std::string kScript = "export const x = 1;";

struct ConsoleServer {
  explicit ConsoleServer(const std::string& token = {}) : dir("console-files") {
    std::ofstream(dir.path() / "index.html") << kPage;
    std::ofstream(dir.path() / "console.js") << kScript;
    ServerOptions options = loopback_options();
    options.token = token;
    options.console_dir = dir.path().string();
    server = std::make_unique<ControlServer>(options, handler);
    server->start();
  }
  TempDir dir;
  FakeHandler handler;
  std::unique_ptr<ControlServer> server;
};

std::string login(const std::string& token, const std::string& extra = {}) {
  return with_body("POST", "/api/v1/login", "application/json", Json{{"token", token}}.dump(),
                   extra);
}

}  // namespace

TEST_CASE("console: its files are served at / with their type, the API beside them",
          "[api][console]") {
  ConsoleServer console;
  RawHttp http(console.server->port());
  const auto page = http.exchange(get("/"));
  CHECK(page.status == 200);
  CHECK(page.body == kPage);
  CHECK(page.message[http::field::content_type] == "text/html; charset=utf-8");
  CHECK(page.message["X-Content-Type-Options"] == "nosniff");
  CHECK_THAT(std::string(page.message["Content-Security-Policy"]),
             Catch::Contains("default-src 'self'") && Catch::Contains("frame-ancestors 'none'"));
  const auto script = http.exchange(get("/console.js?v=2"));
  CHECK(script.status == 200);
  CHECK(script.body == kScript);
  CHECK(script.message[http::field::content_type] == "text/javascript; charset=utf-8");

  const auto missing = http.exchange(get("/nothing.css"));
  CHECK(missing.status == 404);
  CHECK_THAT(Json::parse(missing.body)["error"].get<std::string>(),
             Catch::Contains("nothing.css") && Catch::Contains(console.dir.path().string()));
  // Only plain names in the folder itself: nothing above it, nothing hidden.
  for (const char* path : {"/../index.html", "/%2e%2e/index.html", "/.hidden.js", "/sub/x.js",
                           "/index.exe", "/Index.html"}) {
    INFO(path);
    CHECK(http.exchange(get(path)).status == 404);
  }
  CHECK(http.exchange("GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n").status == 403);

  const auto index = http.exchange(get("/api/v1/"));
  CHECK(index.status == 200);
  const Json routes = Json::parse(index.body)["routes"];
  CHECK(std::find(routes.begin(), routes.end(),
                  Json{{"method", "PATCH"}, {"path", "/api/v1/settings"}}) != routes.end());
  CHECK(std::find(routes.begin(), routes.end(),
                  Json{{"method", "POST"}, {"path", "/api/v1/login"}}) != routes.end());
  CHECK(console.handler.calls().empty());
}

TEST_CASE("console: the file names it serves", "[api][console]") {
  CHECK(console_file_name("/") == "index.html");
  CHECK(console_file_name("/?x=1") == "index.html");
  CHECK(console_file_name("/settings.js") == "settings.js");
  CHECK(console_file_name("/console.css#top") == "console.css");
  for (const char* target :
       {"/api/v1/status", "/api", "/..", "/a/b.js", "/.js", "/x.JS", "/x.txt", "x.js", ""}) {
    INFO(target);
    CHECK_FALSE(console_file_name(target));
  }
}

TEST_CASE("console: with a token the page is open, the API needs the login's cookie",
          "[api][console][auth]") {
  ConsoleServer console("s3cret");
  RawHttp http(console.server->port());
  CHECK(http.exchange(get("/")).status == 200);  // the login page itself
  CHECK(http.exchange(get("/api/v1/status")).status == 401);

  const auto wrong = http.exchange(login("s3creT"));
  CHECK(wrong.status == 401);
  CHECK(wrong.message[http::field::set_cookie].empty());
  // A form of another site cannot send JSON, nor name this daemon as its origin.
  CHECK(http.exchange(with_body("POST", "/api/v1/login", "application/x-www-form-urlencoded",
                                "token=s3cret"))
            .status == 415);
  CHECK(http.exchange(login("s3cret", "Origin: http://attacker.example\r\n")).status == 403);

  const auto in = http.exchange(login("s3cret"));
  REQUIRE(in.status == 200);
  const std::string set_cookie(in.message[http::field::set_cookie]);
  CHECK_THAT(set_cookie, Catch::StartsWith("stridecue_session=") && Catch::Contains("HttpOnly") &&
                             Catch::Contains("SameSite=Strict") && Catch::Contains("Path=/"));
  const std::string cookie =
      "Cookie: theme=dark; " + set_cookie.substr(0, set_cookie.find(';')) + "\r\n";
  const std::string csrf = Json::parse(in.body)["csrf"];
  CHECK(csrf.size() == 64);

  CHECK(http.exchange(get("/api/v1/status", cookie)).status == 200);
  const std::string patch = R"({"cue.refractory_s": 2})";
  const auto no_csrf =
      http.exchange(with_body("PATCH", "/api/v1/settings", "application/json", patch, cookie));
  CHECK(no_csrf.status == 403);
  CHECK_THAT(Json::parse(no_csrf.body)["error"].get<std::string>(),
             Catch::Contains("missing X-CSRF-Token"));
  CHECK(http.exchange(with_body("PATCH", "/api/v1/settings", "application/json", patch,
                                cookie + "X-CSRF-Token: " + std::string(64, '0') + "\r\n"))
            .status == 403);
  CHECK(http.exchange(with_body("PATCH", "/api/v1/settings", "application/json", patch,
                                cookie + "X-CSRF-Token: " + csrf + "\r\n"))
            .status == 200);
  // The cookie sent by another site's page (a browser adds its Origin) is refused.
  CHECK(
      http.exchange(get("/api/v1/status", cookie + "Origin: http://attacker.example\r\n")).status ==
      403);
  // A cookie the daemon never gave is no session; the CSRF token alone is nothing.
  CHECK(http.exchange(get("/api/v1/status", "Cookie: stridecue_session=" + csrf + "\r\n")).status ==
        401);
  CHECK(console.handler.calls() ==
        std::vector<std::string>{"status", R"(patch {"cue.refractory_s":2})"});
}

TEST_CASE("console: without a token there is nothing to sign in to", "[api][console][auth]") {
  ConsoleServer console;
  RawHttp http(console.server->port());
  const auto in = http.exchange(login("anything"));
  CHECK(in.status == 409);
  CHECK_THAT(Json::parse(in.body)["error"].get<std::string>(), Catch::Contains("no api.token"));
}
