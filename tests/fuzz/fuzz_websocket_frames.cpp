// libFuzzer harness for the event stream's WebSocket (GET /api/v1/stream): a real ControlServer
// on loopback, one upgraded connection per input, and the input as what the client sends after
// the handshake. The server reads every frame a client sends (clients have nothing to say, but
// pings, closes and whatever else arrive) with Beast's frame parser under the server's limits.
//
// The first byte chooses the mode. Bit 0 set: the rest goes on the wire as it is (mostly
// protocol errors: unmasked frames, reserved bits, bad lengths). Bit 0 clear: the rest is read
// as frame specs, each [FIN|RSV|opcode byte][length byte, 255: two more bytes of length]
// [payload], sent as properly masked frames (bit 1 set: the first one unmasked), so that text,
// binary, fragmented, ping, close and oversized messages reach the server's reading path.
//
// After the bytes the client half-closes and reads to the end. Every frame the server sent must
// be well formed: unmasked, a known opcode, text frames whole JSON messages (the hello first),
// a close with a code (1000 and up) when it has a payload; the server must end the connection; and
// a new HTTP request must still be answered 200. Regression inputs live in
// corpus/websocket_frames/.
#include <sys/socket.h>
#include <sys/time.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/fake_handler.hpp"
#include "api/socket_clients.hpp"

namespace {

using namespace stridecue;
using namespace stridecue::test;
using Json = nlohmann::json;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

ControlServer& server() {
  static FakeHandler handler;
  static std::unique_ptr<ControlServer> instance = [] {
    ServerOptions options = loopback_options();
    options.max_request_bytes = 4096;  // the largest message a client may send
    options.close_grace = std::chrono::milliseconds(200);
    auto s = std::make_unique<ControlServer>(options, handler);
    s->start();
    return s;
  }();
  return *instance;
}

constexpr std::array<std::uint8_t, 4> kMask{0x37, 0xfa, 0x21, 0x3d};

void append_frame(std::string& wire, std::uint8_t head, const std::string& payload, bool masked) {
  wire.push_back(static_cast<char>(head));
  const std::size_t n = payload.size();
  const std::uint8_t mask_bit = masked ? 0x80 : 0x00;
  if (n < 126) {
    wire.push_back(static_cast<char>(mask_bit | n));
  } else {
    wire.push_back(static_cast<char>(mask_bit | 126));
    wire.push_back(static_cast<char>(n >> 8));
    wire.push_back(static_cast<char>(n & 0xff));
  }
  if (!masked) {
    wire += payload;
    return;
  }
  for (const std::uint8_t m : kMask)
    wire.push_back(static_cast<char>(m));
  for (std::size_t i = 0; i < n; ++i)
    wire.push_back(static_cast<char>(static_cast<std::uint8_t>(payload[i]) ^ kMask[i % 4]));
}

// The frames the specs describe; a spec cut short by the end of the input sends what it has.
std::string frames_from_specs(const std::uint8_t* data, std::size_t size, bool first_unmasked) {
  std::string wire;
  std::size_t at = 0;
  for (int frame = 0; at < size && frame < 64; ++frame) {
    const std::uint8_t head = data[at++];
    std::size_t length = at < size ? data[at++] : 0;
    if (length == 255 && at + 1 < size) {
      length = (std::size_t{data[at]} << 8) | data[at + 1];
      at += 2;
    }
    const std::size_t take = std::min(length, size - at);
    // A long payload is padding, so that a few input bytes can reach the size limit.
    std::string payload(reinterpret_cast<const char*>(data + at), take);
    payload.resize(length, 'x');
    at += take;
    append_frame(wire, head, payload, !(first_unmasked && frame == 0));
  }
  return wire;
}

// The socket calls below go on after a signal: libFuzzer's timer interrupts blocking calls
// (a socket with a receive timeout is never restarted by the kernel, signal(7)).
bool write_all(tcp::socket& socket, std::string_view bytes) {
  while (!bytes.empty()) {
    beast::error_code ec;
    bytes.remove_prefix(socket.write_some(net::buffer(bytes.data(), bytes.size()), ec));
    if (ec && ec != net::error::interrupted) return false;
  }
  return true;
}

tcp::socket connect_to(net::io_context& ioc, std::uint16_t port) {
  for (;;) {
    tcp::socket socket(ioc);
    beast::error_code ec;
    socket.connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (!ec) return socket;
    check(ec == net::error::interrupted);
  }
}

// The status code of the reply whose header is read into `received`, which keeps any bytes
// after the header; 0 when the connection ends first.
int read_status(tcp::socket& socket, std::string& received) {
  std::array<char, 4096> chunk{};
  std::size_t end;
  while ((end = received.find("\r\n\r\n")) == std::string::npos) {
    beast::error_code ec;
    received.append(chunk.data(), socket.read_some(net::buffer(chunk), ec));
    if (ec && ec != net::error::interrupted) return 0;
  }
  const int status = received.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(received.c_str() + 9) : 0;
  received.erase(0, end + 4);
  return status;
}

enum class End { closed, reset, never };

// Reads what the server sends until it ends the connection.
End read_to_end(tcp::socket& socket, std::string& received) {
  std::array<char, 4096> chunk{};
  for (;;) {
    beast::error_code ec;
    const std::size_t n = socket.read_some(net::buffer(chunk), ec);
    received.append(chunk.data(), n);
    if (ec == net::error::interrupted) continue;
    if (ec == net::error::eof) return End::closed;
    if (ec == net::error::connection_reset) return End::reset;
    if (ec) return End::never;  // the receive timeout: the server kept the connection open
  }
}

// Every frame the server sent, checked; the messages reassembled from text frames. After a
// reset (the server closed with the client's bytes unread) the kernel may have dropped the
// tail of what it sent: a cut last frame is allowed then.
void check_server_frames(const std::string& wire, bool tail_may_be_cut) {
  std::size_t at = 0;
  std::string message;
  bool in_message = false, hello_seen = false;
  while (at + 2 <= wire.size()) {
    const auto b0 = static_cast<std::uint8_t>(wire[at]);
    const auto b1 = static_cast<std::uint8_t>(wire[at + 1]);
    at += 2;
    check((b0 & 0x70) == 0);  // no reserved bits: no extension was agreed
    check((b1 & 0x80) == 0);  // a server never masks
    std::size_t length = b1 & 0x7f;
    if (length == 126) {
      if (at + 2 > wire.size()) return check(tail_may_be_cut);
      length = (std::size_t{static_cast<std::uint8_t>(wire[at])} << 8) |
               static_cast<std::uint8_t>(wire[at + 1]);
      at += 2;
    } else if (length == 127) {
      if (at + 8 > wire.size()) return check(tail_may_be_cut);
      length = 0;
      for (int i = 0; i < 8; ++i)
        length = (length << 8) | static_cast<std::uint8_t>(wire[at + i]);
      at += 8;
    }
    if (at + length > wire.size()) {
      check(tail_may_be_cut);  // else the server's frames arrive whole before it closes
      return;
    }
    const std::string payload = wire.substr(at, length);
    at += length;
    const std::uint8_t opcode = b0 & 0x0f;
    const bool fin = (b0 & 0x80) != 0;
    if (opcode == 0x1 || opcode == 0x0) {
      check((opcode == 0x1) != in_message);  // a continuation only inside a message
      message += payload;
      in_message = !fin;
      if (fin) {
        const Json event = Json::parse(message, nullptr, /*allow_exceptions=*/false);
        check(event.is_object() && event.contains("type"));
        if (!hello_seen) check(event["type"] == "hello");
        hello_seen = true;
        message.clear();
      }
    } else if (opcode == 0x8) {
      check(fin && (payload.empty() || payload.size() >= 2));
      if (payload.size() >= 2) {
        const int code =
            (static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1]);
        // Beast echoes the client's own code, which may be any above 999 (even 5000 and up,
        // which RFC 6455 leaves undefined); its own codes are 1000-1015.
        check(code >= 1000);
      }
    } else {
      check(opcode == 0x9 || opcode == 0xA);  // ping, pong
      check(fin && length <= 125);
    }
  }
  check(at == wire.size() || tail_may_be_cut);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto port = static_cast<std::uint16_t>(server().port());
  const bool raw = (data[0] & 1) != 0;
  const std::string wire =
      raw ? std::string(reinterpret_cast<const char*>(data + 1), size - 1)
          : frames_from_specs(data + 1, size - 1, /*first_unmasked=*/(data[0] & 2) != 0);

  net::io_context ioc;
  tcp::socket socket = connect_to(ioc, port);
  const std::string upgrade =
      "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\n"
      "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
  check(write_all(socket, upgrade));
  std::string received;
  check(read_status(socket, received) == 101);

  // A server that keeps the connection after the client's half-close is a finding, not a hang.
  const timeval timeout{5, 0};
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  write_all(socket, wire);  // the server may close before all is written
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_send, ec);
  const End end = read_to_end(socket, received);
  check(end != End::never);
  check_server_frames(received, end == End::reset);

  // The server goes on serving.
  tcp::socket again = connect_to(ioc, port);
  check(write_all(again, "GET /api/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  std::string reply;
  check(read_status(again, reply) == 200);
  return 0;
}
