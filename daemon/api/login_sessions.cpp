#include "api/login_sessions.hpp"

#include <algorithm>
#include <array>
#include <random>

#include "api/api_error.hpp"
#include "api/bearer_token.hpp"
#include "api/request_checks.hpp"

namespace stridecue {
namespace {

// 32 bytes from the kernel's random source (std::random_device reads getrandom on Linux).
std::string random_hex() {
  std::random_device source;
  constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 8; ++i) {
    const unsigned word = source();
    for (int nibble = 0; nibble < 8; ++nibble)
      out += kDigits[(word >> (nibble * 4)) & 0xF];
  }
  return out;
}

// "a=1; stridecue_session=ab12; b=2" → "ab12".
std::optional<std::string_view> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

}  // namespace

const LoginSession& LoginSessions::open() {
  if (sessions_.size() == kMaxSessions) sessions_.pop_front();
  sessions_.push_back({random_hex(), random_hex()});
  return sessions_.back();
}

const LoginSession* LoginSessions::find(std::optional<std::string_view> cookie_header) const {
  if (!cookie_header) return nullptr;
  const auto value = cookie_value(*cookie_header, kSessionCookie);
  if (!value) return nullptr;
  // Every session compared in full: how long it takes says nothing of which one came close.
  const LoginSession* found = nullptr;
  for (const auto& s : sessions_)
    if (same_secret(*value, s.cookie)) found = &s;
  return found;
}

bool is_login_path(std::string_view target) {
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path == kLoginPath;
}

LoginReply log_in(std::string_view content_type, std::string_view body,
                  const ServerOptions& options, LoginSessions& sessions) {
  if (options.token.empty())
    return {api_error(409, "this daemon has no api.token: the console needs no login here"), {}};
  // A cross-site form cannot send JSON: a login cannot be forced on a browser from elsewhere.
  if (!is_json_media_type(content_type))
    return {api_error(415, "POST /api/v1/login must be sent as Content-Type: application/json"),
            {}};
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    return {api_error(400, "POST /api/v1/login needs a JSON object: {\"token\": \"...\"}"), {}};
  const auto token = parsed.find("token");
  if (token == parsed.end() || !token->is_string())
    return {
        api_error(422, "the login needs \"token\": the daemon's api.token, as a string", "token"),
        {}};
  if (!same_secret(token->get_ref<const std::string&>(), options.token))
    return {api_error(401, "wrong token"), {}};
  const LoginSession& session = sessions.open();
  return {
      {200, {{"csrf", session.csrf}}},
      std::string(kSessionCookie) + "=" + session.cookie + "; Path=/; HttpOnly; SameSite=Strict"};
}

}  // namespace stridecue
