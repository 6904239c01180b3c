// ApiClient against daemons that take the connection and then say nothing: each wait ends
// after the client's timeout with ApiTimeout naming what did not come.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "api/api_client.hpp"
#include "api/beast.hpp"
#include "silent_listener.hpp"

using namespace stridecue;
using namespace stridecue::api_internal;
using namespace std::chrono_literals;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("API client: a request to a daemon that never answers times out", "[api][client]") {
  test::SilentListener wedged;
  const ApiClient client(parse_api_url(wedged.url()), "", 300ms);
  const auto start = std::chrono::steady_clock::now();
  REQUIRE_THROWS_MATCHES(
      client.request("GET", "/api/v1/status"), ApiTimeout,
      Catch::Matchers::Message("the daemon at " + wedged.url() +
                               " did not answer GET /api/v1/status within 300 ms"));
  // Not a wall-clock assertion on speed: only that it waited and then gave up.
  CHECK(seconds_since(start) >= 0.25);
}

TEST_CASE("API client: a stream whose handshake is never answered times out", "[api][client]") {
  test::SilentListener wedged;
  const ApiClient client(parse_api_url(wedged.url()), "", 300ms);
  bool called = false;
  REQUIRE_THROWS_MATCHES(client.stream("/api/v1/stream",
                                       [&](const std::string&) {
                                         called = true;
                                         return true;
                                       }),
                         ApiTimeout,
                         Catch::Matchers::Message("the daemon at " + wedged.url() +
                                                  " did not open the stream within 300 ms"));
  CHECK_FALSE(called);
}

TEST_CASE("API client: a stream that goes silent and ignores pings is given up",
          "[api][client][threads]") {
  // A WebSocket server that sends one event and then stops reading: it never answers the
  // client's ping, as a wedged daemon would not.
  net::io_context server_ioc;
  tcp::acceptor acceptor(server_ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  const auto port = acceptor.local_endpoint().port();
  std::atomic<bool> done{false};
  std::thread server([&] {
    tcp::socket socket(server_ioc);
    acceptor.accept(socket);
    websocket::stream<tcp::socket> ws(std::move(socket));
    ws.accept();
    ws.text(true);
    ws.write(net::buffer(std::string(R"({"type":"hello"})")));
    while (!done.load())
      std::this_thread::sleep_for(10ms);
  });
  const ApiClient client(parse_api_url("127.0.0.1:" + std::to_string(port)), "", 200ms);
  std::vector<std::string> events;
  CHECK_THROWS_MATCHES(client.stream("/api/v1/stream",
                                     [&](const std::string& event) {
                                       events.push_back(event);
                                       return true;
                                     }),
                       ApiTimeout, Catch::Matchers::Predicate<std::exception>([](const auto& e) {
                         return std::string(e.what()).find("went silent") != std::string::npos;
                       }));
  done.store(true);
  server.join();
  CHECK(events == std::vector<std::string>{R"({"type":"hello"})"});
}
