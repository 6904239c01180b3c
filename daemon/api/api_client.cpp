#include "api/api_client.hpp"

#include <cctype>
#include <charconv>

#include "api/beast.hpp"

namespace stridecue {

using namespace api_internal;

namespace {

std::string lowercase_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

ApiUrl parse_api_url(std::string_view url) {
  ApiUrl parsed{{}, "7878", std::string(url)};
  std::string_view rest = url;
  if (rest.starts_with("https://"))
    throw std::invalid_argument("bad URL '" + parsed.text +
                                "': the control API speaks plain http:// (no TLS)");
  if (rest.starts_with("http://")) rest.remove_prefix(7);
  while (!rest.empty() && rest.back() == '/')
    rest.remove_suffix(1);
  // The daemon logs "control API on http://127.0.0.1:7878/api/v1/": that URL is taken as is.
  if (rest.ends_with("/api/v1")) rest.remove_suffix(7);
  if (rest.find('/') != std::string_view::npos)
    throw std::invalid_argument("bad URL '" + parsed.text +
                                "': give only http://HOST:PORT, the API paths are fixed");
  std::string_view host = rest;
  if (rest.starts_with('[')) {  // [::1]:7878
    const auto close = rest.find(']');
    if (close == std::string_view::npos)
      throw std::invalid_argument("bad URL '" + parsed.text + "': unclosed '[' in the host");
    host = rest.substr(1, close - 1);
    rest.remove_prefix(close + 1);
    if (!rest.empty() && !rest.starts_with(':'))
      throw std::invalid_argument("bad URL '" + parsed.text + "': junk after the host");
  } else {
    const auto colon = rest.rfind(':');
    host = rest.substr(0, colon);
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon);
  }
  if (host.empty()) throw std::invalid_argument("bad URL '" + parsed.text + "': no host");
  parsed.host = std::string(host);
  if (!rest.empty()) {
    const std::string_view port = rest.substr(1);
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value < 1 || value > 65535)
      throw std::invalid_argument("bad URL '" + parsed.text + "': the port must be 1..65535");
    parsed.port = std::string(port);
  }
  return parsed;
}

ApiClient::ApiClient(ApiUrl url, std::string token, std::chrono::milliseconds timeout)
    : url_(std::move(url)), token_(std::move(token)), timeout_(timeout) {}

namespace {

// Beast's timeouts apply to asynchronous operations only, so each step is started
// asynchronously and the context run until it is done: a daemon that accepts the connection
// and then says nothing costs the caller `timeout`, not forever.
// Runs handlers one at a time until this step's own has run: the stream's ping timer stays
// pending between steps, so running the context until it is out of work would wait for it.
template <typename Start>
beast::error_code run_step(net::io_context& ioc, Start&& start) {
  beast::error_code result;
  bool finished = false;
  start([&result, &finished](beast::error_code ec, auto&&...) {
    result = ec;
    finished = true;
  });
  ioc.restart();
  while (!finished && ioc.run_one() > 0) {
  }
  return result;
}

void connect(net::io_context& ioc, beast::tcp_stream& stream, const ApiUrl& url,
             std::chrono::milliseconds timeout) {
  beast::error_code ec;
  tcp::resolver resolver(ioc);
  const auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (!ec) {
    stream.expires_after(timeout);
    ec = run_step(ioc, [&](auto done) { stream.async_connect(endpoints, done); });
  }
  if (ec == beast::error::timeout)
    throw DaemonUnreachable("no daemon at " + url.text + ": no answer to connect within " +
                            std::to_string(timeout.count()) + " ms");
  if (ec)
    throw DaemonUnreachable("no daemon at " + url.text + ": " + lowercase_first(ec.message()));
}

std::string host_header(const ApiUrl& url) {
  const bool ipv6 = url.host.find(':') != std::string::npos;
  return (ipv6 ? "[" + url.host + "]" : url.host) + ":" + url.port;
}

}  // namespace

ApiResponse ApiClient::request(std::string_view method, std::string_view path,
                               std::string_view body, std::string_view content_type) const {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  connect(ioc, stream, url_, timeout_);
  http::request<http::string_body> req;
  req.method_string(to_beast(method));
  req.target(to_beast(path));
  req.version(11);
  req.set(http::field::host, host_header(url_));
  req.set(http::field::user_agent, "stridecue-ctl");
  req.set(http::field::connection, "close");
  if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
  // A change says it is JSON even without a body: the daemon refuses a POST that does not, as
  // a web page's form could have sent it (docs/api.md, "Auth").
  if (!body.empty() || (method != "GET" && method != "HEAD"))
    req.set(http::field::content_type, to_beast(content_type));
  if (!body.empty()) req.body() = std::string(body);
  req.prepare_payload();
  // One deadline for the whole exchange.
  stream.expires_after(timeout_);
  beast::error_code ec = run_step(ioc, [&](auto done) { http::async_write(stream, req, done); });
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  // A server that refuses early (413, 503) may close before taking the whole request: its
  // answer is still there to read, so a failed write is only an error when nothing comes back.
  if (ec != beast::error::timeout)
    ec = run_step(ioc, [&](auto done) { http::async_read(stream, buffer, res, done); });
  if (ec == beast::error::timeout)
    throw ApiTimeout("the daemon at " + url_.text + " did not answer " + std::string(method) + " " +
                     std::string(path) + " within " + std::to_string(timeout_.count()) + " ms");
  if (ec)
    throw std::runtime_error("the daemon at " + url_.text +
                             " sent no valid reply: " + ec.message());
  return {static_cast<int>(res.result_int()), std::move(res.body())};
}

ApiResponse ApiClient::stream(std::string_view path,
                              const std::function<bool(const std::string&)>& on_event) const {
  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws(ioc);
  connect(ioc, beast::get_lowest_layer(ws), url_, timeout_);
  ws.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
    req.set(http::field::user_agent, "stridecue-ctl");
    if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
  }));
  websocket::response_type refusal;
  beast::get_lowest_layer(ws).expires_after(timeout_);
  beast::error_code ec = run_step(ioc, [&](auto done) {
    ws.async_handshake(refusal, host_header(url_), to_beast(path), done);
  });
  if (ec == beast::error::timeout)
    throw ApiTimeout("the daemon at " + url_.text + " did not open the stream within " +
                     std::to_string(timeout_.count()) + " ms");
  if (ec) {
    if (ec == websocket::error::upgrade_declined)
      return {static_cast<int>(refusal.result_int()), std::move(refusal.body())};
    throw std::runtime_error("the daemon at " + url_.text + " refused the stream: " + ec.message());
  }
  // Events may be minutes apart (no session running), so a quiet stream is fine; a daemon
  // that stops answering pings is not: after `timeout` of silence a ping goes out, and the
  // stream breaks if nothing comes back within another `timeout`.
  beast::get_lowest_layer(ws).expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = timeout_;
  timeouts.idle_timeout = 2 * timeout_;
  timeouts.keep_alive_pings = true;
  ws.set_option(timeouts);
  beast::flat_buffer buffer;
  for (;;) {
    ec = run_step(ioc, [&](auto done) { ws.async_read(buffer, done); });
    if (ec == websocket::error::closed) {
      const auto& reason = ws.reason();
      return {101, std::to_string(reason.code) + " " + std::string(reason.reason.c_str())};
    }
    if (ec == beast::error::timeout)
      throw ApiTimeout("the stream from " + url_.text +
                       " went silent: no answer to a ping within " +
                       std::to_string(timeout_.count()) + " ms");
    if (ec) throw std::runtime_error("the stream from " + url_.text + " broke: " + ec.message());
    const std::string message = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    if (!on_event(message)) break;
  }
  run_step(ioc, [&](auto done) { ws.async_close(websocket::close_code::normal, done); });
  return {101, "1000 closed by the client"};
}

}  // namespace stridecue
