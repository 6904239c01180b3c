#include "api/stream_session.hpp"

#include <exception>

#include "api/api_error.hpp"
#include "events/api_events.hpp"

namespace stridecue::api_internal {

StreamSession::StreamSession(tcp::socket socket, ServerState& state)
    : ws_(std::move(socket)), state_(state), close_deadline_(ws_.get_executor()) {}

StreamSession::~StreamSession() {
  state_.remove_stream(this);
  state_.remove_client(this);
}

void StreamSession::start(http::request<http::string_body> upgrade_request) {
  state_.add_client(shared_from_this());
  // Pings an idle client and drops one that stops answering; Beast's own timer, not the TCP
  // stream's.
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "stridecue"); }));
  ws_.read_message_max(state_.options.max_request_bytes);
  ws_.async_accept(upgrade_request,
                   [self = shared_from_this()](beast::error_code ec) { self->on_accepted(ec); });
}

void StreamSession::on_accepted(beast::error_code ec) {
  if (ec) return cut();
  nlohmann::json hello{{"type", api_event::hello}, {"api", "v1"}};
  try {
    hello["status"] = state_.handler.status();
  } catch (const std::exception& e) {
    hello["status_error"] = e.what();
  }
  ws_.text(true);
  if (state_.stopping) return shut_down();
  // Registered before the hello is queued: a client holding its hello gets every later event.
  state_.add_stream(shared_from_this());
  send(std::make_shared<const std::string>(json_text(hello)));
  read_next();
}

// Clients have nothing to say; reading keeps control frames (ping, close) flowing.
void StreamSession::read_next() {
  ws_.async_read(inbox_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
    if (ec) return self->cut();
    self->inbox_.consume(self->inbox_.size());
    self->read_next();
  });
}

void StreamSession::send(std::shared_ptr<const std::string> message) {
  if (closing_) return;
  if (queue_.size() >= state_.options.stream_queue_limit) {
    state_.clients_dropped.fetch_add(1);
    return close_with(websocket::close_code::policy_error,
                      "too slow: " + std::to_string(queue_.size()) +
                          " events waiting; reconnect and read faster");
  }
  queue_.push_back(std::move(message));
  if (!writing_) write_next();
}

void StreamSession::write_next() {
  writing_ = std::move(queue_.front());
  queue_.pop_front();
  ws_.async_write(net::buffer(*writing_),
                  [self = shared_from_this()](beast::error_code ec, std::size_t) {
                    self->writing_.reset();
                    if (ec) return self->cut();
                    self->state_.messages_sent.fetch_add(1);
                    if (!self->closing_ && !self->queue_.empty()) self->write_next();
                  });
}

void StreamSession::shut_down() {
  close_with(websocket::close_code::going_away, "server stopping");
}

void StreamSession::close_with(websocket::close_code code, const std::string& reason) {
  if (closing_) return;
  closing_ = true;
  queue_.clear();
  state_.remove_stream(this);
  // Beast sends the close frame once the write in flight is done; a client that never reads
  // never lets it finish, so the socket is cut after the grace period.
  close_deadline_.expires_after(state_.options.close_grace);
  close_deadline_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (!ec) self->cut();
  });
  ws_.async_close(websocket::close_reason(code, reason),
                  [self = shared_from_this()](beast::error_code) { self->cut(); });
}

// The end, however it came: every pending operation fails, and the session goes with the last.
void StreamSession::cut() {
  closing_ = true;
  queue_.clear();
  state_.remove_stream(this);
  close_deadline_.cancel();
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

}  // namespace stridecue::api_internal
