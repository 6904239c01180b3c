// The control API: HTTP routes under /api/v1 and the WebSocket event stream, served from one
// thread the server owns (docs/api.md). Boost.Beast stays inside the .cpp files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/control_handler.hpp"
#include "api/server_options.hpp"

namespace stridecue {

struct ServerCounters {
  std::uint64_t connections_open = 0;     // HTTP and stream connections open now
  std::uint64_t stream_clients = 0;       // of which WebSocket stream clients
  std::uint64_t connections_total = 0;    // accepted since start, refused ones included
  std::uint64_t connections_refused = 0;  // answered 503: max_clients were open
  std::uint64_t requests = 0;             // HTTP requests read in full
  std::uint64_t messages_sent = 0;        // stream messages written to clients
  std::uint64_t clients_dropped = 0;      // stream clients cut off for falling behind
};

class ControlServer {
 public:
  // `handler` must outlive the server.
  ControlServer(ServerOptions options, ControlHandler& handler);
  ~ControlServer();  // stops
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Binds and listens, then serves on its own thread. Throws std::runtime_error naming
  // address:port and the reason (bad address, port in use, no token for a remote address).
  void start();
  // Closes the listener and every connection (stream clients get close code 1001) and joins
  // the thread. Waits at most close_grace for goodbyes. Safe to call twice.
  void stop();

  // The port actually bound (the one asked for, or the ephemeral one for port 0).
  std::uint16_t port() const;

  // Sends one event (a JSON text) to every stream client. Any thread; never waits on a socket:
  // the event is handed to the server thread. Ignored while the server is not running.
  void broadcast(std::string event_json);

  ServerCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stridecue
