// Maps one HTTP request (already read and authorised) to the handler and its reply: path and
// method, content type, JSON parsing. Knows nothing of sockets, so it is tested as a function.
// The reply may come later, from another thread: a change the engine or the recorder must
// acknowledge completes when they do (control_handler.hpp).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/console_files.hpp"
#include "api/control_handler.hpp"

namespace stridecue {

inline constexpr std::string_view kStreamPath = "/api/v1/stream";

struct ApiRequest {
  std::string_view method;  // "GET", "PATCH" …
  std::string_view target;  // path, with any query string
  std::string_view content_type;
  std::string_view body;
};

struct RoutedReply {
  ApiReply reply;
  std::string allow;          // for a 405: the methods the path does take
  bool stream_route = false;  // the WebSocket path: the caller upgrades when asked to
  // A file of the web console instead of a JSON reply (console_files.hpp).
  std::optional<ConsoleFile> page;
  std::string set_cookie;  // the console's login: its session cookie
};

// Calls `done` exactly once: at once for a read or an error, else when the handler replies (on
// whatever thread it replies from). The request's views need only live until this returns.
// Never throws: a handler's exception becomes a 500 naming it.
void route_request(const ApiRequest& request, ControlHandler& handler,
                   std::function<void(RoutedReply)> done);

// Whether the request asks for a report (GET …/sessions/ID/report, …/runners/ID/report): its
// reply may take longer than a change's (ServerOptions::report_timeout).
bool is_report_route(std::string_view method, std::string_view target);

// Whether `method` on `target` names one of the routes (what route_request would not answer
// with 404 or 405).
bool is_route(std::string_view method, std::string_view target);

}  // namespace stridecue
