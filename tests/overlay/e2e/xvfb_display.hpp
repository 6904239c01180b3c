// An X server of its own for an end-to-end overlay test (Xvfb at the test's screen size, no
// window manager), and the wait the tests use for what happens in other processes.
#pragma once

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

// Xvfb on display `first + pid % 400` (tests running at once pick different ones), its log in
// `log`. ready() says whether its socket appeared within 10 s.
class XvfbDisplay {
 public:
  XvfbDisplay(int first, int width, int height, const std::filesystem::path& log)
      : number_(first + ::getpid() % 400),
        name_(":" + std::to_string(number_)),
        server_({"Xvfb", name_, "-screen", "0",
                 std::to_string(width) + "x" + std::to_string(height) + "x24", "-nolisten", "tcp"},
                log.string()) {}

  bool ready() const {
    return eventually(
        10, [&] { return std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(number_)); });
  }
  const std::string& name() const { return name_; }  // ":440", for DISPLAY

 private:
  int number_;
  std::string name_;
  ChildProcess server_;
};

}  // namespace stridecue::test
