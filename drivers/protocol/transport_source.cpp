#include "protocol/transport_source.hpp"

namespace stridecue::protocol {

void TransportFailure::fail_at_start(std::string why) {
  message_ = std::move(why);
  failed_.store(true, std::memory_order_release);
}

void TransportFailure::fail(std::string why) {
  {
    std::lock_guard lock(pending_mutex_);
    pending_ = std::move(why);
  }
  failed_.store(true, std::memory_order_release);
}

bool TransportFailure::seen_by_consumer() {
  if (!failed()) return false;
  if (message_.empty()) {
    std::lock_guard lock(pending_mutex_);
    message_ = pending_;
  }
  return true;
}

SourceStatus next_block(TransportFailure& failure, ProtocolDevice* core, SampleBlock& block,
                        std::chrono::milliseconds wait) {
  if (failure.seen_by_consumer()) return SourceStatus::failed;
  if (core->pop_for(block, wait)) return SourceStatus::block;
  return SourceStatus::waiting;
}

}  // namespace stridecue::protocol
