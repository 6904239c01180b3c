// A serial port (CDC-ACM /dev/ttyACM*, FTDI /dev/ttyUSB*) at 8N1 with reads that give up
// after a timeout, so the thread reading it can be stopped and can notice a silent device.
// Boost.Asio's serial_port has no timed read: each read is asynchronous and the io_context
// runs for at most the timeout, then the read is cancelled.
#pragma once

#include <utility>  // before Boost: g++ 12 in C++20 mode needs it (RECIPES.md)

#include <boost/asio/io_context.hpp>
#include <boost/asio/serial_port.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace stridecue::serial {

class SerialLink {
 public:
  SerialLink();
  ~SerialLink();
  SerialLink(const SerialLink&) = delete;
  SerialLink& operator=(const SerialLink&) = delete;

  // Empty on success, else what failed ("open /dev/ttyACM0: No such file or directory").
  std::string open(const std::string& path, unsigned baud);
  void close();
  bool is_open() const { return port_.is_open(); }

  // Empty on success, else the error.
  std::string write(std::string_view bytes);

  struct Read {
    std::size_t bytes = 0;        // 0: nothing arrived within the timeout
    std::int64_t receipt_ns = 0;  // host monotonic time the read completed
    std::string error;            // the port failed or went away
  };
  // Bytes held back by read_reply() come first, stamped with the time they were read.
  Read read_some(std::span<std::uint8_t> into, std::chrono::milliseconds timeout);

  // The next reply line ("OK …" or "ERR …", without CR LF); other lines — stray bytes of a
  // device still streaming — are skipped. nullopt on timeout or error, with `error` set.
  std::optional<std::string> read_reply(std::chrono::milliseconds timeout, std::string& error);

 private:
  Read read_port(std::span<std::uint8_t> into, std::chrono::milliseconds timeout);

  boost::asio::io_context io_;
  boost::asio::serial_port port_;
  std::string path_;
  std::vector<std::uint8_t> pending_;  // read but not yet consumed
  std::int64_t pending_receipt_ns_ = 0;
};

}  // namespace stridecue::serial
