#include "api/http_session.hpp"

#include <chrono>
#include <string>

#include "api/api_error.hpp"
#include "api/lingering_close.hpp"
#include "api/stream_session.hpp"

namespace stridecue::api_internal {

HttpSession::HttpSession(tcp::socket socket, ServerState& state)
    : stream_(std::move(socket)), state_(state), deadline_(state.ioc), reply_timer_(state.ioc) {
  beast::error_code ec;
  const auto local = stream_.socket().local_endpoint(ec);
  if (!ec) local_address_ = local.address().to_string();
  const auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) client_address_ = remote.address().to_string();
}

HttpSession::~HttpSession() {
  state_.remove_client(this);
}

void HttpSession::start() {
  state_.add_client(shared_from_this());
  read_request();
}

void HttpSession::shut_down() {
  deadline_.cancel();
  reply_timer_.cancel();
  beast::error_code ec;
  stream_.socket().close(ec);  // pending reads and writes end with operation_aborted
}

void HttpSession::arm_deadline(Reading phase, std::chrono::milliseconds after) {
  reading_ = phase;
  const std::uint64_t seq = ++deadline_seq_;
  deadline_.expires_after(after);
  deadline_.async_wait([self = shared_from_this(), seq](beast::error_code ec) {
    // A deadline re-armed or disarmed since is not this one, even if it had already expired.
    if (ec || seq != self->deadline_seq_) return;
    self->timed_out_ = true;
    beast::error_code ignored;
    self->stream_.socket().cancel(ignored);  // the read ends with operation_aborted
  });
}

void HttpSession::disarm_deadline() {
  ++deadline_seq_;
  deadline_.cancel();
}

void HttpSession::read_request() {
  parser_.emplace();
  prepare_parser(*parser_, state_.options);
  timed_out_ = false;
  stream_.expires_never();
  arm_deadline(Reading::header, state_.options.header_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
}

void HttpSession::on_header(beast::error_code ec) {
  if (ec) return on_read_failed(ec);
  if (parser_->is_done()) return on_body(ec);
  arm_deadline(Reading::body, state_.options.body_timeout);
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code body_ec, std::size_t) {
                     self->on_body(body_ec);
                   });
}

void HttpSession::on_body(beast::error_code ec) {
  if (ec) return on_read_failed(ec);
  disarm_deadline();
  state_.requests.fetch_add(1);
  answer(parser_->get());
}

void HttpSession::on_read_failed(beast::error_code ec) {
  disarm_deadline();
  if (timed_out_) {
    // A keep-alive connection that stayed idle: closed without a word, as HTTP expects.
    if (reading_ == Reading::header && !parser_->got_some() && buffer_.size() == 0) return finish();
    const bool header = reading_ == Reading::header;
    const auto limit = header ? state_.options.header_timeout : state_.options.body_timeout;
    return send(
        api_error(408, std::string("the request ") + (header ? "header" : "body") +
                           " did not arrive within " + std::to_string(limit.count()) + " ms"),
        false);
  }
  if (ec == http::error::end_of_stream || ec == net::error::operation_aborted) return finish();
  if (const auto reply = reply_to_read_error(ec, state_.options)) return send(*reply, false);
  finish();  // reset by the client, or the like: nobody to answer
}

void HttpSession::answer(const HttpRequest& request) {
  const bool keep_alive = request.keep_alive();
  const std::uint64_t seq = ++request_seq_;
  awaiting_ = seq;
  const bool upgrade = websocket::is_upgrade(request);
  // The handler may answer from another thread: the reply comes back through the server's
  // io_context. Only a weak reference crosses: the timer below keeps this session alive.
  std::weak_ptr<HttpSession> weak = shared_from_this();
  auto replies = state_.replies;
  exchange(request, {local_address_, client_address_}, state_.options,
           {state_.logins, state_.guesses}, state_.handler,
           [weak, replies, seq, keep_alive, upgrade](RoutedReply routed) {
             replies->post([weak, seq, keep_alive, upgrade, routed = std::move(routed)] {
               if (auto self = weak.lock())
                 self->on_routed(seq, keep_alive, upgrade, std::move(routed));
             });
           });
  const bool report = is_report_route(to_std(request.method_string()), to_std(request.target()));
  reply_timer_.expires_after(report ? state_.options.report_timeout : state_.options.reply_timeout);
  reply_timer_.async_wait(
      [self = shared_from_this(), seq, keep_alive, report](beast::error_code ec) {
        if (!ec) self->on_reply_late(seq, keep_alive, report);
      });
}

void HttpSession::on_routed(std::uint64_t seq, bool keep_alive, bool upgrade, RoutedReply routed) {
  if (seq != awaiting_ || !stream_.socket().is_open()) return;  // answered 504 already, or gone
  awaiting_ = 0;
  reply_timer_.cancel();
  // Only a request that passed every check reaches the stream route with a 426 waiting.
  if (routed.stream_route && upgrade && routed.reply.status == 426) return upgrade_to_stream();
  if (routed.page) return send_page(*routed.page, keep_alive);
  send(routed.reply, keep_alive, routed.allow, routed.set_cookie);
}

void HttpSession::send_page(const ConsoleFile& page, bool keep_alive) {
  response_ = make_page_response(page, parser_->get().version(), keep_alive && !state_.stopping);
  stream_.expires_after(state_.options.body_timeout);
  http::async_write(stream_, response_,
                    [self = shared_from_this(), keep = response_.keep_alive()](
                        beast::error_code ec, std::size_t) { self->on_written(keep, ec); });
}

void HttpSession::on_reply_late(std::uint64_t seq, bool keep_alive, bool report) {
  if (seq != awaiting_ || !stream_.socket().is_open()) return;
  awaiting_ = 0;
  if (report) {
    return send(api_error(504, "the report was not drawn within " +
                                   std::to_string(state_.options.report_timeout.count()) +
                                   " ms (reports are drawn one at a time); ask again"),
                keep_alive);
  }
  const auto ms = state_.options.reply_timeout.count();
  send(api_error(504, "the daemon did not acknowledge the request within " + std::to_string(ms) +
                          " ms; it may still take effect (see GET /api/v1/status and the event "
                          "stream)"),
       keep_alive);
}

void HttpSession::send(const ApiReply& reply, bool keep_alive, const std::string& allow,
                       const std::string& set_cookie) {
  response_ = make_response(reply, allow, parser_->get().version(), keep_alive && !state_.stopping,
                            set_cookie);
  stream_.expires_after(state_.options.body_timeout);
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
