// One HTTP request to its reply, without the socket: the checks of request_checks.hpp, the
// router, and the response as written on the wire. HttpSession runs every request through
// these, and so does the fuzz harness (tests/fuzz/fuzz_http_requests.cpp), so that what is
// fuzzed is what serves. Internal to daemon/api.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/beast.hpp"
#include "api/guess_limiter.hpp"
#include "api/login_sessions.hpp"
#include "api/router.hpp"
#include "api/server_options.hpp"

namespace stridecue::api_internal {

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// The request header over this is refused with a 431.
inline constexpr std::size_t kHeaderLimit = 8 * 1024;

// A parser for the next request, with the server's size limits.
void prepare_parser(http::request_parser<http::string_body>& parser, const ServerOptions& options);

// The two ends of the connection a request came on, as IP literals ("10.0.0.5", "::1").
struct Peer {
  std::string_view local_address;   // what the client connected to: a Host it may name
  std::string_view client_address;  // who it is: what wrong tokens are counted against
};

// What the checks remember from one request to the next: the console's signed-in browsers and
// the wrong tokens each address sent.
struct Credentials {
  LoginSessions& logins;
  GuessLimiter& guesses;
};

// Checks `request` (an address refused for wrong tokens, the token, Host, Origin, content type)
// and routes it. `done` is called exactly once: at once for a refusal or a read, else whenever
// the handler replies (any thread).
void exchange(const HttpRequest& request, const Peer& peer, const ServerOptions& options,
              Credentials credentials, ControlHandler& handler,
              std::function<void(RoutedReply)> done);

// The answer to a request that could not be read (too big, not HTTP), or none when there is
// nobody to answer (the client went away, or timed out before sending anything).
std::optional<ApiReply> reply_to_read_error(beast::error_code ec, const ServerOptions& options);

// A file of the web console as sent: its own type, not cached without asking, not framed by
// other sites.
HttpResponse make_page_response(const ConsoleFile& page, unsigned version, bool keep_alive);

// A document (a report) as sent: its type, inline or as an attachment with its file name, kept
// by no cache. make_response sends one when the reply holds it.
HttpResponse make_document_response(const ApiDocument& document, unsigned version, bool keep_alive);

// The response as sent: JSON body (never throwing, whatever bytes it holds), status-specific
// headers (WWW-Authenticate, Upgrade, Allow, Retry-After).
HttpResponse make_response(const ApiReply& reply, const std::string& allow, unsigned version,
                           bool keep_alive, const std::string& set_cookie = {});

}  // namespace stridecue::api_internal
