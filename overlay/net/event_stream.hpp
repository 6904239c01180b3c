// The daemon's event stream on a thread of its own: connects, hands every message to the UI's
// mailbox, and when the daemon is not there (or goes away, or drops us as too slow) says so and
// tries again with back-off, 0.25 s doubling up to 4 s, for as long as the overlay runs.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "api/api_client.hpp"
#include "net/mailbox.hpp"
#include "net/net_message.hpp"

namespace stridecue::overlay {

struct Backoff {
  double first_s = 0.25;
  double max_s = 4.0;
  double next(double previous_s) const {
    return previous_s <= 0 ? first_s : std::min(previous_s * 2, max_s);
  }
};

class EventStream {
 public:
  EventStream(ApiUrl url, std::string token, Mailbox<NetMessage>& mailbox, Backoff backoff = {});
  ~EventStream();  // stops the thread, closing the connection (within ~0.1 s)
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  std::size_t connections() const { return connections_.load(); }

 private:
  void run();
  // One connection, until it ends or stop_ is set. Returns why it ended; `refused` is set for
  // a daemon that answered the upgrade with an HTTP error.
  std::string run_once(bool& refused);
  bool wait(double seconds);  // false when asked to stop meanwhile

  ApiUrl url_;
  std::string token_;
  Mailbox<NetMessage>& mailbox_;
  Backoff backoff_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> connections_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace stridecue::overlay
