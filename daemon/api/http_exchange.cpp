#include "api/http_exchange.hpp"

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

void exchange(const HttpRequest& request, std::string_view local_address,
              const ServerOptions& options, ControlHandler& handler,
              std::function<void(RoutedReply)> done) {
  const std::string_view content_type = to_std(request[http::field::content_type]);
  const RequestFacts facts{to_std(request.method_string()),
                           header(request, http::field::host),
                           header(request, http::field::origin),
                           header(request, http::field::authorization),
                           content_type,
                           local_address,
                           is_route(to_std(request.method_string()), to_std(request.target()))};
  if (auto refusal = refuse_request(facts, options)) {
    RoutedReply refused;
    refused.reply = std::move(*refusal);
    return done(std::move(refused));
  }
  route_request(
      {to_std(request.method_string()), to_std(request.target()), content_type, request.body()},
      handler, std::move(done));
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

HttpResponse make_response(const ApiReply& reply, const std::string& allow, unsigned version,
                           bool keep_alive) {
  HttpResponse response;
  response.result(static_cast<unsigned>(reply.status));
  response.version(version == 10 ? 10 : 11);
  response.set(http::field::server, "stridecue");
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  if (reply.status == 401) response.set(http::field::www_authenticate, "Bearer");
  if (reply.status == 426) response.set(http::field::upgrade, "websocket");
  if (reply.status == 503) response.set(http::field::retry_after, "1");
  if (!allow.empty()) response.set(http::field::allow, allow);
  response.keep_alive(keep_alive);
  response.body() = json_text(reply.body);
  response.prepare_payload();
  return response;
}

}  // namespace stridecue::api_internal
