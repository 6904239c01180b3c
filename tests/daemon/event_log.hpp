// Collects the daemon's event stream on a thread of its own while a test acts on the daemon.
#pragma once

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "api/api_client.hpp"

namespace stridecue::test {

class EventLog {
 public:
  explicit EventLog(const ApiClient& client)
      : thread_([this, client] {
          try {
            client.stream("/api/v1/stream", [this](const std::string& text) {
              std::lock_guard lock(mutex_);
              events_.push_back(nlohmann::json::parse(text));
              return !stop_.load();
            });
          } catch (const std::exception&) {
            // The daemon went away: the events so far are what the test checks.
          }
        }) {}
  ~EventLog() {
    stop_.store(true);
    thread_.join();
  }

  std::vector<nlohmann::json> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::size_t count(const std::string& type) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& e : events_)
      n += e.value("type", "") == type;
    return n;
  }
  // Waits until at least `n` events of `type` have arrived (at most `seconds`).
  bool wait_for(const std::string& type, std::size_t n, double seconds) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      if (count(type) >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<nlohmann::json> events_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace stridecue::test
