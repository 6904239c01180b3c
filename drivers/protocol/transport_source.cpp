#include "protocol/transport_source.hpp"

namespace stridecue::protocol {

void TransportFailure::fail_at_start(std::string why) {
  message_ = std::move(why);
  pending_ = message_;
  failed_.store(true, std::memory_order_release);
}

void TransportFailure::fail(std::string why) {
  std::lock_guard lock(pending_mutex_);
  pending_ = std::move(why);
  failed_.store(true, std::memory_order_release);
  if (sink_ != nullptr) sink_->close(pending_);
}

void TransportFailure::close_on_failure(BlockSink& sink) {
  std::lock_guard lock(pending_mutex_);
  sink_ = &sink;
  if (failed()) sink.close(pending_);
}

void push_blocks(TransportFailure& failure, ProtocolDevice* core, BlockSink& sink) {
  if (core != nullptr) core->push_into(sink);
  failure.close_on_failure(sink);
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
