#include "api/http_exchange.hpp"

#include <fmt/format.h>

#include "api/api_error.hpp"
#include "api/request_checks.hpp"

namespace stridecue::api_internal {
namespace {

std::optional<std::string_view> header(const HttpRequest& request, http::field field) {
  const auto it = request.find(field);
  if (it == request.end()) return std::nullopt;
  return to_std(it->value());
}

}  // namespace

void prepare_parser(http::request_parser<http::string_body>& parser, const ServerOptions& options) {
  parser.header_limit(kHeaderLimit);
  // Checked against Content-Length as soon as the header is in: an oversized body is refused
  // before it is read.
  parser.body_limit(options.max_request_bytes);
}

void exchange(const HttpRequest& request, const Peer& peer, const ServerOptions& options,
              Credentials credentials, ControlHandler& handler,
              std::function<void(RoutedReply)> done) {
  const std::string_view method = to_std(request.method_string());
  const std::string_view target = to_std(request.target());
  const std::string_view content_type = to_std(request[http::field::content_type]);
  RequestFacts facts{method,
                     header(request, http::field::host),
                     header(request, http::field::origin),
                     header(request, http::field::authorization),
                     content_type,
                     peer.local_address,
                     is_route(method, target),
                     {},
                     {}};
  // The console's own files hold no data and need no token: served even to an address that is
  // refused, so that its login page can say why.
  if (method == "GET" && !facts.reaches_route) {
    if (const auto name = console_file_name(target)) {
      RoutedReply page;
      if (auto refusal = refuse_page_request(facts, options)) {
        page.reply = std::move(*refusal);
      } else {
        const std::string dir =
            options.console_dir.empty() ? default_console_dir() : options.console_dir;
        page.page = read_console_file(dir, *name);
      }
      return done(std::move(page));
    }
  }
  // Before any secret is compared, the session cookie's included: a refused address learns
  // nothing more, not even whether its next guess was right.
  if (const auto wait = credentials.guesses.wait_before_next(peer.client_address)) {
    RoutedReply refused;
    refused.reply = api_error(
        429, "too many wrong tokens from " + GuessLimiter::counted_as(peer.client_address) +
                 ": refused for " + std::to_string(wait->count()) + " s more, whatever the token");
    refused.reply.body["retry_after_s"] = wait->count();
    return done(std::move(refused));
  }
  const auto count_wrong_token = [&] {
    if (!credentials.guesses.count_wrong(peer.client_address)) return;
    const GuessLimits& limits = credentials.guesses.limits();
    // Once per block, not per refused request: a flood of guesses is one line in the log.
    const double window_s = static_cast<double>(limits.window.count()) / 1000.0;
    const std::string line = fmt::format(
        "control API: {} sent {} wrong tokens within {} s: refused (429) for {} s",
        GuessLimiter::counted_as(peer.client_address), limits.max_wrong, window_s, window_s);
    if (options.log)
      options.log(line);
    else
      fmt::print(stderr, "{}\n", line);
  };
  if (const LoginSession* session = credentials.logins.find(header(request, http::field::cookie))) {
    facts.session_csrf = session->csrf;
    const auto csrf = request.find(to_beast(kCsrfHeader));
    if (csrf != request.end()) facts.csrf_header = to_std(csrf->value());
  }
  if (method == "POST" && is_login_path(target)) {
    RoutedReply login;
    if (auto refusal = refuse_page_request(facts, options)) {
      login.reply = std::move(*refusal);
    } else {
      LoginReply in = log_in(content_type, request.body(), options, credentials.logins);
      if (in.reply.status == 401) count_wrong_token();
      login.reply = std::move(in.reply);
      login.set_cookie = std::move(in.set_cookie);
    }
    return done(std::move(login));
  }
  if (auto refusal = refuse_request(facts, options)) {
    // A 401 with an Authorization header is a wrong token; one without is a client that did not
    // know it needed one (a browser before its login), which guesses nothing.
    if (refusal->status == 401 && facts.authorization) count_wrong_token();
    RoutedReply refused;
    refused.reply = std::move(*refusal);
    return done(std::move(refused));
  }
  route_request({method, target, content_type, request.body()}, handler, std::move(done));
}

std::optional<ApiReply> reply_to_read_error(beast::error_code ec, const ServerOptions& options) {
  if (ec == http::error::body_limit)
    return api_error(413, "the request body is over the limit of " +
                              std::to_string(options.max_request_bytes) + " bytes");
  if (ec == http::error::header_limit)
    return api_error(
        431, "the request header is over the limit of " + std::to_string(kHeaderLimit) + " bytes");
  if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return api_error(400, "malformed HTTP request: " + ec.message());
  return std::nullopt;
}

HttpResponse make_page_response(const ConsoleFile& page, unsigned version, bool keep_alive) {
  HttpResponse response;
  response.result(static_cast<unsigned>(page.status));
  response.version(version == 10 ? 10 : 11);
  response.set(http::field::server, "stridecue");
  response.set(http::field::content_type, page.content_type);
  // Reloaded after an update of the daemon, never a stale script against a newer API.
  response.set(http::field::cache_control, "no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  // Only this daemon's own files and API; no other site may frame the page (clickjacking).
  response.set("Content-Security-Policy",
               "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
               "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  response.set("Referrer-Policy", "no-referrer");
  response.keep_alive(keep_alive);
  response.body() = page.bytes;
  response.prepare_payload();
  return response;
}

HttpResponse make_document_response(const ApiDocument& document, unsigned version,
                                    bool keep_alive) {
  HttpResponse response;
  response.result(http::status::ok);
  response.version(version == 10 ? 10 : 11);
  response.set(http::field::server, "stridecue");
  response.set(http::field::content_type, document.content_type);
  // A runner's health data: kept by no cache on the way, nor by the browser's.
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  // The file name is ours ("session-3.pdf"), but it is quoted as RFC 6266 asks all the same.
  std::string name;
  for (const char c : document.filename)
    if (c != '"' && c != '\\' && static_cast<unsigned char>(c) >= 0x20) name += c;
  response.set(
      http::field::content_disposition,
      std::string(document.attachment ? "attachment" : "inline") + "; filename=\"" + name + "\"");
  // An SVG or HTML report opened in a tab is a page of this origin: it may show its own inline
  // images and styles, and do nothing else (no script, no request, no frame, no form).
  response.set("Content-Security-Policy",
               "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
               "frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  response.set("Referrer-Policy", "no-referrer");
  response.keep_alive(keep_alive);
  response.body() = document.bytes;
  response.prepare_payload();
  return response;
}

HttpResponse make_response(const ApiReply& reply, const std::string& allow, unsigned version,
                           bool keep_alive, const std::string& set_cookie) {
  if (reply.document) return make_document_response(*reply.document, version, keep_alive);
  HttpResponse response;
  response.result(static_cast<unsigned>(reply.status));
  response.version(version == 10 ? 10 : 11);
  response.set(http::field::server, "stridecue");
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  if (reply.status == 401) response.set(http::field::www_authenticate, "Bearer");
  if (reply.status == 426) response.set(http::field::upgrade, "websocket");
  if (reply.status == 503) response.set(http::field::retry_after, "1");
  // A refused address is told when to come back, in the header and in the body.
  if (reply.status == 429 && reply.body.is_object() && reply.body.contains("retry_after_s"))
    response.set(http::field::retry_after, reply.body["retry_after_s"].dump());
  if (!allow.empty()) response.set(http::field::allow, allow);
  if (!set_cookie.empty()) response.set(http::field::set_cookie, set_cookie);
  response.keep_alive(keep_alive);
  response.body() = json_text(reply.body);
  response.prepare_payload();
  return response;
}

}  // namespace stridecue::api_internal
