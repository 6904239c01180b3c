#include "serial/serial_link.hpp"

#include <fmt/format.h>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "realtime/monotonic_clock.hpp"

namespace stridecue::serial {

namespace asio = boost::asio;

SerialLink::SerialLink() : port_(io_) {}

SerialLink::~SerialLink() {
  close();
}

std::string SerialLink::open(const std::string& path, unsigned baud) {
  close();
  path_ = path;
  boost::system::error_code ec;
  port_.open(path, ec);
  if (ec) return fmt::format("open {}: {}", path, ec.message());
  using base = asio::serial_port_base;
  port_.set_option(base::baud_rate(baud), ec);
  if (!ec) port_.set_option(base::character_size(8), ec);
  if (!ec) port_.set_option(base::parity(base::parity::none), ec);
  if (!ec) port_.set_option(base::stop_bits(base::stop_bits::one), ec);
  if (!ec) port_.set_option(base::flow_control(base::flow_control::none), ec);
  if (ec) {
    close();
    return fmt::format("configure {} for {} baud 8N1: {}", path, baud, ec.message());
  }
  return {};
}

void SerialLink::close() {
  boost::system::error_code ignored;
  if (port_.is_open()) port_.close(ignored);
  pending_.clear();
}

std::string SerialLink::write(std::string_view bytes) {
  boost::system::error_code ec;
  asio::write(port_, asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec) return fmt::format("write {}: {}", path_, ec.message());
  return {};
}

SerialLink::Read SerialLink::read_port(std::span<std::uint8_t> into,
                                       std::chrono::milliseconds timeout) {
  // poll() for the timeout, then Asio's synchronous read. Not async_read_some: that puts the
  // descriptor in non-blocking mode with ioctl(FIONBIO), which umockdev's emulated ttys
  // refuse, and a poll wait is all the timeout needs.
  Read result;
  pollfd ready{port_.native_handle(), POLLIN, 0};
  const int polled = ::poll(&ready, 1, static_cast<int>(timeout.count()));
  if (polled < 0) {
    if (errno != EINTR) result.error = fmt::format("poll {}: {}", path_, std::strerror(errno));
    return result;
  }
  if (polled == 0) return result;
  boost::system::error_code ec;
  result.bytes = port_.read_some(asio::buffer(into.data(), into.size()), ec);
  result.receipt_ns = monotonic_ns();
  if (ec) result.error = fmt::format("read {}: {}", path_, ec.message());
  return result;
}

SerialLink::Read SerialLink::read_some(std::span<std::uint8_t> into,
                                       std::chrono::milliseconds timeout) {
  if (!pending_.empty()) {
    Read held;
    held.bytes = std::min(into.size(), pending_.size());
    held.receipt_ns = pending_receipt_ns_;
    std::memcpy(into.data(), pending_.data(), held.bytes);
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(held.bytes));
    return held;
  }
  return read_port(into, timeout);
}

std::optional<std::string> SerialLink::read_reply(std::chrono::milliseconds timeout,
                                                  std::string& error) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::array<std::uint8_t, 256> chunk{};
  while (true) {
    // Every complete line in what we have: the first reply line wins.
    for (auto end = std::find(pending_.begin(), pending_.end(), '\n'); end != pending_.end();
         end = std::find(pending_.begin(), pending_.end(), '\n')) {
      std::string line(pending_.begin(), end);
      pending_.erase(pending_.begin(), end + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("OK ", 0) == 0 || line.rfind("ERR ", 0) == 0) return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds::zero()) {
      error = fmt::format("{}: no reply within {} ms", path_, timeout.count());
      return std::nullopt;
    }
    const auto read = read_port(chunk, left);
    if (!read.error.empty()) {
      error = read.error;
      return std::nullopt;
    }
    pending_.insert(pending_.end(), chunk.begin(),
                    chunk.begin() + static_cast<std::ptrdiff_t>(read.bytes));
    pending_receipt_ns_ = read.receipt_ns;
  }
}

}  // namespace stridecue::serial
