// Who may ask: the checks every request passes before it is routed, the WebSocket upgrade
// included. A web page in the runner's browser can send requests to 127.0.0.1 too, so on a
// loopback API without a token the daemon must tell a local client from a page of another site
// (docs/api.md, "Auth"):
//   - the token, when one is configured (401), or the console's session cookie, with its CSRF
//     token on a change (403);
//   - Host must name this daemon: localhost, 127.0.0.1, [::1], the configured address or the
//     address the client connected to, with any port. A DNS-rebinding page reaches 127.0.0.1
//     under its own name, and its Host says so (403);
//   - Origin, when present (browsers send it on cross-site requests and on every WebSocket
//     handshake), must be a page on one of those hosts (403);
//   - a change (any method but GET and HEAD) must say Content-Type: application/json unless the
//     token was given: a cross-site form or "simple" POST cannot (415).
// Pure functions of the request's headers: tested without sockets.
#pragma once

#include <optional>
#include <string_view>

#include "api/control_handler.hpp"
#include "api/server_options.hpp"

namespace stridecue {

struct RequestFacts {
  std::string_view method;
  std::optional<std::string_view> host;
  std::optional<std::string_view> origin;
  std::optional<std::string_view> authorization;
  std::string_view content_type;
  // The IP address the client connected to, as text ("10.0.0.5", "::1"); empty if unknown.
  std::string_view local_address;
  // Whether the method and path name a route: only a change that reaches a handler must prove
  // it is JSON; any other method or path is answered 405 or 404 by the router, unchanged.
  bool reaches_route = true;
  // The web console's login (login_sessions.hpp): the CSRF token of the session the request's
  // cookie names (none without a session cookie), and the X-CSRF-Token header it sent. A
  // session stands in for the bearer token; a change needs its CSRF token too (403).
  std::optional<std::string_view> session_csrf;
  std::optional<std::string_view> csrf_header;
};

// The refusal, or none when the request may be routed.
std::optional<ApiReply> refuse_request(const RequestFacts& request, const ServerOptions& options);

// The refusal of a GET of one of the web console's static files, or none. They hold no data, so
// they need no token (the login page is one of them), but Host and Origin are checked as for
// the API: a DNS-rebinding page is told 403 here too.
std::optional<ApiReply> refuse_page_request(const RequestFacts& request,
                                            const ServerOptions& options);

// "application/json", with any parameters ("; charset=utf-8") and in any case.
bool is_json_media_type(std::string_view content_type);

}  // namespace stridecue
