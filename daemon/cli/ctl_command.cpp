// `stridecue ctl`: the control API of a running daemon from the command line (docs/api.md).
// Exit codes: 0 when the daemon accepted, 2 when it refused the request (4xx, printed), 1 when
// no daemon answered or it failed (5xx).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/api_client.hpp"
#include "api/settings_patch.hpp"
#include "cli/commands.hpp"

namespace stridecue {
namespace {

struct CtlOptions {
  std::string url = "http://127.0.0.1:7878";
  int port = 0;  // when given: this port, whatever the URL says
  std::string token;
  double timeout_s = 10.0;
  std::vector<std::string> assignments;  // set
  std::string runner;                    // session start
  std::string side;                      // baseline-reset
  int count = 0;                         // stream: 0 = until the daemon closes it
  std::string types;                     // stream: comma-separated event types
};

int report(const ApiResponse& response) {
  const auto parsed = nlohmann::json::parse(response.body, nullptr, false);
  const std::string text = parsed.is_discarded() ? response.body : parsed.dump(2);
  if (response.status >= 200 && response.status < 300) {
    fmt::print("{}\n", text);
    return kExitOk;
  }
  fmt::print(stderr, "stridecue ctl: the daemon answered {}\n{}\n", response.status, text);
  return response.status >= 400 && response.status < 500 ? kExitBadInput : kExitFailure;
}

// Runs `call` with a client for the daemon, turning each way of failing into its exit code.
template <typename Call>
int with_daemon(const CtlOptions& o, Call&& call) {
  try {
    ApiUrl url = parse_api_url(o.url);
    if (o.port != 0) {
      url.port = std::to_string(o.port);
      const bool v6 = url.host.find(':') != std::string::npos;
      url.text = "http://" + (v6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
    }
    const ApiClient client(url, o.token,
                           std::chrono::milliseconds(std::llround(o.timeout_s * 1000.0)));
    return call(client);
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "stridecue ctl: {}\n", e.what());
    return kExitBadInput;
  } catch (const std::runtime_error& e) {  // DaemonUnreachable, ApiTimeout, broken replies
    fmt::print(stderr, "stridecue ctl: {}\n", e.what());
    return kExitFailure;
  }
}

std::set<std::string> split_types(const std::string& types) {
  std::set<std::string> out;
  std::istringstream in(types);
  for (std::string type; std::getline(in, type, ',');)
    if (!type.empty()) out.insert(type);
  return out;
}

int stream(const CtlOptions& o) {
  return with_daemon(o, [&](const ApiClient& client) {
    const std::set<std::string> wanted = split_types(o.types);
    int printed = 0;
    const ApiResponse end = client.stream("/api/v1/stream", [&](const std::string& message) {
      if (!wanted.empty()) {
        const auto event = nlohmann::json::parse(message, nullptr, false);
        if (event.is_discarded() || !event.is_object() ||
            !wanted.contains(event.value("type", std::string())))
          return true;
      }
      fmt::print("{}\n", message);
      std::fflush(stdout);  // one line per event, as it comes: others pipe this into tools
      return o.count == 0 || ++printed < o.count;
    });
    if (end.status != 101) return report(end);
    if (o.count > 0 && printed < o.count) {
      fmt::print(stderr, "stridecue ctl: the daemon closed the stream after {} of {} events ({})\n",
                 printed, o.count, end.body);
      return kExitFailure;
    }
    return kExitOk;
  });
}

void add_request(CLI::App& ctl, const std::shared_ptr<CtlOptions>& o, int& exit_code,
                 const std::string& name, const std::string& help, const char* method,
                 const char* path) {
  ctl.add_subcommand(name, help)->callback([o, &exit_code, method, path] {
    exit_code = with_daemon(
        *o, [&](const ApiClient& client) { return report(client.request(method, path)); });
  });
}

}  // namespace

void add_ctl_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CtlOptions>();
  CLI::App* ctl = app.add_subcommand("ctl", "talk to a running daemon through its control API");
  ctl->require_subcommand(1);
  ctl->fallthrough();  // --url, --port and --token may also come after the subcommand
  ctl->add_option("--url", o->url, "the daemon's control API (the URL it logs will do)")
      ->envname("STRIDECUE_URL")
      ->capture_default_str();
  ctl->add_option("--port", o->port, "the daemon's port, on the URL's host (default: the URL's)")
      ->check(CLI::Range(1, 65535));
  ctl->add_option("--token", o->token, "bearer token, when the daemon has one")
      ->envname("STRIDECUE_TOKEN");
  ctl->add_option("--timeout", o->timeout_s,
                  "seconds to wait for the daemon (to connect, for an answer, for a silent "
                  "stream's pong)")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();

  add_request(*ctl, o, exit_code, "status", "the daemon's state", "GET", "/api/v1/status");
  add_request(*ctl, o, exit_code, "settings", "every live setting", "GET", "/api/v1/settings");
  add_request(*ctl, o, exit_code, "schema", "each setting's type, range and meaning", "GET",
              "/api/v1/settings/schema");

  CLI::App* set = ctl->add_subcommand("set", "change settings live, e.g. cue.refractory_s=2");
  set->add_option("assignments", o->assignments, "KEY=VALUE (VALUE as JSON when it parses)")
      ->required();
  set->callback([o, &exit_code] {
    exit_code = with_daemon(*o, [&](const ApiClient& client) {
      const std::string body = flat_settings_patch(o->assignments).dump();
      return report(client.request("PATCH", "/api/v1/settings", body));
    });
  });

  CLI::App* session = ctl->add_subcommand("session", "start or stop a recorded session");
  session->require_subcommand(1);
  CLI::App* start = session->add_subcommand("start", "start a session");
  start->add_option("--runner", o->runner, "runner id (default: the daemon's runner)");
  start->callback([o, &exit_code] {
    exit_code = with_daemon(*o, [&](const ApiClient& client) {
      nlohmann::json body = nlohmann::json::object();
      if (!o->runner.empty()) body["runner_id"] = o->runner;
      return report(client.request("POST", "/api/v1/session/start", body.dump()));
    });
  });
  add_request(*session, o, exit_code, "stop", "stop the session", "POST", "/api/v1/session/stop");

  CLI::App* baseline = ctl->add_subcommand("baseline-reset", "restart the glute baseline");
  baseline->add_option("--side", o->side, "one side only (default: both)")
      ->check(CLI::IsMember({"left", "right"}));
  baseline->callback([o, &exit_code] {
    exit_code = with_daemon(*o, [&](const ApiClient& client) {
      nlohmann::json body = nlohmann::json::object();
      if (!o->side.empty()) body["side"] = o->side;
      return report(client.request("POST", "/api/v1/baseline/reset", body.dump()));
    });
  });

  CLI::App* events = ctl->add_subcommand("stream", "print live events, one JSON object a line");
  events->add_option("--count", o->count, "stop after N events (default: until closed)")
      ->check(CLI::NonNegativeNumber);
  events->add_option("--type", o->types, "only these types, e.g. stride,cue");
  events->callback([o, &exit_code] { exit_code = stream(*o); });
}

}  // namespace stridecue
