#include "api/control_server.hpp"

#include <pthread.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>

#include "api/bearer_token.hpp"
#include "api/beast.hpp"
#include "api/http_session.hpp"
#include "api/lingering_close.hpp"
#include "api/server_state.hpp"
#include "api/stream_session.hpp"

namespace stridecue {

using namespace api_internal;

namespace {

std::shared_ptr<const std::string> busy_response(int max_clients) {
  const std::string body = R"({"error":"too many connections: the limit is )" +
                           std::to_string(max_clients) + R"(; try again later"})";
  return std::make_shared<const std::string>(
      "HTTP/1.1 503 Service Unavailable\r\nServer: stridecue\r\n"
      "Content-Type: application/json\r\nRetry-After: 1\r\nConnection: close\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
}

}  // namespace

struct ControlServer::Impl {
  Impl(ServerOptions options, ControlHandler& handler)
      : state(std::move(options), handler),
        acceptor(state.ioc),
        retry_timer(state.ioc),
        busy(busy_response(state.options.max_clients)) {}

  std::string where() const {
    return state.options.address + ":" + std::to_string(state.options.port);
  }

  void listen() {
    const ServerOptions& o = state.options;
    if (o.port < 0 || o.port > 65535)
      throw std::runtime_error("control API: cannot listen on " + where() +
                               ": the port must be 0..65535");
    if (o.token.empty() && !is_loopback_address(o.address))
      throw std::runtime_error("control API: cannot listen on " + where() +
                               ": a token is required to listen beyond loopback "
                               "(set api.token)");
    beast::error_code ec;
    const auto ip = net::ip::make_address(o.address == "localhost" ? "127.0.0.1" : o.address, ec);
    if (ec)
      throw std::runtime_error("control API: cannot listen on " + where() +
                               ": not an IP address (" + ec.message() + ")");
    const tcp::endpoint endpoint(ip, static_cast<unsigned short>(o.port));
    auto fail = [&](const char* step) {
      throw std::runtime_error("control API: cannot listen on " + where() + ": " + step + ": " +
                               ec.message());
    };
    if (acceptor.open(endpoint.protocol(), ec)) fail("open");
    if (acceptor.set_option(net::socket_base::reuse_address(true), ec)) fail("set_option");
    if (acceptor.bind(endpoint, ec)) fail("bind");
    if (acceptor.listen(net::socket_base::max_listen_connections, ec)) fail("listen");
    bound_port = acceptor.local_endpoint().port();
  }

  void accept_next() {
    acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || state.stopping) return;
      if (ec) {
        // Out of descriptors or the like: try again shortly rather than spin.
        retry_timer.expires_after(std::chrono::milliseconds(100));
        retry_timer.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec && !state.stopping) accept_next();
        });
        return;
      }
      state.connections_total.fetch_add(1);
      if (state.clients.size() >= static_cast<std::size_t>(state.options.max_clients)) {
        state.connections_refused.fetch_add(1);
        close_lingering(std::move(socket), state, busy);
      } else {
        std::make_shared<HttpSession>(std::move(socket), state)->start();
      }
      accept_next();
    });
  }

  // On the server thread.
  void close_everything() {
    state.stopping = true;
    beast::error_code ec;
    acceptor.close(ec);
    retry_timer.cancel();
    for (const auto& client : state.clients.live())
      client->shut_down();
    for (const auto& closer : state.closers.live())
      closer->shut_down();
  }

  ServerState state;
  tcp::acceptor acceptor;
  net::steady_timer retry_timer;
  std::shared_ptr<const std::string> busy;
  std::uint16_t bound_port = 0;
  std::atomic<bool> running{false};
  std::thread thread;
  std::future<void> finished;
};

ControlServer::ControlServer(ServerOptions options, ControlHandler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

ControlServer::~ControlServer() {
  stop();
  impl_->state.replies->close();
}

void ControlServer::start() {
  if (impl_->thread.joinable() || impl_->state.stopping)
    throw std::logic_error("control API: start() called twice");
  impl_->listen();
  impl_->accept_next();
  std::promise<void> finished;
  impl_->finished = finished.get_future();
  impl_->running.store(true);
  impl_->thread = std::thread([this, done = std::move(finished)]() mutable {
    pthread_setname_np(pthread_self(), "sc-api");  // top -H, the benchmarks' per-thread CPU
    impl_->state.ioc.run();
    done.set_value();
  });
}

void ControlServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->running.store(false);
  net::post(impl_->state.ioc, [impl = impl_.get()] { impl->close_everything(); });
  // Closing frames and goodbyes get close_grace (plus a little for the cut-offs to land);
  // whatever is still going after that is abandoned.
  const auto patience = impl_->state.options.close_grace + std::chrono::milliseconds(500);
  if (impl_->finished.wait_for(patience) != std::future_status::ready) impl_->state.ioc.stop();
  impl_->thread.join();
}

std::uint16_t ControlServer::port() const {
  return impl_->bound_port;
}

void ControlServer::broadcast(std::string event_json) {
  if (!impl_->running.load()) return;
  auto message = std::make_shared<const std::string>(std::move(event_json));
  net::post(impl_->state.ioc, [state = &impl_->state, message = std::move(message)] {
    for (const auto& stream : state->streams.live())
      stream->send(message);
  });
}

ServerCounters ControlServer::counters() const {
  const ServerState& s = impl_->state;
  return {s.connections_open.load(),    s.stream_clients.load(), s.connections_total.load(),
          s.connections_refused.load(), s.requests.load(),       s.messages_sent.load(),
          s.clients_dropped.load()};
}

}  // namespace stridecue
