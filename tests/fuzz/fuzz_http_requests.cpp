// libFuzzer harness for the control API's HTTP path: raw bytes, as a client would send them on
// one connection, through Beast's request parser with the server's limits, then exchange()
// (wrong tokens counted against the client's address, token, Host, Origin and content-type
// checks, the router, JSON bodies) and make_response():
// the functions HttpSession runs for every request. Behind them a handler that applies PATCHes
// to real settings (apply_settings_patch) and checks runner ids as the daemon does.
//
// The first byte chooses the server's options (bit 0: a token is configured); the rest is the
// byte stream, which may hold several pipelined requests. Every reply must serialise, carry a
// JSON body, and for an error say it in "error", a 429 when to retry; with a token, no request
// without it reaches the handler. Regression inputs live in corpus/http_requests/.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "api/http_exchange.hpp"
#include "settings/runner_id.hpp"
#include "settings/settings_json.hpp"

namespace {

using namespace stridecue;
using namespace stridecue::api_internal;
using Json = nlohmann::json;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

class SettingsHandler : public ControlHandler {
 public:
  Json status() override { return {{"state", "running"}, {"runner_id", config_.runner_id}}; }
  Json settings() override { return settings_to_json(config_); }
  Json settings_schema() override { return {{"settings", "schema"}}; }
  void patch_settings(const Json& patch, ReplyCallback done) override {
    ++calls;
    try {
      done({200, {{"changes", apply_settings_patch(config_, patch).to_json()}}});
    } catch (const SettingsError& e) {
      done(api_error(422, e.what(), e.field()));
    }
  }
  void session_start(const Json& body, ReplyCallback done) override {
    ++calls;
    if (body.contains("runner_id")) {
      if (auto problem = runner_id_value_problem(body["runner_id"]))
        return done(api_error(422, *problem, "runner_id"));
      config_.runner_id = body["runner_id"].get<std::string>();
    }
    done({200, {{"runner_id", config_.runner_id}}});
  }
  void session_stop(ReplyCallback done) override {
    ++calls;
    done({200, {{"stopped", nullptr}}});
  }
  ApiReply baseline_reset(const Json& body) override {
    ++calls;
    return {200, {{"reset", body.value("side", Json("both"))}}};
  }

  int calls = 0;

 private:
  DaemonConfig config_;
};

void check_reply(const ApiReply& reply, const std::string& allow, unsigned version) {
  const HttpResponse response = make_response(reply, allow, version, true);
  std::ostringstream wire;
  wire << response;  // serialises header and body
  check(wire.good());
  const Json body = Json::parse(response.body(), nullptr, /*allow_exceptions=*/false);
  check(!body.is_discarded());
  if (reply.status >= 400) check(body.contains("error") && body["error"].is_string());
  if (reply.status == 429) check(response.count(http::field::retry_after) == 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  ServerOptions options;
  options.max_request_bytes = 4096;
  const bool token = (data[0] & 1) != 0;
  if (token) options.token = "fuzz-token";
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  SettingsHandler handler;
  LoginSessions logins;  // a login the fuzzer finds (the token is in the corpus) signs in here
  // A client off loopback, so that wrong tokens count: three of them, and the rest of the input
  // is refused with a 429, whatever it holds.
  options.wrong_tokens.max_wrong = 3;
  options.log = [](const std::string&) {};
  GuessLimiter guesses(options.wrong_tokens);

  for (int requests = 0; requests < 16 && !rest.empty(); ++requests) {
    http::request_parser<http::string_body> parser;
    prepare_parser(parser, options);
    parser.eager(true);
    beast::error_code ec;
    std::size_t used = 0;
    while (used < rest.size()) {
      const std::size_t n = parser.put(net::buffer(rest.data() + used, rest.size() - used), ec);
      used += n;
      if (ec == http::error::need_more) {
        ec = {};
        if (n == 0) break;
        continue;
      }
      if (ec || parser.is_done()) break;
    }
    if (!ec && !parser.is_done()) {
      if (parser.got_some()) check_reply(api_error(408, "incomplete"), {}, 11);  // the deadline's
      break;
    }
    if (ec) {
      if (const auto reply = reply_to_read_error(ec, options)) check_reply(*reply, {}, 11);
      break;
    }
    const HttpRequest& request = parser.get();
    const auto auth = request.find(http::field::authorization);
    const bool authorised = auth != request.end() && auth->value() == "Bearer fuzz-token";
    const int calls_before = handler.calls;
    bool answered = false;
    exchange(request, {"127.0.0.1", "10.0.0.9"}, options, {logins, guesses}, handler,
             [&](RoutedReply routed) {
               answered = true;
               if (routed.page) {  // a file of the web console: written whole, whatever the path
                 std::ostringstream wire;
                 wire << make_page_response(*routed.page, request.version(), true);
                 check(wire.good());
                 return;
               }
               check_reply(routed.reply, routed.allow, request.version());
             });
    check(answered);  // this handler answers at once
    if (token && !authorised) check(handler.calls == calls_before);
    rest.remove_prefix(used);
  }
  return 0;
}
