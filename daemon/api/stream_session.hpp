// One WebSocket client of the event stream. Each has its own bounded queue: broadcasting never
// waits on its socket, and a client that falls a whole queue behind is disconnected with close
// code 1008 instead of slowing the others. Internal to daemon/api.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include "api/beast.hpp"
#include "api/server_state.hpp"

namespace stridecue::api_internal {

class StreamSession : public Connection, public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(tcp::socket socket, ServerState& state);
  ~StreamSession() override;

  // Completes the upgrade; once accepted the client gets a "hello" and then every broadcast.
  void start(http::request<http::string_body> upgrade_request);
  void send(std::shared_ptr<const std::string> message);
  void shut_down() override;

 private:
  void on_accepted(beast::error_code ec);
  void read_next();
  void write_next();
  void close_with(websocket::close_code code, const std::string& reason);
  void cut();

  websocket::stream<beast::tcp_stream> ws_;
  ServerState& state_;
  beast::flat_buffer inbox_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::shared_ptr<const std::string> writing_;  // the message Beast is writing now
  bool closing_ = false;
  net::steady_timer close_deadline_;
};

}  // namespace stridecue::api_internal
