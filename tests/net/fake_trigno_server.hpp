// A fake Delsys Trigno SDK server for tests: a command port that greets, logs every command
// it receives (only those properly ended with <CR><LF><CR><LF>) and answers as told, and an
// EMG data port the test streams rows through, in whatever pieces it chooses. It runs its own
// Asio thread; the test talks to it only through the methods below.
#pragma once

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "net/asio.hpp"

namespace stridecue::test {

struct FakeTrignoBehaviour {
  bool greet = true;   // send the banner on connection
  bool answer = true;  // answer commands at all
  std::string paired = "YES";
  std::string sensor_rate = "1925.92592592593";  // reply to SENSOR n CHANNEL 1 RATE?
  std::string base_rate = "INVALID COMMAND";     // reply to RATE?
};

class FakeTrignoServer {
 public:
  explicit FakeTrignoServer(FakeTrignoBehaviour behaviour = {}) : behaviour_(std::move(behaviour)) {
    listen(0, 0);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~FakeTrignoServer() {
    boost::asio::post(io_, [this] { close_everything(); });
    work_.reset();
    thread_.join();
  }

  std::uint16_t command_port() const { return command_port_; }
  std::uint16_t emg_port() const { return emg_port_; }

  // Writes `bytes` to the connected data socket in pieces of the given sizes (cycled), with a
  // short pause between pieces so that they arrive as separate reads.
  void stream(std::vector<std::uint8_t> bytes, std::vector<std::size_t> pieces) {
    boost::asio::post(io_,
                      [this, bytes = std::make_shared<std::vector<std::uint8_t>>(std::move(bytes)),
                       pieces = std::move(pieces)] { write_piece(bytes, pieces, 0, 0); });
  }

  // The server process ends: every socket and both listeners close.
  void die() {
    run_and_wait([this] { close_everything(); });
  }
  // It comes back on the same ports.
  void revive() {
    run_and_wait([this] { listen(command_port_, emg_port_); });
  }

  std::vector<std::string> commands() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return commands_;
  }
  int starts() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return starts_;
  }
  int streams_written() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return streams_written_;
  }
  // Waits (at most `limit`, generous: a hang guard, not a speed test) until `predicate` holds.
  static bool wait_for(const std::function<bool()>& predicate,
                       std::chrono::milliseconds limit = std::chrono::milliseconds(10000)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!predicate()) {
      if (std::chrono::steady_clock::now() > end) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

 private:
  using tcp = boost::asio::ip::tcp;

  void run_and_wait(std::function<void()> f) {
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    boost::asio::post(io_, [&] {
      f();
      std::lock_guard<std::mutex> lock(m);
      finished = true;
      cv.notify_all();
    });
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return finished; });
  }

  void listen(std::uint16_t command_port, std::uint16_t emg_port) {
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    open(command_acceptor_, tcp::endpoint(loopback, command_port));
    open(emg_acceptor_, tcp::endpoint(loopback, emg_port));
    command_port_ = command_acceptor_.local_endpoint().port();
    emg_port_ = emg_acceptor_.local_endpoint().port();
    accept_command();
    accept_data();
  }

  static void open(tcp::acceptor& acceptor, const tcp::endpoint& endpoint) {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
  }

  void accept_command() {
    command_acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
      if (ec) return;
      command_ = std::make_shared<tcp::socket>(std::move(s));
      inbox_.clear();
      if (behaviour_.greet) {
        send(command_, "Delsys Trigno System Digital Protocol Version 3.6.0 \r\n\r\n");
      }
      read_command(command_);
      accept_command();
    });
  }

  void accept_data() {
    emg_acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket s) {
      if (ec) return;
      data_ = std::make_shared<tcp::socket>(std::move(s));
      accept_data();
    });
  }

  void read_command(std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<std::array<char, 512>>();
    socket->async_read_some(
        boost::asio::buffer(*buffer),
        [this, socket, buffer](const boost::system::error_code& ec, std::size_t n) {
          if (ec || socket != command_) return;
          inbox_.append(buffer->data(), n);
          for (std::size_t end; (end = inbox_.find("\r\n\r\n")) != std::string::npos;) {
            const std::string command = inbox_.substr(0, end);
            inbox_.erase(0, end + 4);
            on_command(command);
          }
          read_command(socket);
        });
  }

  void on_command(const std::string& command) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      commands_.push_back(command);
      if (command == "START") ++starts_;
    }
    if (!behaviour_.answer) return;
    std::string reply = "INVALID COMMAND";
    if (command == "START" || command == "STOP")
      reply = "OK";
    else if (command == "RATE?")
      reply = behaviour_.base_rate;
    else if (command.starts_with("SENSOR ") && command.ends_with(" PAIRED?"))
      reply = behaviour_.paired;
    else if (command.starts_with("SENSOR ") && command.ends_with(" CHANNEL 1 RATE?"))
      reply = behaviour_.sensor_rate;
    send(command_, reply + "\r\n\r\n");
  }

  void send(std::shared_ptr<tcp::socket> socket, std::string text) {
    auto owned = std::make_shared<std::string>(std::move(text));
    boost::asio::async_write(*socket, boost::asio::buffer(*owned),
                             [socket, owned](const boost::system::error_code&, std::size_t) {});
  }

  void write_piece(std::shared_ptr<std::vector<std::uint8_t>> bytes,
                   std::vector<std::size_t> pieces, std::size_t offset, std::size_t k) {
    if (offset >= bytes->size() || !data_) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ++streams_written_;
      }
      return;
    }
    const std::size_t n = std::min(pieces[k % pieces.size()], bytes->size() - offset);
    auto socket = data_;
    boost::asio::async_write(
        *socket, boost::asio::buffer(bytes->data() + offset, n),
        [this, bytes, pieces, offset, n, k](const boost::system::error_code& ec, std::size_t) {
          if (ec) return;
          auto pause = std::make_shared<boost::asio::steady_timer>(io_);
          pause->expires_after(std::chrono::microseconds(300));
          pause->async_wait(
              [this, pause, bytes, pieces, offset, n, k](const boost::system::error_code&) {
                write_piece(bytes, pieces, offset + n, k + 1);
              });
        });
  }

  void close_everything() {
    boost::system::error_code ignored;
    command_acceptor_.close(ignored);
    emg_acceptor_.close(ignored);
    if (command_) command_->close(ignored);
    if (data_) data_->close(ignored);
    command_.reset();
    data_.reset();
  }

  FakeTrignoBehaviour behaviour_;
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(io_)};
  tcp::acceptor command_acceptor_{io_};
  tcp::acceptor emg_acceptor_{io_};
  std::uint16_t command_port_ = 0;
  std::uint16_t emg_port_ = 0;
  std::shared_ptr<tcp::socket> command_;
  std::shared_ptr<tcp::socket> data_;
  std::string inbox_;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::vector<std::string> commands_;
  int starts_ = 0;
  int streams_written_ = 0;
};

}  // namespace stridecue::test
