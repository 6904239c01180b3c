#include "net/event_stream.hpp"

#include <utility>  // before Boost: Asio's awaitable.hpp needs std::exchange under g++ 12 / C++20

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>

namespace stridecue::overlay {

// Beast straight from Boost, as any client of the API would: the daemon's api/beast.hpp belongs
// to the server's internals (tests/layers/include_matrix.txt).
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {
constexpr auto poll_interval = std::chrono::milliseconds(100);  // how soon a stop is seen
constexpr auto connect_timeout = std::chrono::seconds(5);
constexpr const char* stream_path = "/api/v1/stream";

std::string host_header(const ApiUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
}
}  // namespace

EventStream::EventStream(ApiUrl url, std::string token, Mailbox<NetMessage>& mailbox,
                         Backoff backoff)
    : url_(std::move(url)),
      token_(std::move(token)),
      mailbox_(mailbox),
      backoff_(backoff),
      thread_([this] { run(); }) {}

EventStream::~EventStream() {
  {
    std::lock_guard lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  thread_.join();
}

bool EventStream::wait(double seconds) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, std::chrono::duration<double>(seconds),
                         [this] { return stop_.load(); });
}

void EventStream::run() {
  double delay = 0.0;
  while (!stop_.load()) {
    bool refused = false;
    const std::size_t before = connections_.load();
    const std::string why = run_once(refused);
    if (stop_.load()) break;
    delay = connections_.load() > before ? backoff_.first_s : backoff_.next(delay);
    NetMessage m;
    m.kind = NetMessage::Kind::link;
    m.link = refused ? LinkState::refused : LinkState::waiting_for_daemon;
    m.text = why;
    m.retry_in_s = delay;
    mailbox_.push(std::move(m));
    if (!wait(delay)) break;
  }
}

std::string EventStream::run_once(bool& refused) {
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  websocket::stream<beast::tcp_stream> ws(ioc);
  websocket::response_type refusal;
  beast::flat_buffer buffer;
  std::string ended;  // set by the handler that ends the connection
  const std::string url_text = url_.text;

  ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set(http::field::user_agent, "stridecue-overlay");
    if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
  }));

  std::function<void()> read_next = [&] {
    ws.async_read(buffer, [&](beast::error_code ec, std::size_t) {
      if (ec == websocket::error::closed) {
        const auto& reason = ws.reason();
        ended = "the daemon closed the stream: " + std::to_string(reason.code) + " " +
                std::string(reason.reason.c_str());
        return;
      }
      if (ec) {
        ended = "the stream broke: " + ec.message();
        return;
      }
      NetMessage m;
      m.kind = NetMessage::Kind::stream_text;
      m.text = beast::buffers_to_string(buffer.data());
      buffer.consume(buffer.size());
      mailbox_.push(std::move(m));
      read_next();
    });
  };

  resolver.async_resolve(
      url_.host, url_.port, [&](beast::error_code ec, tcp::resolver::results_type results) {
        if (ec) {
          ended = ec.message();
          return;
        }
        beast::get_lowest_layer(ws).expires_after(connect_timeout);
        beast::get_lowest_layer(ws).async_connect(results, [&](beast::error_code ec2,
                                                               tcp::endpoint) {
          if (ec2) {
            ended = ec2.message();
            return;
          }
          ws.async_handshake(refusal, host_header(url_), stream_path, [&](beast::error_code ec3) {
            if (ec3 == websocket::error::upgrade_declined) {
              refused = true;
              ended = std::to_string(refusal.result_int()) + " " + refusal.body();
              return;
            }
            if (ec3) {
              ended = ec3.message();
              return;
            }
            // From here the stream may be silent for long (a source waiting for its device):
            // no idle timeout; the view says when data stop.
            beast::get_lowest_layer(ws).expires_never();
            ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            connections_.fetch_add(1);
            NetMessage m;
            m.kind = NetMessage::Kind::link;
            m.link = LinkState::connected;
            mailbox_.push(std::move(m));
            read_next();
          });
        });
      });

  while (!ioc.stopped()) {
    ioc.run_for(poll_interval);
    if (stop_.load()) {
      // Only this thread runs `ioc`, so closing here races with no handler.
      beast::error_code ignored;
      beast::get_lowest_layer(ws).socket().close(ignored);
      ioc.restart();
      ioc.run();
      return "stopped";
    }
  }
  if (!ended.empty() && ended[0] >= 'A' && ended[0] <= 'Z')
    ended[0] = static_cast<char>(ended[0] - 'A' + 'a');
  return ended;
}

}  // namespace stridecue::overlay
