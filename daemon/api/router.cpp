#include "api/router.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/api_error.hpp"
#include "api/login_sessions.hpp"
#include "api/request_checks.hpp"

namespace stridecue {
namespace {

enum class Route {
  status,
  settings,
  settings_schema,
  settings_patch,
  session_start,
  session_stop,
  baseline_reset,
  device_actions,
  device_action,
  plates_tare,
  runners,
  runner,
  runner_add,
  runner_edit,
  programs,
  program,
  program_add,
  program_delete,
  sessions,
  session_report,
  runner_report,
  stream,
  index
};

enum class Body { none, optional_object, required_object };

struct RouteEntry {
  std::string_view method;
  std::string_view path;
  Route route;
  Body body;
};

// A "*" segment matches any one segment, handed to the handler in order.
constexpr std::array<RouteEntry, 23> kRoutes{{
    {"GET", "/api/v1/status", Route::status, Body::none},
    {"GET", "/api/v1/settings", Route::settings, Body::none},
    {"PATCH", "/api/v1/settings", Route::settings_patch, Body::required_object},
    {"GET", "/api/v1/settings/schema", Route::settings_schema, Body::none},
    {"POST", "/api/v1/session/start", Route::session_start, Body::optional_object},
    {"POST", "/api/v1/session/stop", Route::session_stop, Body::none},
    {"POST", "/api/v1/baseline/reset", Route::baseline_reset, Body::optional_object},
    {"GET", "/api/v1/devices/actions", Route::device_actions, Body::none},
    {"POST", "/api/v1/devices/*/*", Route::device_action, Body::none},
    {"POST", "/api/v1/plates/tare", Route::plates_tare, Body::none},  // devices/plates/tare
    {"GET", "/api/v1/runners", Route::runners, Body::none},
    {"POST", "/api/v1/runners", Route::runner_add, Body::required_object},
    {"GET", "/api/v1/runners/*", Route::runner, Body::none},
    {"PATCH", "/api/v1/runners/*", Route::runner_edit, Body::required_object},
    {"GET", "/api/v1/programs", Route::programs, Body::none},
    {"POST", "/api/v1/programs", Route::program_add, Body::required_object},
    {"GET", "/api/v1/programs/*", Route::program, Body::none},
    {"DELETE", "/api/v1/programs/*", Route::program_delete, Body::none},
    {"GET", "/api/v1/sessions", Route::sessions, Body::none},
    {"GET", "/api/v1/sessions/*/report", Route::session_report, Body::none},
    {"GET", "/api/v1/runners/*/report", Route::runner_report, Body::none},
    {"GET", kStreamPath, Route::stream, Body::none},
    {"GET", "/api/v1", Route::index, Body::none},
}};

// GET /api/v1: what a client (or someone following the URL the daemon logs) may ask.
nlohmann::json route_index() {
  nlohmann::json routes = nlohmann::json::array();
  for (const auto& entry : kRoutes) {
    if (entry.route == Route::index) continue;
    routes.push_back({{"method", entry.method}, {"path", entry.path}});
  }
  routes.push_back({{"method", "POST"}, {"path", kLoginPath}});  // the console's (http_exchange)
  return {{"api", "stridecue control API v1"},
          {"docs", "docs/api.md"},
          {"console", "/"},
          {"routes", std::move(routes)}};
}

std::string_view path_of(std::string_view target) {
  const auto query = target.find_first_of("?#");
  std::string_view path = target.substr(0, query);
  // "/api/v1/status/" is the same resource as "/api/v1/status".
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// Whether `path` fits `pattern`, segment by segment; the "*" segments' values into `params`.
bool path_matches(std::string_view pattern, std::string_view path,
                  std::vector<std::string_view>& params) {
  params.clear();
  for (;;) {
    const auto p_end = pattern.find('/');
    const auto s_end = path.find('/');
    const std::string_view want = pattern.substr(0, p_end);
    const std::string_view got = path.substr(0, s_end);
    if (want == "*") {
      if (got.empty()) return false;
      params.push_back(got);
    } else if (want != got) {
      return false;
    }
    if (p_end == std::string_view::npos || s_end == std::string_view::npos) return p_end == s_end;
    pattern.remove_prefix(p_end + 1);
    path.remove_prefix(s_end + 1);
  }
}

// "%20" → " "; none for a '%' not followed by two hex digits, or one that gives a NUL.
std::optional<std::string> percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2])))
      return std::nullopt;
    const char c = static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
    if (c == '\0') return std::nullopt;
    out += c;
    i += 2;
  }
  return out;
}

// The query string's parameters in order, decoded ('+' is a space, as a form sends it); none
// when one is not percent-encoded right.
std::optional<std::vector<std::pair<std::string, std::string>>> query_params(
    std::string_view target) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto start = target.find('?');
  if (start == std::string_view::npos) return out;
  std::string_view query = target.substr(start + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const auto amp = query.find('&');
    std::string part(query.substr(0, amp));
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (part.empty()) continue;
    std::replace(part.begin(), part.end(), '+', ' ');
    const auto eq = part.find('=');
    auto key = percent_decoded(std::string_view(part).substr(0, eq));
    auto value = percent_decoded(eq == std::string::npos ? std::string_view()
                                                         : std::string_view(part).substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out.emplace_back(std::move(*key), std::move(*value));
  }
  return out;
}

// The last value given for `key`, if any.
std::optional<std::string> query_value(
    const std::vector<std::pair<std::string, std::string>>& params, std::string_view key) {
  std::optional<std::string> found;
  for (const auto& [k, v] : params)
    if (k == key) found = v;
  return found;
}

// A report's format and disposition from its query (?format=pdf|svg|html&download=1), or the
// 400 naming what is accepted.
std::optional<ApiReply> read_report_ask(
    const std::vector<std::pair<std::string, std::string>>& params, ReportAsk& ask) {
  if (auto format = query_value(params, "format")) {
    std::string lower = *format;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower != "pdf" && lower != "svg" && lower != "html") {
      return api_error(400, "format " + shown_bytes(*format) + " is not one of pdf, svg or html",
                       "format");
    }
    ask.format = lower;
  }
  if (auto download = query_value(params, "download")) {
    if (*download == "1" || *download == "true") {
      ask.download = true;
    } else if (*download == "0" || *download == "false" || download->empty()) {
      ask.download = false;
    } else {
      return api_error(400, "download " + shown_bytes(*download) + " is not 1 or 0", "download");
    }
  }
  return std::nullopt;
}

// "42" → 42; none for anything but a positive whole number that fits.
std::optional<std::int64_t> session_id_of(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t id = 0;
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    id = id * 10 + (c - '0');
  }
  if (id <= 0) return std::nullopt;
  return id;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

// nlohmann's message starts "[json.exception.parse_error.101] parse error at line 1, column 5:
// …": the bracketed id means nothing to an API user. The rest quotes the client's bytes, which
// may be anything.
std::string exception_text(const nlohmann::json::exception& e) {
  std::string_view what = e.what();
  const auto close = what.find("] ");
  if (close != std::string_view::npos) what.remove_prefix(close + 2);
  return shown_bytes(what);
}

// The dotted key the parser is inside ("cue.refractory_s"), kept up to date by the parser's
// callback, so that a value refused while parsing (a number beyond a double) names its field.
class KeyPath {
 public:
  bool on_event(nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start: keys_.emplace_back(std::string()); break;
      case Event::array_start: keys_.emplace_back(std::nullopt); break;
      case Event::key:
        if (!keys_.empty() && keys_.back()) keys_.back() = parsed.get<std::string>();
        break;
      case Event::object_end:
      case Event::array_end:
        if (!keys_.empty()) keys_.pop_back();
        break;
      case Event::value: break;
    }
    return true;
  }
  std::string dotted() const {
    std::string out;
    for (const auto& key : keys_) {
      if (key) out += (out.empty() ? "" : ".") + *key;  // elements of an array: their array
    }
    return out;
  }

 private:
  std::vector<std::optional<std::string>> keys_;  // one per open object; none for an array
};

// The body a route takes, or the error reply: 400 for what is not JSON, 422 for JSON whose
// values cannot be taken (a number beyond the range of a double).
std::optional<ApiReply> read_body(const RouteEntry& entry, const ApiRequest& request,
                                  nlohmann::json& body) {
  body = nlohmann::json::object();
  if (is_blank(request.body)) {
    if (entry.body != Body::required_object) return std::nullopt;
    return api_error(400, std::string(entry.method) + " " + std::string(entry.path) +
                              " needs a JSON object in the request body");
  }
  if (entry.body == Body::none) return std::nullopt;  // a stray body is harmless: ignored
  if (!is_json_media_type(request.content_type)) {
    const std::string got = request.content_type.empty()
                                ? std::string("no Content-Type")
                                : "Content-Type " + shown_bytes(request.content_type);
    return api_error(415, "the request body must be application/json, got " + got);
  }
  KeyPath path;
  try {
    body = nlohmann::json::parse(
        request.body, [&path](int, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
          return path.on_event(event, parsed);
        });
  } catch (const nlohmann::json::parse_error& e) {
    return api_error(400, "malformed JSON in the request body: " + exception_text(e));
  } catch (const nlohmann::json::out_of_range& e) {
    const std::string field = path.dotted();
    if (field.empty()) return api_error(400, "the request body: " + exception_text(e));
    return api_error(422, field + ": " + exception_text(e) + " (beyond the range of a number)",
                     field);
  } catch (const nlohmann::json::exception& e) {
    return api_error(400, "the request body cannot be read: " + exception_text(e));
  }
  if (!body.is_object())
    return api_error(
        400, std::string("the request body must be a JSON object, got ") + body.type_name());
  return std::nullopt;
}

// Replies through `done`, at once or later (the changes the daemon must acknowledge).
void call_handler(Route route, const std::vector<std::string_view>& params, std::string_view target,
                  const nlohmann::json& body, ControlHandler& handler, const ReplyCallback& done) {
  switch (route) {
    case Route::status: return done({200, handler.status()});
    case Route::settings: return done({200, handler.settings()});
    case Route::settings_schema: return done({200, handler.settings_schema()});
    case Route::settings_patch: return handler.patch_settings(body, done);
    case Route::session_start: return handler.session_start(body, done);
    case Route::session_stop: return handler.session_stop(done);
    case Route::baseline_reset: return done(handler.baseline_reset(body));
    case Route::device_actions: return done({200, handler.device_actions()});
    case Route::device_action: return done(handler.device_action(params.at(0), params.at(1)));
    case Route::plates_tare: return done(handler.device_action("plates", "tare"));
    case Route::runners: return handler.runners(done);
    case Route::runner_add: return handler.add_runner(body, done);
    case Route::runner:
    case Route::runner_edit: {
      // A runner id may hold spaces: the path carries them as %20.
      const std::optional<std::string> id = percent_decoded(params.at(0));
      if (!id)
        return done(api_error(400, "the runner id in the path is not percent-encoded right"));
      if (route == Route::runner) return handler.runner(*id, done);
      return handler.edit_runner(*id, body, done);
    }
    case Route::programs: return handler.programs(done);
    case Route::program_add: return handler.add_program(body, done);
    case Route::program:
    case Route::program_delete: {
      const std::string name(params.at(0));  // names are a-z, 0-9, '-', '_': nothing encoded
      if (route == Route::program) return handler.program(name, done);
      return handler.delete_program(name, done);
    }
    case Route::sessions:
    case Route::session_report:
    case Route::runner_report: {
      const auto query = query_params(target);
      if (!query) return done(api_error(400, "the query string is not percent-encoded right"));
      if (route == Route::sessions) {
        std::optional<std::string> runner = query_value(*query, "runner");
        if (runner && runner->empty()) runner.reset();
        return handler.sessions(runner, done);
      }
      ReportAsk ask;
      if (auto refusal = read_report_ask(*query, ask)) return done(std::move(*refusal));
      if (route == Route::session_report) {
        const auto id = session_id_of(params.at(0));
        if (!id) {
          return done(api_error(404, "no session " + shown_bytes(params.at(0)) +
                                         " (a session id is a positive whole number; GET "
                                         "/api/v1/sessions lists them)"));
        }
        return handler.session_report(*id, ask, done);
      }
      const std::optional<std::string> id = percent_decoded(params.at(0));
      if (!id)
        return done(api_error(400, "the runner id in the path is not percent-encoded right"));
      return handler.runner_report(*id, ask, done);
    }
    case Route::index: return done({200, route_index()});
    case Route::stream: break;
  }
  done(api_error(426, "GET /api/v1/stream is a WebSocket: send an Upgrade: websocket request"));
}

// `done` is moved into the handler's callback only when the handler is called: until then (and
// `handed_over` says so) the caller may still answer with it.
void route(const ApiRequest& request, ControlHandler& handler,
           std::function<void(RoutedReply)>& done, bool& handed_over) {
  const std::string_view path = path_of(request.target);
  RoutedReply routed;
  const RouteEntry* entry = nullptr;
  std::vector<std::string_view> params, candidate_params;
  for (const auto& candidate : kRoutes) {
    if (!path_matches(candidate.path, path, candidate_params)) continue;
    if (candidate.method == request.method) {
      entry = &candidate;
      params = candidate_params;
    }
    routed.allow += (routed.allow.empty() ? "" : ", ") + std::string(candidate.method);
  }
  if (routed.allow.empty()) {
    routed.reply = api_error(404, "no such resource: " + shown_bytes(path));
    return done(std::move(routed));
  }
  if (!entry) {
    routed.reply = api_error(405, shown_bytes(request.method) + " is not allowed on " +
                                      std::string(path) + " (allowed: " + routed.allow + ")");
    return done(std::move(routed));
  }
  routed.allow.clear();
  routed.stream_route = entry->route == Route::stream;
  nlohmann::json body;
  if (auto error = read_body(*entry, request, body)) {
    routed.reply = std::move(*error);
    return done(std::move(routed));
  }
  // Shared by the handler's callback and the exception path below: whichever comes first
  // answers, so a handler that throws after replying does not answer twice.
  struct Pending {
    std::atomic<bool> answered{false};
    bool stream_route;
    std::function<void(RoutedReply)> done;
  };
  auto pending = std::make_shared<Pending>();
  pending->stream_route = routed.stream_route;
  pending->done = std::move(done);
  handed_over = true;
  auto answer = [pending](ApiReply reply) {
    if (pending->answered.exchange(true)) return;
    RoutedReply out;
    out.reply = std::move(reply);
    out.stream_route = pending->stream_route;
    pending->done(std::move(out));
  };
  try {
    call_handler(entry->route, params, request.target, body, handler, answer);
  } catch (const std::exception& e) {
    answer(api_error(500, std::string("internal error: ") + shown_bytes(e.what())));
  }
}

}  // namespace

bool is_report_route(std::string_view method, std::string_view target) {
  const std::string_view path = path_of(target);
  std::vector<std::string_view> params;
  return method == "GET" && (path_matches("/api/v1/sessions/*/report", path, params) ||
                             path_matches("/api/v1/runners/*/report", path, params));
}

bool is_route(std::string_view method, std::string_view target) {
  const std::string_view path = path_of(target);
  std::vector<std::string_view> params;
  return std::any_of(kRoutes.begin(), kRoutes.end(), [&](const RouteEntry& entry) {
    return entry.method == method && path_matches(entry.path, path, params);
  });
}

void route_request(const ApiRequest& request, ControlHandler& handler,
                   std::function<void(RoutedReply)> done) {
  // Whatever a request holds, the server thread must not see an exception: it would end the
  // daemon. The handler's own are answered inside route(); this is for anything else.
  bool handed_over = false;
  try {
    route(request, handler, done, handed_over);
  } catch (const std::exception& e) {
    if (handed_over) return;
    RoutedReply failed;
    failed.reply = api_error(500, std::string("internal error: ") + shown_bytes(e.what()));
    done(std::move(failed));
  }
}

}  // namespace stridecue
