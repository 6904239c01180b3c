// The daemon listening beyond loopback (as for a tablet on the clinic's Wi-Fi), with a token: an
// address that sends api.max_wrong_tokens wrong tokens is refused with a 429 and Retry-After,
// the right token included, on every way in (bearer header, console login, stream upgrade),
// and the log says so once; loopback clients are never refused. The block's end is shown on a
// clock the test moves (tests/api/test_guess_limiter.cpp): here the window outlasts the test.
#include <utility>  // before Boost (std::exchange under g++ 12 / C++20)

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "api/socket_clients.hpp"
#include "daemon/daemon_process.hpp"
#include "support/run_program.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

const std::string kToken = "clinic-token-51c0";

// This machine's address on its network: where a tablet reaches it, and, connecting to it from
// here, the address the daemon sees as the client's. No packet is sent: connect() on a UDP
// socket only looks up the route.
std::string outward_address() {
  net::io_context ioc;
  net::ip::udp::socket probe(ioc);
  probe.connect({net::ip::make_address("192.0.2.1"), 9});
  return probe.local_endpoint().address().to_string();
}

struct Asked {
  int status = 0;
  std::string retry_after;
  std::string set_cookie;
  Json body;
};

// One request on a fresh connection to `address`, Host naming it as a browser would.
Asked ask(const std::string& address, int port, http::verb method, const std::string& target,
          const std::string& authorization = {}, const std::string& json_body = {},
          bool upgrade = false) {
  net::io_context ioc;
  tcp::socket socket(ioc);
  socket.connect({net::ip::make_address(address), static_cast<unsigned short>(port)});
  http::request<http::string_body> request{method, target, 11};
  request.set(http::field::host, address + ":" + std::to_string(port));
  if (!authorization.empty()) request.set(http::field::authorization, "Bearer " + authorization);
  if (upgrade) {
    request.set(http::field::connection, "Upgrade");
    request.set(http::field::upgrade, "websocket");
    request.set(http::field::sec_websocket_version, "13");
    request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  }
  if (!json_body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = json_body;
  }
  request.prepare_payload();
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  Asked a;
  a.status = static_cast<int>(response.result_int());
  a.retry_after = std::string(response[http::field::retry_after]);
  a.set_cookie = std::string(response[http::field::set_cookie]);
  a.body = Json::parse(response.body(), nullptr, false);
  return a;
}

std::string login(const std::string& token) {
  return Json{{"token", token}}.dump();
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE(
    "Off loopback, an address that sent too many wrong tokens gets a 429 with "
    "Retry-After, even for the right token, and loopback does not",
    "[daemon][secret]") {
  const std::string tablet = outward_address();
  INFO("this machine's address off loopback: " << tablet);
  REQUIRE(!net::ip::make_address(tablet).is_loopback());
  TempDir dir("daemon-wrong-tokens");
  DaemonProcess daemon(dir.path(),
                       "[source]\nkind = \"simulator\"\npace = 1.0\n\n"
                       "[api]\naddress = \"0.0.0.0\"\nport = 0\ntoken = \"" +
                           kToken +
                           "\"\nmax_wrong_tokens = 3\nwrong_token_window_s = 3600\n\n"
                           "[audio]\nenabled = false\n\n[store]\npath = \"" +
                           (dir.path() / "sessions.db").string() + "\"\n");
  const int port = daemon.port();

  // The right token works from the tablet's address, and so does its login.
  REQUIRE(ask(tablet, port, http::verb::get, "/api/v1/status", kToken).status == 200);
  const Asked signed_in = ask(tablet, port, http::verb::post, "/api/v1/login", {}, login(kToken));
  REQUIRE(signed_in.status == 200);
  REQUIRE(!signed_in.set_cookie.empty());

  // Three wrong tokens, by every way in: a bearer header, the console's login, the stream.
  CHECK(ask(tablet, port, http::verb::get, "/api/v1/status", "guess-1").status == 401);
  CHECK(ask(tablet, port, http::verb::post, "/api/v1/login", {}, login("guess-2")).status == 401);
  CHECK(daemon.log().find("wrong tokens") == std::string::npos);
  CHECK(ask(tablet, port, http::verb::get, "/api/v1/stream", "guess-3", {}, true).status == 401);

  // Now the right token is refused too, and the client is told when to come back.
  const Asked refused = ask(tablet, port, http::verb::get, "/api/v1/status", kToken);
  CHECK(refused.status == 429);
  REQUIRE(!refused.retry_after.empty());
  const int retry_after = std::stoi(refused.retry_after);
  CHECK(retry_after >= 1);
  CHECK(retry_after <= 3600);
  CHECK(refused.body["retry_after_s"] == retry_after);
  CHECK(refused.body["error"].get<std::string>().starts_with("too many wrong tokens from " +
                                                             tablet + ": refused for "));
  const Asked login_refused =
      ask(tablet, port, http::verb::post, "/api/v1/login", {}, login(kToken));
  CHECK(login_refused.status == 429);
  CHECK(login_refused.set_cookie.empty());
  CHECK(ask(tablet, port, http::verb::get, "/api/v1/stream", kToken, {}, true).status == 429);
  CHECK(ask(tablet, port, http::verb::patch, "/api/v1/settings", kToken,
            R"({"cue.refractory_s": 2.5})")
            .status == 429);

  // Loopback is never refused: wrong tokens are a 401 as often as they come, and the right one,
  // the login and the stream work while the tablet's address is blocked.
  for (int i = 0; i < 6; ++i)
    CHECK(ask("127.0.0.1", port, http::verb::get, "/api/v1/status", "wrong").status == 401);
  CHECK(ask("127.0.0.1", port, http::verb::get, "/api/v1/status", kToken).status == 200);
  CHECK(ask("127.0.0.1", port, http::verb::post, "/api/v1/login", {}, login(kToken)).status == 200);
  CHECK(ask("127.0.0.1", port, http::verb::get, "/api/v1/stream", kToken, {}, true).status == 101);
  CHECK(daemon.client(kToken).request("GET", "/api/v1/settings").status == 200);
  // The refused PATCH changed nothing.
  CHECK(Json::parse(
            daemon.client(kToken).request("GET", "/api/v1/settings").body)["cue"]["refractory_s"] ==
        1.0);

  // One line for the block, however many requests it refused.
  const std::string line =
      "control API: " + tablet + " sent 3 wrong tokens within 3600 s: refused (429) for 3600 s";
  INFO(daemon.log());
  CHECK(count_of(daemon.log(), line) == 1);
  CHECK(count_of(daemon.log(), "wrong tokens within") == 1);
  CHECK(daemon.stop() == 0);
}
