// An X server of its own for an end-to-end overlay test (Xvfb at the test's screen size, no
// window manager), and the wait the tests use for what happens in other processes.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "overlay/e2e/child_process.hpp"

namespace stridecue::test {

// True once `ok()` holds, polling every 50 ms for at most `seconds`.
template <class F>
bool eventually(double seconds, F&& ok) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ok();
}

// Xvfb on a display number it picks itself (-displayfd): the lowest one free, taken atomically
// by its lock file, and told to us only once the server accepts connections. Picking a number
// here and waiting for /tmp/.X11-unix/X<n> to exist could not tell our server's socket from
// another's: when the number was taken (another worktree's test, a benchmark's Xvfb, one left by
// a test killed at its timeout), our Xvfb exited and the overlay, xdotool and the screenshots
// went to someone else's screen. Its log in `log`; ready() says whether it answered within 10 s.
class XvfbDisplay {
 public:
  XvfbDisplay(int width, int height, const std::filesystem::path& log)
      : pipe_(),
        server_({"Xvfb", "-displayfd", std::to_string(pipe_.write_end), "-screen", "0",
                 std::to_string(width) + "x" + std::to_string(height) + "x24", "-nolisten", "tcp"},
                log.string()) {
    pipe_.close_write_end();  // Xvfb has its copy; later children must not
  }

  // Reads the display number Xvfb writes when it is ready ("42\n").
  bool ready() {
    if (!name_.empty()) return true;
    std::string text;
    eventually(10, [&] {
      pollfd p{pipe_.read_end, POLLIN, 0};
      if (::poll(&p, 1, 0) <= 0) return false;
      char c = 0;
      while (::read(pipe_.read_end, &c, 1) == 1 && c != '\n')
        text += c;
      return !text.empty();
    });
    if (text.empty()) return false;
    name_ = ":" + text;
    return true;
  }
  const std::string& name() const { return name_; }  // ":1", for DISPLAY

 private:
  // The read end closes on exec (no child needs it); the write end is inherited by Xvfb only.
  struct Pipe {
    int read_end = -1, write_end = -1;
    Pipe() {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) == 0) {
        read_end = fds[0];
        write_end = fds[1];
        ::fcntl(write_end, F_SETFD, 0);
      }
    }
    ~Pipe() {
      close_write_end();
      if (read_end >= 0) ::close(read_end);
    }
    void close_write_end() {
      if (write_end >= 0) ::close(write_end);
      write_end = -1;
    }
  };

  Pipe pipe_;
  ChildProcess server_;
  std::string name_;
};

}  // namespace stridecue::test
