// How the control server listens and what it tolerates. The daemon fills this from its
// ApiSettings; the API library does not depend on the settings library.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "api/guess_limiter.hpp"

namespace stridecue {

struct ServerOptions {
  std::string address = "127.0.0.1";  // an IP literal or "localhost"
  int port = 7878;                    // 0: any free port; ControlServer::port() tells which
  // When set, every request needs "Authorization: Bearer <token>". Required for an address
  // that is not loopback: start() refuses to listen beyond this machine without one.
  std::string token;
  // Wrong tokens one client address may send within a window before it is refused (429) for
  // that long; loopback clients never are (guess_limiter.hpp).
  GuessLimits wrong_tokens;
  int max_clients = 128;  // open connections (HTTP and stream); one more gets a 503
  std::size_t max_request_bytes = 64 * 1024;
  // A request's header must be complete within header_timeout of the connection opening (or of
  // the previous reply: an idle keep-alive connection is closed then), and its body within
  // body_timeout of the header; a client that sends one byte a second holds a slot no longer,
  // and is told 408. Writing a reply may take body_timeout too.
  std::chrono::milliseconds header_timeout{5'000};
  std::chrono::milliseconds body_timeout{10'000};
  // Events waiting for one stream client. A client that falls this far behind is disconnected
  // (close code 1008) rather than slowing anyone else or growing the daemon's memory.
  std::size_t stream_queue_limit = 256;
  // How long a change the daemon must acknowledge (a settings version, a session) may take
  // before the client gets a 504; the server thread serves everyone else meanwhile.
  std::chrono::milliseconds reply_timeout{5'000};
  // The same for a report (GET …/report): drawing a long session's takes seconds, and reports
  // are drawn one at a time.
  std::chrono::milliseconds report_timeout{60'000};
  // The web console's static files (console_files.hpp); empty: default_console_dir().
  std::string console_dir;
  // How long a closing connection may take to say goodbye before its socket is cut.
  std::chrono::milliseconds close_grace{2'000};
  // Where the server tells the operator what they should know (an address refused for wrong
  // tokens), one line at a time, on the server thread; empty: standard error.
  std::function<void(const std::string&)> log;
};

}  // namespace stridecue
