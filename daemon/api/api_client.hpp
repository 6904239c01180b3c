// A small synchronous client of the control API, for `stridecue ctl` and the tests. Speaks
// plain HTTP/1.1 and WebSocket to http://HOST:PORT (no TLS: the API is for loopback and the
// clinic's own network, see docs/api.md).
#pragma once

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace stridecue {

struct ApiUrl {
  std::string host;
  std::string port;
  std::string text;  // as given, for messages
};

// "http://127.0.0.1:7878", "127.0.0.1:7878" or "localhost" (port 7878); a trailing "/api/v1/"
// (as the daemon logs its URL) is taken too. Throws
// std::invalid_argument naming what is wrong (https, a path, a bad port).
ApiUrl parse_api_url(std::string_view url);

// Nothing answered at the URL: "no daemon at http://127.0.0.1:7878: connection refused".
class DaemonUnreachable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The daemon took the connection but did not answer in time: "the daemon at … did not
// answer GET /api/v1/status within 10000 ms".
class ApiTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ApiResponse {
  int status = 0;
  std::string body;
};

class ApiClient {
 public:
  // `timeout` bounds each wait: connecting, one request's whole exchange, the stream's
  // handshake, and a silent stream's answer to a ping.
  static constexpr std::chrono::milliseconds kDefaultTimeout{10000};
  ApiClient(ApiUrl url, std::string token, std::chrono::milliseconds timeout = kDefaultTimeout);

  // One request on a fresh connection. `body` is sent as `content_type`, which every request
  // but a GET or HEAD carries, with a body or without.
  // Throws DaemonUnreachable when the connection fails, ApiTimeout when the answer does not
  // come in time, std::runtime_error on a broken reply.
  ApiResponse request(std::string_view method, std::string_view path, std::string_view body = {},
                      std::string_view content_type = "application/json") const;

  // Opens the event stream and calls `on_event` with each message until it returns false or
  // the server closes. Returns {101, close reason} for a stream that ran, or the server's
  // refusal ({401, body} …). Throws DaemonUnreachable when the connection fails, ApiTimeout
  // when the handshake does not finish in time or the stream goes silent (unanswered ping).
  ApiResponse stream(std::string_view path,
                     const std::function<bool(const std::string&)>& on_event) const;

 private:
  ApiUrl url_;
  std::string token_;
  std::chrono::milliseconds timeout_;
};

}  // namespace stridecue
