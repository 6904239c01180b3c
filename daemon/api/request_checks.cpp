#include "api/request_checks.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "api/api_error.hpp"
#include "api/bearer_token.hpp"
#include "api/login_sessions.hpp"

namespace stridecue {
namespace {

bool same_letters(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.size() <= 5 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// "127.0.0.1:7878" → "127.0.0.1", "[::1]:7878" → "[::1]", "localhost" → "localhost"; none when
// the port is not a number or an IPv6 address has no brackets.
std::optional<std::string_view> host_name(std::string_view authority) {
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (!rest.starts_with(':')) return std::nullopt;
      port = rest.substr(1);
      if (!all_digits(port)) return std::nullopt;
    }
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (!all_digits(port)) return std::nullopt;
  }
  if (host.empty()) return std::nullopt;
  return host;
}

// An address as a Host header writes it: IPv6 literals in brackets.
std::string as_host(std::string_view address) {
  if (address.find(':') != std::string_view::npos) return "[" + std::string(address) + "]";
  return std::string(address);
}

std::vector<std::string> allowed_hosts(const RequestFacts& request, const ServerOptions& options) {
  std::vector<std::string> hosts{"localhost", "127.0.0.1", "[::1]"};
  const auto add = [&hosts](std::string_view address) {
    // 0.0.0.0 and :: are where the daemon listens, not a name a client uses.
    if (address.empty() || address == "0.0.0.0" || address == "::") return;
    std::string host = as_host(address);
    if (std::none_of(hosts.begin(), hosts.end(),
                     [&](const std::string& h) { return same_letters(h, host); }))
      hosts.push_back(std::move(host));
  };
  add(options.address);
  add(request.local_address);
  return hosts;
}

bool is_allowed(std::string_view host, const std::vector<std::string>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return same_letters(a, host); });
}

std::string listed(const std::vector<std::string>& hosts) {
  std::string out;
  for (std::size_t i = 0; i < hosts.size(); ++i)
    out += (i == 0 ? "" : i + 1 == hosts.size() ? " or " : ", ") + hosts[i];
  return out;
}

std::optional<ApiReply> refuse_host(const RequestFacts& request,
                                    const std::vector<std::string>& allowed) {
  if (!request.host || request.host->empty())
    return api_error(
        403, "no Host header: say which host you asked for (" + listed(allowed) + ", any port)");
  const auto host = host_name(*request.host);
  if (host && is_allowed(*host, allowed)) return std::nullopt;
  return api_error(403, "Host \"" + shown_bytes(*request.host) +
                            "\" is not this daemon: the API answers to " + listed(allowed) +
                            " (any port), so that a web page under another name cannot reach "
                            "it (DNS rebinding)");
}

std::optional<ApiReply> refuse_origin(const RequestFacts& request,
                                      const std::vector<std::string>& allowed) {
  if (!request.origin) return std::nullopt;
  std::string_view origin = *request.origin;
  const auto refused = [&] {
    return api_error(403, "Origin \"" + shown_bytes(*request.origin) +
                              "\" is refused: only pages served from " + listed(allowed) +
                              " may call the API from a browser");
  };
  std::string_view authority;
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (origin.size() > scheme.size() && same_letters(origin.substr(0, scheme.size()), scheme)) {
      authority = origin.substr(scheme.size());
      break;
    }
  }
  if (authority.empty() || authority.find('/') != std::string_view::npos) return refused();
  const auto host = host_name(authority);
  if (!host || !is_allowed(*host, allowed)) return refused();
  return std::nullopt;
}

bool is_read(std::string_view method) {
  return method == "GET" || method == "HEAD";
}

}  // namespace

bool is_json_media_type(std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t'))
    media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t'))
    media.remove_prefix(1);
  return same_letters(media, "application/json");
}

std::optional<ApiReply> refuse_page_request(const RequestFacts& request,
                                            const ServerOptions& options) {
  const std::vector<std::string> allowed = allowed_hosts(request, options);
  if (auto refusal = refuse_host(request, allowed)) return refusal;
  return refuse_origin(request, allowed);
}

std::optional<ApiReply> refuse_request(const RequestFacts& request, const ServerOptions& options) {
  if (request.session_csrf && !request.authorization) {
    // Signed in on the console: the browser sends the cookie to any page's request, so a change
    // must also carry the token only the console's own script holds.
    if (!is_read(request.method) &&
        !same_secret(request.csrf_header.value_or(std::string_view{}), *request.session_csrf))
      return api_error(403, std::string(request.csrf_header ? "wrong " : "missing ") +
                                std::string(kCsrfHeader) +
                                " header: a change from a signed-in browser carries the token "
                                "its login answered");
  } else if (!bearer_token_accepted(request.authorization.value_or(std::string_view{}),
                                    options.token)) {
    return api_error(401, request.authorization
                              ? "wrong bearer token"
                              : "missing \"Authorization: Bearer <token>\" header");
  }
  const std::vector<std::string> allowed = allowed_hosts(request, options);
  if (auto refusal = refuse_host(request, allowed)) return refusal;
  if (auto refusal = refuse_origin(request, allowed)) return refusal;
  // With a token configured every request has shown it by now: a browser page cannot.
  if (options.token.empty() && request.reaches_route && !is_read(request.method) &&
      !is_json_media_type(request.content_type)) {
    const std::string got = request.content_type.empty()
                                ? std::string("no Content-Type")
                                : "Content-Type " + shown_bytes(request.content_type);
    return api_error(415, "a " + shown_bytes(request.method) +
                              " must be sent as Content-Type: application/json (even without a "
                              "body), got " +
                              got + ": a form on a web page cannot send that");
  }
  return std::nullopt;
}

}  // namespace stridecue
