// Drains a live source the way a tool does — next() until it has what the test
// waits for — copying blocks (their samples live only until the next call) and events.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include "source/sample_source.hpp"
#include "support/block_copy.hpp"

namespace stridecue::test {

struct Collected {
  std::vector<BlockCopy> blocks;
  std::vector<SourceEvent> events;
  SourceStatus last = SourceStatus::waiting;
  bool has_event(SourceEvent::Kind kind) const {
    for (const auto& e : events) {
      if (e.kind == kind) return true;
    }
    return false;
  }
  const SourceEvent* event(SourceEvent::Kind kind) const {
    for (const auto& e : events) {
      if (e.kind == kind) return &e;
    }
    return nullptr;
  }
};

// The device was lost and every block it sent before that has been taken: the loss is an
// event, reported while the last blocks may still wait in the source's queue, so a test that
// stops at the event alone may miss them. next() saying `waiting` after it means the queue is
// empty.
inline bool lost_and_drained(const Collected& c) {
  return c.has_event(SourceEvent::Kind::lost) && c.last == SourceStatus::waiting;
}

// Calls next() until `done` says so, the source ends or fails, or `limit` passes (a
// safety net against a hung replay, not a speed requirement).
inline void collect(SampleSource& source, Collected& into,
                    const std::function<bool(const Collected&)>& done,
                    std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done(into) && std::chrono::steady_clock::now() < deadline) {
    SampleBlock block;
    into.last = source.next(block);
    for (auto& e : source.take_events())
      into.events.push_back(std::move(e));
    if (into.last == SourceStatus::block) {
      into.blocks.push_back(BlockCopy::of(block));
    } else if (into.last == SourceStatus::failed || into.last == SourceStatus::end) {
      return;
    }
  }
}

}  // namespace stridecue::test
