// The master side of a real pseudo-terminal, for the serial tests' stand-in devices: a source
// opens the slave through a symlink, as it would open /dev/ttyACM0, and each line it writes is
// handed to the device's `on_line` on the link's own thread. Closing the master (unplug) is the
// kernel's hangup — what a reader of /dev/ttyACM0 sees when the cable is pulled — which
// umockdev's tty scripts cannot produce.
#pragma once

#include <poll.h>
#include <pty.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

namespace stridecue::test {

class PtyLink {
 public:
  using LineHandler = std::function<void(const std::string& line)>;

  // Plugs in: a new pty, `link` pointing at its slave, lines served from now on.
  PtyLink(std::string link, LineHandler on_line)
      : link_(std::move(link)), on_line_(std::move(on_line)) {
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
  ~PtyLink() { unplug(); }
  PtyLink(const PtyLink&) = delete;
  PtyLink& operator=(const PtyLink&) = delete;

  // Any thread: the test's frames and the device's answers do not interleave.
  void write_all(std::string_view bytes) {
    std::lock_guard lock(write_mutex_);
    while (!bytes.empty()) {
      const auto n = ::write(master_, bytes.data(), bytes.size());
      if (n <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

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
          on_line_(line);
          line.clear();
        } else {
          line += chunk[i];
        }
      }
    }
  }

  std::string link_;
  LineHandler on_line_;
  int master_ = -1;
  std::atomic<bool> stop_{false};
  std::mutex write_mutex_;
  std::thread thread_;
};

}  // namespace stridecue::test
