// Who may ask, as a function of the headers (request_checks.hpp), and the token's comparison.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "api/bearer_token.hpp"
#include "api/request_checks.hpp"

using namespace stridecue;

namespace {

int status_of(const RequestFacts& facts, const ServerOptions& options = {}) {
  const auto refusal = refuse_request(facts, options);
  return refusal ? refusal->status : 0;
}

RequestFacts get_from(std::string_view host) {
  RequestFacts f;
  f.method = "GET";
  f.host = host;
  f.local_address = "127.0.0.1";
  return f;
}

}  // namespace

TEST_CASE("checks: Host must name this daemon, with any port", "[api][checks]") {
  for (const char* host : {"localhost", "localhost:1", "127.0.0.1", "127.0.0.1:7878", "[::1]",
                           "[::1]:65535", "LocalHost:80"}) {
    INFO(host);
    CHECK(status_of(get_from(host)) == 0);
  }
  for (const char* host : {"attacker.example", "attacker.example:7922", "localhost.evil:80",
                           "127.0.0.1:", "127.0.0.1:http", "::1", "[::1", "", "127.0.0.2"}) {
    INFO(host);
    CHECK(status_of(get_from(host)) == 403);
  }
  RequestFacts none = get_from("x");
  none.host.reset();
  CHECK(status_of(none) == 403);

  // A tablet on the clinic's network names the address it connected to, or the configured one.
  ServerOptions remote;
  remote.address = "0.0.0.0";
  remote.token = "t";
  RequestFacts tablet = get_from("10.0.0.5:7878");
  tablet.authorization = "Bearer t";
  tablet.local_address = "10.0.0.5";
  CHECK(status_of(tablet, remote) == 0);
  tablet.host = "0.0.0.0:7878";  // where it listens is not a name
  CHECK(status_of(tablet, remote) == 403);
  ServerOptions configured;
  configured.address = "192.168.1.20";
  CHECK(status_of(get_from("192.168.1.20:7878"), configured) == 0);
  RequestFacts v6 = get_from("[fe80::1]:7878");
  v6.local_address = "fe80::1";
  CHECK(status_of(v6) == 0);
}

TEST_CASE("checks: an Origin, when sent, must be a page on one of those hosts", "[api][checks]") {
  RequestFacts f = get_from("127.0.0.1:7878");
  for (const char* origin : {"http://localhost", "https://localhost:8443", "http://127.0.0.1:5173",
                             "http://[::1]:3000"}) {
    INFO(origin);
    f.origin = origin;
    CHECK(status_of(f) == 0);
  }
  for (const char* origin : {"http://evil.example", "null", "file://", "http://localhost/app",
                             "ws://localhost", "http://localhost.evil.example", "", "http://"}) {
    INFO(origin);
    f.origin = origin;
    CHECK(status_of(f) == 403);
  }
}

TEST_CASE("checks: a change without the JSON type is refused unless the token came",
          "[api][checks]") {
  RequestFacts f = get_from("127.0.0.1");
  f.method = "POST";
  CHECK(status_of(f) == 415);
  f.content_type = "text/plain";
  CHECK(status_of(f) == 415);
  f.content_type = "multipart/form-data; boundary=x";
  CHECK(status_of(f) == 415);
  f.content_type = " Application/JSON ; charset=utf-8";
  CHECK(status_of(f) == 0);
  f.method = "PATCH";
  f.content_type = "";
  CHECK(status_of(f) == 415);
  f.method = "HEAD";
  CHECK(status_of(f) == 0);

  ServerOptions with_token;
  with_token.token = "s3cret";
  f.method = "POST";
  CHECK(status_of(f, with_token) == 401);  // the token is asked for first
  f.authorization = "Bearer s3cret";
  CHECK(status_of(f, with_token) == 0);
}

TEST_CASE("checks: the token is compared whole at every length", "[api][checks][auth]") {
  const std::string token = "correct-horse";
  CHECK(bearer_token_accepted("Bearer correct-horse", token));
  CHECK(bearer_token_accepted("", ""));  // no token configured: anyone
  CHECK(bearer_token_accepted("Bearer anything", ""));
  for (const std::string& given :
       std::vector<std::string>{"", "c", "correct-hors", "correct-horsf", "correct-horse ",
                                "correct-horsecorrect-horse", "Correct-horse", "xorrect-horse",
                                std::string(4096, 'c'), std::string("correct-horse\0", 14)}) {
    INFO(given.size());
    CHECK_FALSE(bearer_token_accepted("Bearer " + given, token));
  }
  CHECK_FALSE(bearer_token_accepted("bearer correct-horse", token));
  CHECK_FALSE(bearer_token_accepted("Basic correct-horse", token));
  // A one-character token, given repeated: the cyclic read must not make that a match.
  CHECK_FALSE(bearer_token_accepted("Bearer aaaa", "a"));
  CHECK(bearer_token_accepted("Bearer a", "a"));
}
