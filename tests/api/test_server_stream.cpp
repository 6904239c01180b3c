// The WebSocket event stream: hello, broadcasts in order from any thread, slow clients cut off
// without holding up the others, limits, and stop() with clients connected.
#include <catch2/catch.hpp>

#include <thread>

#include "api/control_server.hpp"
#include "fake_handler.hpp"
#include "socket_clients.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

std::string event(const std::string& source, int seq, std::size_t padding = 0) {
  return Json{
      {"type", "stride"}, {"source", source}, {"seq", seq}, {"pad", std::string(padding, 'x')}}
      .dump();
}

}  // namespace

TEST_CASE("stream: clients get a hello, then every broadcast in order", "[api][stream]") {
  FakeHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  StreamClient a(server.port());
  StreamClient b(server.port());
  for (StreamClient* client : {&a, &b}) {
    const Json hello = Json::parse(client->read());
    CHECK(hello["type"] == "hello");
    CHECK(hello["status"]["strides"] == 42);
  }
  CHECK(server.counters().stream_clients == 2);

  // Two producers at once: each one's events arrive in the order it sent them.
  constexpr int kEach = 100;  // 2 × 100 + hello fits the default queue of 256
  std::thread first([&] {
    for (int i = 0; i < kEach; ++i)
      server.broadcast(event("first", i));
  });
  std::thread second([&] {
    for (int i = 0; i < kEach; ++i)
      server.broadcast(event("second", i));
  });
  first.join();
  second.join();

  for (StreamClient* client : {&a, &b}) {
    int next_first = 0;
    int next_second = 0;
    for (int n = 0; n < 2 * kEach; ++n) {
      const Json e = Json::parse(client->read());
      int& next = e["source"] == "first" ? next_first : next_second;
      CHECK(e["seq"] == next);
      ++next;
    }
    CHECK(next_first == kEach);
    CHECK(next_second == kEach);
  }
  CHECK(eventually([&] { return server.counters().messages_sent == 2 * (2 * kEach + 1); }));
  CHECK(server.counters().clients_dropped == 0);

  a.close();
  REQUIRE(eventually([&] { return server.counters().stream_clients == 1; }));
  server.broadcast(event("after", 0));
  CHECK(Json::parse(b.read())["source"] == "after");
}

TEST_CASE("stream: a client that never reads is cut off and nobody waits for it", "[api][stream]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.stream_queue_limit = 8;
  options.close_grace = std::chrono::seconds(60);  // the test drains it before the cut
  ControlServer server(options, handler);
  server.start();
  StreamClient stuck(server.port(), 4096);  // small receive buffer: fills sooner
  StreamClient reader(server.port());
  REQUIRE(Json::parse(reader.read())["type"] == "hello");
  REQUIRE(eventually([&] { return server.counters().stream_clients == 2; }));

  // Each event is read by `reader` before the next is sent: the stuck client's queue fills
  // while the reader's never holds more than one, so only the stuck one may be dropped.
  constexpr std::size_t kPadding = 64 * 1024;
  constexpr int kLimit = 4000;  // 256 MB: far more than any socket buffers hold
  int sent = 0;
  while (sent < kLimit && server.counters().clients_dropped == 0) {
    INFO("events sent: " << sent << ", dropped " << server.counters().clients_dropped
                         << ", written " << server.counters().messages_sent);
    server.broadcast(event("live", sent, kPadding));
    CHECK(Json::parse(reader.read())["seq"] == sent);
    ++sent;
  }
  REQUIRE(server.counters().clients_dropped == 1);
  REQUIRE(eventually([&] { return server.counters().stream_clients == 1; }));

  // Later events still reach the reader, in order: a burst that fits its queue.
  constexpr int kBurst = 6;
  for (int i = 0; i < kBurst; ++i)
    server.broadcast(event("later", i));
  for (int i = 0; i < kBurst; ++i) {
    const Json e = Json::parse(reader.read());
    CHECK(e["source"] == "later");
    CHECK(e["seq"] == i);
  }

  // The stuck client finds a prefix of the events, in order, then close code 1008.
  const auto got = stuck.read_until_closed();
  REQUIRE(got.size() >= 2);
  CHECK(Json::parse(got.front())["type"] == "hello");
  for (std::size_t i = 1; i < got.size(); ++i)
    CHECK(Json::parse(got[i])["seq"] == static_cast<int>(i - 1));
  CHECK(static_cast<int>(got.size() - 1) < sent);
  CHECK(stuck.closed_cleanly());
  CHECK(stuck.reason().code == static_cast<std::uint16_t>(websocket::close_code::policy_error));
  CHECK_THAT(std::string(stuck.reason().reason.c_str()), Catch::Contains("too slow"));
  INFO("events sent before the drop: " << sent << ", the stuck client had " << got.size() - 1);
}

TEST_CASE("stream: stream clients count against max_clients", "[api][stream]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.max_clients = 1;
  ControlServer server(options, handler);
  server.start();
  StreamClient only(server.port());
  REQUIRE(Json::parse(only.read())["type"] == "hello");
  CHECK_THROWS(StreamClient(server.port()));  // answered 503 instead of 101
  CHECK(server.counters().connections_refused == 1);
  CHECK(server.counters().stream_clients == 1);
}

TEST_CASE("stream: stop() returns with clients connected, and tells them", "[api][stream]") {
  FakeHandler handler;
  ServerOptions options = loopback_options();
  options.close_grace = std::chrono::milliseconds(200);
  ControlServer server(options, handler);
  server.start();
  StreamClient listener(server.port());  // reads nothing until the server has stopped
  RawHttp idle(server.port());
  REQUIRE(idle.exchange(get("/api/v1/status")).status == 200);
  REQUIRE(eventually([&] { return server.counters().stream_clients == 1; }));

  server.stop();
  server.stop();  // twice is harmless

  const auto got = listener.read_until_closed();
  REQUIRE(got.size() == 1);
  CHECK(Json::parse(got[0])["type"] == "hello");
  CHECK(listener.reason().code == static_cast<std::uint16_t>(websocket::close_code::going_away));
  CHECK(idle.closed_by_server());
  server.broadcast(event("ignored", 0));  // after stop: a no-op, not a crash
}
