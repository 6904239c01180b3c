// One HTTP connection to the control API: reads requests with size and time limits, checks the
// token, routes them, keeps the connection alive between requests, and hands the socket to a
// StreamSession on a WebSocket upgrade. Internal to daemon/api.
#pragma once

#include <memory>
#include <optional>

#include "api/beast.hpp"
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
  void send(int status, const nlohmann::json& body, bool keep_alive, const std::string& allow = {});
  void on_written(bool keep_alive, beast::error_code ec);
  void upgrade_to_stream();
  void finish();

  beast::tcp_stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response response_;
};

}  // namespace stridecue::api_internal
