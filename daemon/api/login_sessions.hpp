// The web console's login (docs/console.md): a browser cannot attach the bearer token to its
// WebSocket or keep it out of the page's reach, so it trades the token once for a session
// cookie (HttpOnly: no script reads it; SameSite=Strict: another site's page does not send it)
// and a CSRF token, which the console's script sends in X-CSRF-Token with every change. A
// request from another site carries neither: the cookie stays home and the CSRF token is only
// in the console's own page. Sessions live in the daemon's memory: a restart signs everyone out.
// Touched on the server thread only.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "api/control_handler.hpp"
#include "api/server_options.hpp"

namespace stridecue {

inline constexpr std::string_view kLoginPath = "/api/v1/login";
inline constexpr std::string_view kSessionCookie = "stridecue_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

struct LoginSession {
  std::string cookie;  // the cookie's value: 32 random bytes as hex
  std::string csrf;    // the same, another draw
};

class LoginSessions {
 public:
  // The signed-in browsers kept; the oldest is signed out when one more signs in.
  static constexpr std::size_t kMaxSessions = 64;

  const LoginSession& open();
  // The session whose cookie the Cookie header carries, or none.
  const LoginSession* find(std::optional<std::string_view> cookie_header) const;

 private:
  std::deque<LoginSession> sessions_;
};

// Whether `target` (any query string aside, a trailing '/' too) is the login path.
bool is_login_path(std::string_view target);

struct LoginReply {
  ApiReply reply;
  std::string set_cookie;  // the Set-Cookie header's value; empty when refused
};

// POST /api/v1/login with {"token": "..."}: 200 {"csrf": "..."} and the cookie for the
// configured token; 401 for another; 409 when the daemon has no token (nothing to sign in to);
// 415/400/422 for a body that is not a JSON object with a string "token". The caller has
// checked Host and Origin.
LoginReply log_in(std::string_view content_type, std::string_view body,
                  const ServerOptions& options, LoginSessions& sessions);

}  // namespace stridecue
