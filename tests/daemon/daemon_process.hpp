// Starts `stridecued` as a real process with a config written for the test, finds the control
// API's port in its log, and stops it — politely, or with kill -9.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "api/api_client.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"

namespace stridecue::test {

class DaemonProcess {
 public:
  // `config_toml` is written to DIR/stridecue.toml; the daemon's stderr goes to DIR/daemon.log.
  // `in_child` runs in the forked child before exec (e.g. setrlimit): async-signal-safe calls
  // only.
  DaemonProcess(const std::filesystem::path& dir, const std::string& config_toml,
                const std::vector<std::pair<std::string, std::string>>& env = {},
                void (*in_child)() = nullptr)
      : dir_(dir) {
    write_config(config_toml);
    const std::string log = (dir / "daemon.log").string();
    const std::string config = config_path().string();
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      for (const auto& [k, v] : env)
        ::setenv(k.c_str(), v.c_str(), 1);
      if (in_child != nullptr) in_child();
      std::FILE* f = std::freopen(log.c_str(), "w", stderr);
      if (f == nullptr) ::_exit(127);
      std::freopen("/dev/null", "w", stdout);
      ::chdir(dir.c_str());
      ::execl(test::daemon_path(), test::daemon_path(), "--config", config.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    port_ = wait_for_port();
  }

  ~DaemonProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  std::filesystem::path config_path() const { return dir_ / "stridecue.toml"; }
  void write_config(const std::string& toml) const { std::ofstream(config_path()) << toml; }
  std::string log() const { return read_file(dir_ / "daemon.log"); }
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  ApiClient client(const std::string& token = {}) const {
    return ApiClient(parse_api_url("127.0.0.1:" + std::to_string(port_)), token);
  }
  bool running() const { return pid_ > 0 && ::kill(pid_, 0) == 0 && !exited(); }
  void signal(int sig) const { ::kill(pid_, sig); }

  // Sends `sig` and waits for the exit; returns the exit status (or 128 + signal).
  int stop(int sig = SIGTERM) {
    ::kill(pid_, sig);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // Waits for the daemon to exit by itself (at most `seconds`, then kills it); its exit status.
  int wait_exit(double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > until) return stop(SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // Waits until the log holds `text` (at most `seconds`).
  bool wait_for_log(const std::string& text, double seconds = 10.0) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (log().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  bool exited() const {
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == pid_;
  }
  // "control API on http://ADDRESS:PORT/api/v1/", whatever the address it listens on.
  int wait_for_port() const {
    const std::string marker = "control API on http://";
    for (int i = 0; i < 500; ++i) {
      const std::string text = log();
      if (const auto at = text.find(marker); at != std::string::npos) {
        const auto path = text.find('/', at + marker.size());
        const auto colon = text.rfind(':', path);
        if (path != std::string::npos && colon != std::string::npos && colon > at)
          return std::atoi(text.c_str() + colon + 1);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("stridecued did not start its API; log:\n" << log());
    return 0;
  }

  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A config for tests: the simulator at real-time pace, any free port, the store in `dir`.
inline std::string test_config(const std::filesystem::path& dir, const std::string& extra = {}) {
  return "[source]\nkind = \"simulator\"\npace = 1.0\n\n"
         "[api]\nport = 0\n\n"
         "[store]\npath = \"" +
         (dir / "sessions.db").string() + "\"\n\n" + extra;
}

// test_config without sound: most daemon tests watch the stream, not the speaker.
inline std::string silent_config(const std::filesystem::path& dir) {
  return test_config(dir) + "[audio]\nenabled = false\n";
}

}  // namespace stridecue::test
