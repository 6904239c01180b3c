// Wrong tokens per client address (guess_limiter.hpp), on a clock the test moves: the count, the
// block and its end, loopback, IPv6 by /64, the bounded table. Then the same through exchange(),
// the function every request of the server passes: what is refused with 429, what is counted,
// and what is not.
#include <utility>  // before Boost (std::exchange under g++ 12 / C++20)

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "api/fake_handler.hpp"
#include "api/guess_limiter.hpp"
#include "api/http_exchange.hpp"

using namespace stridecue;
using namespace stridecue::api_internal;
using namespace std::chrono_literals;

namespace {

// A steady clock that moves only when told.
struct TestClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
  GuessLimiter::Clock clock() {
    return [this] { return now; };
  }
};

GuessLimits limits(int max_wrong, std::chrono::milliseconds window) {
  GuessLimits l;
  l.max_wrong = max_wrong;
  l.window = window;
  return l;
}

}  // namespace

TEST_CASE("guesses: an address is refused for the window after N wrong tokens within it",
          "[api][guesses]") {
  TestClock t;
  GuessLimiter limiter(limits(3, 60s), t.clock());
  CHECK_FALSE(limiter.wait_before_next("10.0.0.7"));
  CHECK_FALSE(limiter.count_wrong("10.0.0.7"));
  t.now += 10s;
  CHECK_FALSE(limiter.count_wrong("10.0.0.7"));
  CHECK_FALSE(limiter.wait_before_next("10.0.0.7"));
  t.now += 10s;
  CHECK(limiter.count_wrong("10.0.0.7"));  // the third: this one blocks
  CHECK(limiter.wait_before_next("10.0.0.7") == 60s);
  CHECK_FALSE(limiter.wait_before_next("10.0.0.8"));  // only that address
  t.now += 59'500ms;
  CHECK(limiter.wait_before_next("10.0.0.7") == 1s);  // rounded up, never 0
  t.now += 500ms;
  CHECK_FALSE(limiter.wait_before_next("10.0.0.7"));
  // After the block, a fresh count: two more are not enough.
  CHECK_FALSE(limiter.count_wrong("10.0.0.7"));
  CHECK_FALSE(limiter.count_wrong("10.0.0.7"));
  CHECK_FALSE(limiter.wait_before_next("10.0.0.7"));
  CHECK(limiter.count_wrong("10.0.0.7"));
  CHECK(limiter.wait_before_next("10.0.0.7") == 60s);
}

TEST_CASE("guesses: wrong tokens further apart than the window never block", "[api][guesses]") {
  TestClock t;
  GuessLimiter limiter(limits(3, 60s), t.clock());
  for (int i = 0; i < 20; ++i) {
    CHECK_FALSE(limiter.count_wrong("192.168.1.40"));
    CHECK_FALSE(limiter.wait_before_next("192.168.1.40"));
    t.now += i % 2 == 0 ? 1s : 60s;  // two in a window, then the window passes
  }
}

TEST_CASE("guesses: loopback is never counted nor refused", "[api][guesses]") {
  TestClock t;
  GuessLimiter limiter(limits(1, 60s), t.clock());
  for (const char* address : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    INFO(address);
    for (int i = 0; i < 5; ++i)
      CHECK_FALSE(limiter.count_wrong(address));
    CHECK_FALSE(limiter.wait_before_next(address));
  }
  // Nor is text that is no address (a connection whose peer is already gone).
  CHECK_FALSE(limiter.count_wrong(""));
  CHECK_FALSE(limiter.wait_before_next(""));
}

TEST_CASE("guesses: IPv6 counts by /64, IPv4-mapped IPv6 as IPv4", "[api][guesses]") {
  TestClock t;
  GuessLimiter limiter(limits(2, 60s), t.clock());
  CHECK_FALSE(limiter.count_wrong("2001:db8:1:2::1"));
  CHECK(limiter.count_wrong("2001:db8:1:2:ffff:ffff:ffff:fffe"));  // the same /64
  CHECK(limiter.wait_before_next("2001:db8:1:2::77"));
  CHECK_FALSE(limiter.wait_before_next("2001:db8:1:3::1"));
  CHECK(GuessLimiter::counted_as("2001:db8:1:2::1") == "2001:db8:1:2::/64");

  CHECK_FALSE(limiter.count_wrong("::ffff:10.0.0.9"));
  CHECK(limiter.count_wrong("10.0.0.9"));
  CHECK(limiter.wait_before_next("::ffff:10.0.0.9"));
  CHECK(GuessLimiter::counted_as("::ffff:10.0.0.9") == "10.0.0.9");
  // A v4-mapped key is not some IPv6 /64's.
  CHECK_FALSE(limiter.wait_before_next("::"));
}

TEST_CASE("guesses: the table is bounded, idle addresses make room first, a block stays",
          "[api][guesses]") {
  TestClock t;
  GuessLimiter limiter(limits(2, 60s), t.clock());
  const auto address = [](std::size_t i) {
    return "10.1." + std::to_string(i / 256) + "." + std::to_string(i % 256);
  };
  // One blocked address, then a table full of addresses with one wrong token each.
  limiter.count_wrong("172.16.0.1");
  REQUIRE(limiter.count_wrong("172.16.0.1"));
  for (std::size_t i = 0; i + 1 < GuessLimiter::kAddresses; ++i) {
    t.now += 1ms;
    limiter.count_wrong(address(i));
  }
  // The table is full: one more address takes the place of the oldest one still counting
  // (address 0), never the blocked one.
  t.now += 1ms;
  CHECK_FALSE(limiter.count_wrong("10.9.9.9"));
  CHECK(limiter.wait_before_next("172.16.0.1"));
  CHECK(limiter.count_wrong(address(1)));        // its count was kept: the second blocks
  CHECK_FALSE(limiter.count_wrong(address(0)));  // its first wrong token was forgotten
  CHECK(limiter.wait_before_next("172.16.0.1"));

  // Once every window has passed, each new address reuses an idle entry: the blocked one's
  // block has ended too, and nothing old is held against anyone.
  t.now += 61s;
  for (std::size_t i = 0; i < 3 * GuessLimiter::kAddresses; ++i)
    CHECK_FALSE(
        limiter.count_wrong("10.2." + std::to_string(i / 256) + "." + std::to_string(i % 256)));
  CHECK_FALSE(limiter.wait_before_next("172.16.0.1"));
  CHECK_FALSE(limiter.wait_before_next(address(1)));
}

TEST_CASE("guesses: a full table of blocked addresses gives up its oldest block",
          "[api][guesses]") {
  TestClock t;
  GuessLimiter limiter(limits(1, 60s), t.clock());
  for (std::size_t i = 0; i < GuessLimiter::kAddresses; ++i) {
    t.now += 1ms;
    REQUIRE(limiter.count_wrong("10.3." + std::to_string(i / 256) + "." + std::to_string(i % 256)));
  }
  t.now += 1ms;
  CHECK(limiter.count_wrong("10.4.0.1"));
  CHECK(limiter.wait_before_next("10.4.0.1"));
  CHECK_FALSE(limiter.wait_before_next("10.3.0.0"));  // the oldest
  CHECK(limiter.wait_before_next("10.3.0.1"));
}

namespace {

const char* const kToken = "right-token-7f3a";

// One request through exchange(), as HttpSession runs it, from `client` to 10.0.0.1.
struct Exchanged {
  RoutedReply routed;
  HttpResponse response;
};

class Exchanger {
 public:
  Exchanger() : limiter_(limits(3, 60s), clock_.clock()) {
    options_.token = kToken;
    options_.log = [this](const std::string& line) { log.push_back(line); };
  }

  Exchanged send(const std::string& client, http::verb method, const std::string& target,
                 const std::string& authorization = {}, const std::string& body = {},
                 const std::string& cookie = {}) {
    HttpRequest request{method, target, 11};
    request.set(http::field::host, "10.0.0.1:7878");
    if (!authorization.empty()) request.set(http::field::authorization, authorization);
    if (!cookie.empty()) request.set(http::field::cookie, cookie);
    if (!body.empty()) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
      request.prepare_payload();
    }
    Exchanged out;
    bool answered = false;
    exchange(request, {"10.0.0.1", client}, options_, {logins_, limiter_}, handler,
             [&](RoutedReply routed) {
               answered = true;
               out.routed = std::move(routed);
             });
    REQUIRE(answered);
    out.response = make_response(out.routed.reply, out.routed.allow, 11, true);
    return out;
  }
  int status(const std::string& client, const std::string& token) {
    return send(client, http::verb::get, "/api/v1/status", "Bearer " + token).routed.reply.status;
  }

  TestClock clock_;
  test::FakeHandler handler;
  std::vector<std::string> log;

 private:
  ServerOptions options_;
  LoginSessions logins_;
  GuessLimiter limiter_;
};

}  // namespace

TEST_CASE(
    "guesses: through exchange(), N wrong tokens get the address a 429 with Retry-After, "
    "whatever it sends, until the window passes",
    "[api][guesses]") {
  Exchanger x;
  const std::string tablet = "10.0.0.42";
  // A login with the right token first: its cookie must not get past the block either.
  const Exchanged login = x.send(tablet, http::verb::post, "/api/v1/login", {},
                                 std::string(R"({"token":")") + kToken + "\"}");
  REQUIRE(login.routed.reply.status == 200);
  const std::string cookie = login.routed.set_cookie.substr(0, login.routed.set_cookie.find(';'));

  CHECK(x.status(tablet, "guess-1") == 401);
  CHECK(x.send(tablet, http::verb::post, "/api/v1/login", {}, R"({"token":"guess-2"})")
            .routed.reply.status == 401);
  CHECK(x.log.empty());
  // The third, on the stream's upgrade.
  CHECK(x.send(tablet, http::verb::get, "/api/v1/stream", "Bearer guess-3").routed.reply.status ==
        401);
  REQUIRE(x.log.size() == 1);
  CHECK(x.log[0] ==
        "control API: 10.0.0.42 sent 3 wrong tokens within 60 s: refused (429) for 60 s");

  const std::size_t handled = x.handler.calls().size();
  const Exchanged refused =
      x.send(tablet, http::verb::get, "/api/v1/status", "Bearer " + std::string(kToken));
  CHECK(refused.routed.reply.status == 429);
  CHECK(refused.response[http::field::retry_after] == "60");
  CHECK(refused.routed.reply.body["retry_after_s"] == 60);
  CHECK(refused.routed.reply.body["error"] ==
        "too many wrong tokens from 10.0.0.42: refused for 60 s more, whatever the token");
  x.clock_.now += 30s;
  const Exchanged later = x.send(tablet, http::verb::post, "/api/v1/login", {},
                                 std::string(R"({"token":")") + kToken + "\"}");
  CHECK(later.routed.reply.status == 429);
  CHECK(later.routed.set_cookie.empty());
  CHECK(later.response[http::field::retry_after] == "30");
  CHECK(x.send(tablet, http::verb::get, "/api/v1/status", {}, {}, cookie).routed.reply.status ==
        429);
  CHECK(x.send(tablet, http::verb::get, "/api/v1/stream", "Bearer " + std::string(kToken))
            .routed.reply.status == 429);
  CHECK(x.handler.calls().size() == handled);  // nothing reached the daemon
  CHECK(x.log.size() == 1);                    // once per block, not per refusal

  // The console's own page is no secret: served, so that its login can show the 429.
  CHECK(x.send(tablet, http::verb::get, "/").routed.page);
  // Another address, and loopback, are not refused.
  CHECK(x.status("10.0.0.43", kToken) == 200);
  CHECK(x.status("127.0.0.1", kToken) == 200);

  x.clock_.now += 30s;
  CHECK(x.status(tablet, kToken) == 200);
  CHECK(x.send(tablet, http::verb::get, "/api/v1/status", {}, {}, cookie).routed.reply.status ==
        200);
}

TEST_CASE("guesses: through exchange(), what is not a wrong token is not counted",
          "[api][guesses]") {
  Exchanger x;
  const std::string tablet = "10.0.0.50";
  for (int i = 0; i < 10; ++i) {
    // No Authorization header: a browser before its login guesses nothing.
    CHECK(x.send(tablet, http::verb::get, "/api/v1/status").routed.reply.status == 401);
    // A stale session cookie (the daemon restarted): 256 random bits nobody guesses.
    CHECK(x.send(tablet, http::verb::get, "/api/v1/status", {}, {},
                 "stridecue_session=" + std::string(64, '0'))
              .routed.reply.status == 401);
    // A login without a token is a malformed request, not a guess.
    CHECK(x.send(tablet, http::verb::post, "/api/v1/login", {}, R"({"user":"x"})")
              .routed.reply.status == 422);
  }
  CHECK(x.status(tablet, kToken) == 200);
  // Loopback may be wrong any number of times.
  for (int i = 0; i < 10; ++i)
    CHECK(x.status("127.0.0.1", "wrong") == 401);
  CHECK(x.status("127.0.0.1", kToken) == 200);
  CHECK(x.log.empty());
}
