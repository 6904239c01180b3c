// One HTTP connection to the control API: reads requests with size limits and a deadline for
// the header and another for the body, runs each through exchange() (checks, router), keeps the
// connection alive between requests, and hands the socket to a StreamSession on a WebSocket
// upgrade. Internal to daemon/api.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "api/beast.hpp"
#include "api/http_exchange.hpp"
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
  enum class Reading { header, body };

  void read_request();
  void on_header(beast::error_code ec);
  void on_body(beast::error_code ec);
  void on_read_failed(beast::error_code ec);
  void arm_deadline(Reading phase, std::chrono::milliseconds after);
  void disarm_deadline();
  void answer(const HttpRequest& request);
  // On the server thread: the router's reply to request number `seq`, now or later.
  void on_routed(std::uint64_t seq, bool keep_alive, bool upgrade, RoutedReply routed);
  // No reply in time: a 504 (`report`: a report that was not drawn in time).
  void on_reply_late(std::uint64_t seq, bool keep_alive, bool report);
  void send(const ApiReply& reply, bool keep_alive, const std::string& allow = {},
            const std::string& set_cookie = {});
  void send_page(const ConsoleFile& page, bool keep_alive);
  void on_written(bool keep_alive, beast::error_code ec);
  void upgrade_to_stream();
  void finish();

  beast::tcp_stream stream_;
  ServerState& state_;
  std::string local_address_;   // what the client connected to: a Host it may name
  std::string client_address_;  // who the client is: what its wrong tokens count against
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpResponse response_;
  // The header's and the body's deadlines (the stream's own timer would close the socket, and
  // the client could not be told why).
  net::steady_timer deadline_;
  std::uint64_t deadline_seq_ = 0;
  Reading reading_ = Reading::header;
  bool timed_out_ = false;
  // A change the daemon must acknowledge replies later; past this the client gets a 504.
  net::steady_timer reply_timer_;
  std::uint64_t request_seq_ = 0;
  std::uint64_t awaiting_ = 0;  // the request whose reply is outstanding; 0: none
};

}  // namespace stridecue::api_internal
