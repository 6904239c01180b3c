// The overlay's requests to the daemon (settings, schema, PATCH, session start/stop, baseline
// reset) on a thread of its own, one after another in the order asked, so the UI thread never
// waits for the network. Each answer goes to the mailbox with the kind and id it was asked with.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "api/api_client.hpp"
#include "net/mailbox.hpp"
#include "net/net_message.hpp"

namespace stridecue::overlay {

struct Request {
  RequestKind kind = RequestKind::status;
  std::string method;
  std::string path;
  std::string body;
  int id = 0;
};

class RequestWorker {
 public:
  RequestWorker(ApiUrl url, std::string token, Mailbox<NetMessage>& mailbox);
  ~RequestWorker();  // finishes the request under way, drops the rest
  RequestWorker(const RequestWorker&) = delete;
  RequestWorker& operator=(const RequestWorker&) = delete;

  void submit(Request request);

 private:
  void run();

  ApiClient client_;
  Mailbox<NetMessage>& mailbox_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Request> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace stridecue::overlay
