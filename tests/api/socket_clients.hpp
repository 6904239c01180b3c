// Blocking test clients for the control server: a raw HTTP connection that sends exactly the
// bytes a test gives it, and a WebSocket stream client. Reads block: a server that fails to
// answer is caught by the CTest timeout (tests.cmake).
#pragma once

#include <utility>  // before Boost (std::exchange under g++ 12 / C++20)

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/control_server.hpp"

namespace stridecue::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

// Waits for a condition another thread makes true; the bound only stops a broken test.
inline bool eventually(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

inline tcp::socket connected_socket(net::io_context& ioc, std::uint16_t port,
                                    int receive_buffer = 0) {
  tcp::socket socket(ioc);
  socket.open(tcp::v4());
  if (receive_buffer > 0) socket.set_option(net::socket_base::receive_buffer_size(receive_buffer));
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  return socket;
}

struct RawResponse {
  int status = 0;
  std::string body;
  http::response<http::string_body> message;
};

class RawHttp {
 public:
  explicit RawHttp(std::uint16_t port) : socket_(connected_socket(ioc_, port)) {}

  void send(const std::string& bytes) { net::write(socket_, net::buffer(bytes)); }

  RawResponse receive() {
    RawResponse r;
    http::read(socket_, buffer_, r.message);
    r.status = static_cast<int>(r.message.result_int());
    r.body = r.message.body();
    return r;
  }

  // None when the server closed (or reset) the connection without a complete response.
  std::optional<RawResponse> try_receive() {
    RawResponse r;
    beast::error_code ec;
    http::read(socket_, buffer_, r.message, ec);
    if (ec) return std::nullopt;
    r.status = static_cast<int>(r.message.result_int());
    r.body = r.message.body();
    return r;
  }

  RawResponse exchange(const std::string& bytes) {
    send(bytes);
    return receive();
  }

  // True when the server closed the connection (end of stream or reset); data is skipped.
  bool closed_by_server() {
    std::array<char, 256> scratch{};
    beast::error_code ec;
    for (;;) {
      socket_.read_some(net::buffer(scratch), ec);
      if (ec) return ec == net::error::eof || ec == net::error::connection_reset;
    }
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// Requests as a local client sends them: Host names the loopback address it connected to.
inline std::string get(const std::string& path, const std::string& extra_headers = {}) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

inline std::string with_body(const std::string& method, const std::string& path,
                             const std::string& content_type, const std::string& body,
                             const std::string& extra_headers = {}) {
  return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" +
         body;
}

class StreamClient {
 public:
  // `origin`: the Origin header a browser would send (none: a local program).
  explicit StreamClient(std::uint16_t port, int receive_buffer = 0, const std::string& token = {},
                        const std::string& origin = {})
      : ws_(connected_socket(ioc_, port, receive_buffer)) {
    ws_.set_option(websocket::stream_base::decorator([token, origin](websocket::request_type& req) {
      if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
      if (!origin.empty()) req.set(http::field::origin, origin);
    }));
    ws_.handshake(refusal_, "127.0.0.1", "/api/v1/stream");
  }

  // A handshake the server declined throws; this is its answer.
  const websocket::response_type& handshake_response() const { return refusal_; }

  std::string read() {
    ws_.read(buffer_);
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    return text;
  }

  // Reads until the server closes; returns the messages read on the way.
  std::vector<std::string> read_until_closed() {
    std::vector<std::string> messages;
    for (;;) {
      beast::error_code ec;
      ws_.read(buffer_, ec);
      if (ec) {
        closed_ = ec == websocket::error::closed;
        return messages;
      }
      messages.push_back(beast::buffers_to_string(buffer_.data()));
      buffer_.consume(buffer_.size());
    }
  }

  bool closed_cleanly() const { return closed_; }
  websocket::close_reason reason() const { return ws_.reason(); }
  void close() { ws_.close(websocket::close_code::normal); }

 private:
  net::io_context ioc_;
  websocket::stream<tcp::socket> ws_;
  websocket::response_type refusal_;
  beast::flat_buffer buffer_;
  bool closed_ = false;
};

}  // namespace stridecue::test
