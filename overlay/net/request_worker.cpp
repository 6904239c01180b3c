#include "net/request_worker.hpp"

namespace stridecue::overlay {

RequestWorker::RequestWorker(ApiUrl url, std::string token, Mailbox<NetMessage>& mailbox)
    : client_(std::move(url), std::move(token)), mailbox_(mailbox), thread_([this] { run(); }) {}

RequestWorker::~RequestWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void RequestWorker::submit(Request request) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(request));
  }
  wake_.notify_one();
}

void RequestWorker::run() {
  for (;;) {
    Request request;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      request = std::move(queue_.front());
      queue_.pop_front();
    }
    NetMessage answer;
    answer.kind = NetMessage::Kind::response;
    answer.request = request.kind;
    answer.request_id = request.id;
    try {
      const ApiResponse response = client_.request(request.method, request.path, request.body);
      answer.status = response.status;
      answer.text = response.body;
    } catch (const std::exception& e) {
      answer.status = 0;  // never reached the daemon, or no valid reply
      answer.text = e.what();
    }
    mailbox_.push(std::move(answer));
  }
}

}  // namespace stridecue::overlay
