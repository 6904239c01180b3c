// One HTTP connection to the control API: reads requests with size and time limits, checks the
// token, routes them, keeps the connection alive between requests, and hands the socket to a
// StreamSession on a WebSocket upgrade. Internal to daemon/api.
#pragma once

#include <memory>
#include <optional>

#include "api/beast.hpp"
#include "api/router.hpp"
#include "api/server_state.hpp"

namespace stridecue::api_internal {

class HttpSession : public Connection, public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, ServerState& state);
  ~HttpSession() override;

  void start();
  void shut_down() override;

 private:
  using Request = http::request<http::string_body>;
  using Response = http::response<http::string_body>;

  void read_request();
  void on_read(beast::error_code ec);
  void answer(const Request& request);
  // On the server thread: the router's reply to request number `seq`, now or later.
  void on_routed(std::uint64_t seq, bool keep_alive, bool upgrade, RoutedReply routed);
  void on_reply_late(std::uint64_t seq, bool keep_alive);
  void send(int status, const nlohmann::json& body, bool keep_alive, const std::string& allow = {});
  void on_written(bool keep_alive, beast::error_code ec);
  void upgrade_to_stream();
  void finish();

  beast::tcp_stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response response_;
  // A change the daemon must acknowledge replies later; past this the client gets a 504.
  net::steady_timer reply_timer_;
  std::uint64_t request_seq_ = 0;
  std::uint64_t awaiting_ = 0;  // the request whose reply is outstanding; 0: none
};

}  // namespace stridecue::api_internal
