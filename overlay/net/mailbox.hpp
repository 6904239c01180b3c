// Hands messages from the network threads to the UI thread. The UI takes everything waiting
// once per frame, so a lock held for a push or a swap is all the sharing there is; the UI never
// waits for the network.
#pragma once

#include <mutex>
#include <vector>

namespace stridecue::overlay {

template <class Message>
class Mailbox {
 public:
  void push(Message message) {
    std::lock_guard lock(mutex_);
    waiting_.push_back(std::move(message));
  }
  // Everything pushed since the last call, in order.
  std::vector<Message> take_all() {
    std::vector<Message> taken;
    std::lock_guard lock(mutex_);
    taken.swap(waiting_);
    return taken;
  }

 private:
  std::mutex mutex_;
  std::vector<Message> waiting_;
};

}  // namespace stridecue::overlay
