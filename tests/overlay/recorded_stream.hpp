// The recorded event stream of tests/overlay/fixtures (see its README): messages with the time
// the overlay received them, to feed an OverlayView as the live overlay was fed.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/test_paths.hpp"
#include "view/overlay_view.hpp"

namespace stridecue::test {

struct RecordedMessage {
  double recv_s = 0.0;
  nlohmann::json event;
  std::string text;  // as it came over the wire
};

inline std::vector<RecordedMessage> recorded_session() {
  std::ifstream in(std::string(source_dir()) + "/tests/overlay/fixtures/sim_session.jsonl");
  std::vector<RecordedMessage> messages;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    messages.push_back({j.at("recv_s").get<double>(), j.at("event"), j.at("event").dump()});
  }
  return messages;
}

// Feeds every message received up to `until_s` (all when negative); returns how many.
inline std::size_t feed(overlay::OverlayView& view, const std::vector<RecordedMessage>& messages,
                        double until_s = -1.0) {
  std::size_t n = 0;
  for (const auto& m : messages) {
    if (until_s >= 0 && m.recv_s > until_s) break;
    view.on_stream_text(m.text, m.recv_s);
    ++n;
  }
  return n;
}

// Plays a recording into a view bit by bit, as time goes on.
class StreamPlayer {
 public:
  explicit StreamPlayer(const std::vector<RecordedMessage>& messages) : messages_(messages) {}
  // Feeds the messages received up to `until_s` not fed yet; returns how many.
  std::size_t play_until(overlay::OverlayView& view, double until_s) {
    std::size_t n = 0;
    for (; next_ < messages_.size() && messages_[next_].recv_s <= until_s; ++next_, ++n)
      view.on_stream_text(messages_[next_].text, messages_[next_].recv_s);
    return n;
  }

 private:
  const std::vector<RecordedMessage>& messages_;
  std::size_t next_ = 0;
};

// The first message of `type` (and `kind`, for cues), or nullptr.
inline const RecordedMessage* first_of(const std::vector<RecordedMessage>& messages,
                                       const std::string& type, const std::string& kind = {}) {
  for (const auto& m : messages)
    if (m.event.value("type", "") == type && (kind.empty() || m.event.value("kind", "") == kind))
      return &m;
  return nullptr;
}

}  // namespace stridecue::test
