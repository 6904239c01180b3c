#include "api/http_session.hpp"

#include <chrono>
#include <string>

#include "api/api_error.hpp"
#include "api/bearer_token.hpp"
#include "api/lingering_close.hpp"
#include "api/stream_session.hpp"

namespace stridecue::api_internal {
namespace {

constexpr std::size_t kHeaderLimit = 8 * 1024;

}  // namespace

HttpSession::HttpSession(tcp::socket socket, ServerState& state)
    : stream_(std::move(socket)), state_(state), reply_timer_(state.ioc) {}

HttpSession::~HttpSession() {
  state_.remove_client(this);
}

void HttpSession::start() {
  state_.add_client(shared_from_this());
  read_request();
}

void HttpSession::shut_down() {
  reply_timer_.cancel();
  beast::error_code ec;
  stream_.socket().close(ec);  // pending reads and writes end with operation_aborted
}

void HttpSession::read_request() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  // Checked against Content-Length as soon as the header is in: an oversized body is refused
  // before it is read.
  parser_->body_limit(state_.options.max_request_bytes);
  stream_.expires_after(state_.options.request_timeout);
  http::async_read(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void HttpSession::on_read(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted) return finish();
  // A slow or idle client: the stream has closed the socket already, there is no one to tell.
  if (ec == beast::error::timeout) return finish();
  if (ec == http::error::body_limit)
    return send(413,
                api_error(413, "the request body is over the limit of " +
                                   std::to_string(state_.options.max_request_bytes) + " bytes")
                    .body,
                false);
  if (ec == http::error::header_limit)
    return send(431,
                api_error(431, "the request header is over the limit of " +
                                   std::to_string(kHeaderLimit) + " bytes")
                    .body,
                false);
  if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
    return send(400, api_error(400, "malformed HTTP request: " + ec.message()).body, false);
  if (ec) return finish();  // reset by the client, or the like: nobody to answer

  state_.requests.fetch_add(1);
  answer(parser_->get());
}

void HttpSession::answer(const Request& request) {
  const bool keep_alive = request.keep_alive();
  if (!bearer_token_accepted(to_std(request[http::field::authorization]), state_.options.token)) {
    const bool had_header = request.find(http::field::authorization) != request.end();
    return send(401,
                api_error(401, had_header ? "wrong bearer token"
                                          : "missing \"Authorization: Bearer <token>\" header")
                    .body,
                keep_alive);
  }
  const std::uint64_t seq = ++request_seq_;
  awaiting_ = seq;
  const bool upgrade = websocket::is_upgrade(request);
  // The handler may answer from another thread: the reply comes back through the server's
  // io_context. Only a weak reference crosses: the timer below keeps this session alive.
  std::weak_ptr<HttpSession> weak = shared_from_this();
  auto replies = state_.replies;
  route_request({to_std(request.method_string()), to_std(request.target()),
                 to_std(request[http::field::content_type]), request.body()},
                state_.handler, [weak, replies, seq, keep_alive, upgrade](RoutedReply routed) {
                  replies->post([weak, seq, keep_alive, upgrade, routed = std::move(routed)] {
                    if (auto self = weak.lock())
                      self->on_routed(seq, keep_alive, upgrade, std::move(routed));
                  });
                });
  reply_timer_.expires_after(state_.options.reply_timeout);
  reply_timer_.async_wait([self = shared_from_this(), seq, keep_alive](beast::error_code ec) {
    if (!ec) self->on_reply_late(seq, keep_alive);
  });
}

void HttpSession::on_routed(std::uint64_t seq, bool keep_alive, bool upgrade, RoutedReply routed) {
  if (seq != awaiting_ || !stream_.socket().is_open()) return;  // answered 504 already, or gone
  awaiting_ = 0;
  reply_timer_.cancel();
  if (routed.stream_route && upgrade) return upgrade_to_stream();
  send(routed.reply.status, routed.reply.body, keep_alive, routed.allow);
}

void HttpSession::on_reply_late(std::uint64_t seq, bool keep_alive) {
  if (seq != awaiting_ || !stream_.socket().is_open()) return;
  awaiting_ = 0;
  const auto ms = state_.options.reply_timeout.count();
  send(504,
       api_error(504, "the daemon did not acknowledge the request within " + std::to_string(ms) +
                          " ms; it may still take effect (see GET /api/v1/status and the event "
                          "stream)")
           .body,
       keep_alive);
}

void HttpSession::send(int status, const nlohmann::json& body, bool keep_alive,
                       const std::string& allow) {
  response_ = Response{};
  response_.result(static_cast<unsigned>(status));
  response_.version(parser_->get().version() == 10 ? 10 : 11);
  response_.set(http::field::server, "stridecue");
  response_.set(http::field::content_type, "application/json");
  response_.set(http::field::cache_control, "no-store");
  if (status == 401) response_.set(http::field::www_authenticate, "Bearer");
  if (status == 426) response_.set(http::field::upgrade, "websocket");
  if (!allow.empty()) response_.set(http::field::allow, allow);
  response_.keep_alive(keep_alive && !state_.stopping);
  response_.body() = body.dump();
  response_.prepare_payload();
  stream_.expires_after(state_.options.request_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep = response_.keep_alive()](
                        beast::error_code ec, std::size_t) { self->on_written(keep, ec); });
}

void HttpSession::on_written(bool keep_alive, beast::error_code ec) {
  if (ec || !keep_alive) return finish();
  read_request();
}

void HttpSession::upgrade_to_stream() {
  stream_.expires_never();
  auto request = parser_->release();
  std::make_shared<StreamSession>(stream_.release_socket(), state_)->start(std::move(request));
}

void HttpSession::finish() {
  if (!stream_.socket().is_open()) return;
  stream_.expires_never();
  close_lingering(stream_.release_socket(), state_);
}

}  // namespace stridecue::api_internal
