// Changes the daemon acknowledges later (a settings version the engine applies, a session the
// recorder begins): while one is pending, the server thread goes on serving other requests and
// the event stream; the reply is written when the handler's callback comes, from another
// thread, or as a 504 when it never comes.
#include <catch2/catch.hpp>

#include <mutex>
#include <thread>

#include "api/control_server.hpp"
#include "fake_handler.hpp"
#include "socket_clients.hpp"

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

namespace {

// Holds the PATCH and session start callbacks instead of answering: the test answers them.
class DeferringHandler : public FakeHandler {
 public:
  void patch_settings(const nlohmann::json&, ReplyCallback done) override { keep(std::move(done)); }
  void session_start(const nlohmann::json&, ReplyCallback done) override { keep(std::move(done)); }

  std::size_t waiting() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
  }
  ReplyCallback take() {
    std::lock_guard lock(mutex_);
    ReplyCallback done = std::move(pending_.front());
    pending_.erase(pending_.begin());
    return done;
  }

 private:
  void keep(ReplyCallback done) {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(done));
  }
  mutable std::mutex mutex_;
  std::vector<ReplyCallback> pending_;
};

}  // namespace

TEST_CASE("deferred: a pending PATCH and session start hold up no other client",
          "[api][deferred]") {
  DeferringHandler handler;
  ControlServer server(loopback_options(), handler);
  server.start();
  StreamClient stream(server.port());
  CHECK(Json::parse(stream.read())["type"] == "hello");

  RawHttp patch(server.port());
  patch.send(with_body("PATCH", "/api/v1/settings", "application/json", R"({"cue.x": 1})"));
  RawHttp start(server.port());
  start.send(with_body("POST", "/api/v1/session/start", "application/json", "{}"));
  REQUIRE(eventually([&] { return handler.waiting() == 2; }));

  // Both are waiting for the daemon: the server thread still answers everyone else.
  RawHttp other(server.port());
  for (int i = 0; i < 3; ++i) {
    const RawResponse status = other.exchange(get("/api/v1/status"));
    CHECK(status.status == 200);
    CHECK(Json::parse(status.body)["strides"] == 42);
  }
  server.broadcast(R"({"type":"stride","n":1})");
  CHECK(Json::parse(stream.read())["n"] == 1);
  CHECK(handler.waiting() == 2);

  // The acknowledgements come from another thread, in the other order.
  ReplyCallback patched = handler.take();
  ReplyCallback started = handler.take();
  std::thread daemon_side([&] {
    started({200, {{"session", 8}}});
    patched({200, {{"applied", true}}});
  });
  daemon_side.join();
  const RawResponse started_reply = start.receive();
  CHECK(started_reply.status == 200);
  CHECK(Json::parse(started_reply.body)["session"] == 8);
  const RawResponse patched_reply = patch.receive();
  CHECK(patched_reply.status == 200);
  CHECK(Json::parse(patched_reply.body)["applied"] == true);

  // The connections stay usable for the next request.
  CHECK(patch.exchange(get("/api/v1/settings")).status == 200);
}

TEST_CASE("deferred: a reply that never comes is a 504 and a late one is dropped",
          "[api][deferred]") {
  DeferringHandler handler;
  ServerOptions options = loopback_options();
  options.reply_timeout = std::chrono::milliseconds(200);
  ControlServer server(options, handler);
  server.start();
  RawHttp patch(server.port());
  const RawResponse late =
      patch.exchange(with_body("PATCH", "/api/v1/settings", "application/json", "{}"));
  CHECK(late.status == 504);
  const std::string message = Json::parse(late.body)["error"];
  CHECK_THAT(message, Catch::Contains("did not acknowledge") && Catch::Contains("200 ms"));

  // The acknowledgement after the 504 goes nowhere; the connection answers its next request.
  REQUIRE(handler.waiting() == 1);
  handler.take()({200, {{"applied", true}}});
  const RawResponse next = patch.exchange(get("/api/v1/status"));
  CHECK(next.status == 200);
  CHECK(Json::parse(next.body)["strides"] == 42);
}

TEST_CASE("deferred: a callback held past the server's end is harmless", "[api][deferred]") {
  DeferringHandler handler;
  {
    ControlServer server(loopback_options(), handler);
    server.start();
    RawHttp start(server.port());
    start.send(with_body("POST", "/api/v1/session/start", "application/json", "{}"));
    REQUIRE(eventually([&] { return handler.waiting() == 1; }));
  }
  // The server is gone (its io_context too); the daemon answering late must not touch it.
  handler.take()({200, {{"session", 9}}});
  SUCCEED("no crash, no use of the destroyed server");
}
