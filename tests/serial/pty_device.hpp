// A stridecue serial device on a real pseudo-terminal: the test holds the master side and
// answers the protocol's lines; the source opens the slave through a symlink, as it would
// open /dev/ttyACM0. Closing the master is the kernel's hangup — what a reader of
// /dev/ttyACM0 sees when the cable is pulled — which umockdev's tty scripts cannot produce.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "protocol/control_messages.hpp"
#include "usb/test_plate.hpp"

namespace stridecue::test {

class PtyDevice {
 public:
  // Plugs in: a new pty, `link` pointing at its slave; after START it sends frames 0 … n-1.
  PtyDevice(std::string link, std::uint32_t frames) : link_(std::move(link)), frames_(frames) {
    int slave = -1;
    char name[128] = {};
    if (openpty(&master_, &slave, name, nullptr, nullptr) != 0) {
      throw std::runtime_error("openpty failed");
    }
    close(slave);  // the source opens its own
    std::filesystem::remove(link_);
    std::filesystem::create_symlink(name, link_);
    thread_ = std::thread([this] { serve(); });
  }
  ~PtyDevice() { unplug(); }
  PtyDevice(const PtyDevice&) = delete;
  PtyDevice& operator=(const PtyDevice&) = delete;

  void unplug() {
    if (master_ < 0) return;
    stop_ = true;
    thread_.join();
    close(master_);
    master_ = -1;
    std::error_code ignored;
    std::filesystem::remove(link_, ignored);
  }

 private:
  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto n = ::write(master_, bytes.data(), bytes.size());
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  void answer(const std::string& line) {
    const auto parsed = protocol::parse_command_line(line);
    if (!parsed) return;
    const auto& command = *parsed.value;
    const auto description = test_plate_description();
    switch (command.request) {
      case protocol::Request::identify:
        return send(protocol::encode_identity_line(description.identity));
      case protocol::Request::get_stream:
        return send(protocol::encode_stream_line(command.stream, description.streams[0]));
      case protocol::Request::get_channel:
        return send(protocol::encode_channel_line(command.stream, command.channel,
                                                  description.channels[0][command.channel]));
      case protocol::Request::set_rate:
      case protocol::Request::stop: return send(protocol::encode_ack_line(command));
      case protocol::Request::start:
        send(protocol::encode_ack_line(command));
        for (std::uint32_t seq = 0; seq < frames_; ++seq) {
          const auto frame = plate_frame(seq);
          send({reinterpret_cast<const char*>(frame.data()), frame.size()});
        }
        return;
    }
  }

  void serve() {
    std::string line;
    while (!stop_) {
      pollfd p{master_, POLLIN, 0};
      if (poll(&p, 1, 20) <= 0 || (p.revents & POLLIN) == 0) {
        if (p.revents & POLLHUP) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        continue;
      }
      char chunk[256];
      const auto n = ::read(master_, chunk, sizeof chunk);
      if (n <= 0) continue;
      for (ssize_t i = 0; i < n; ++i) {
        if (chunk[i] == '\n') {
          answer(line);
          line.clear();
        } else {
          line += chunk[i];
        }
      }
    }
  }

  std::string link_;
  std::uint32_t frames_;
  int master_ = -1;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace stridecue::test
