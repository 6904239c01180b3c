// Test support for the session store: a scratch database path and rows with every field set.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "store/session_store.hpp"
#include "support/run_program.hpp"

namespace stridecue::test {

inline ChannelInfo force_channel(std::string name, Plate plate) {
  return ChannelInfo{std::move(name), Quantity::force_z, plate, std::nullopt, ""};
}

inline ChannelInfo emg_channel(std::string name, Side side) {
  return ChannelInfo{std::move(name), Quantity::emg, std::nullopt, side, "gmed"};
}

// Plates on stream 0, a gluteus medius on stream 1 (starting `emg_start_s` into the session).
inline SourceLayout two_stream_layout(double emg_start_s = 0.0) {
  SourceLayout layout;
  layout.streams.push_back(
      {"force",
       1000.0,
       0.0,
       {force_channel("left_fz_n", Plate::left), force_channel("right_fz_n", Plate::right)}});
  layout.streams.push_back(
      {"emg", 2000.0, emg_start_s, {emg_channel("emg_gmed_left_v", Side::left)}});
  return layout;
}

// A block that holds its samples, for writing and for comparing what comes back.
struct OwnedBlock {
  std::uint16_t stream;
  std::int64_t first_sample;
  std::int64_t receipt_ns;
  std::size_t frames;
  std::size_t channels;
  std::vector<float> samples;

  SampleBlock view() const {
    return SampleBlock{stream, first_sample, receipt_ns, frames, channels, samples};
  }
};

inline StoredStride stride_row(std::int64_t index, double contact_s) {
  StoredStride s;
  s.index = index;
  s.side = index % 2 == 0 ? Side::left : Side::right;
  s.contact_s = contact_s;
  s.strike = index % 3 == 0 ? std::optional<std::string>() : std::string("rearfoot");
  s.strike_index =
      index % 3 == 0 ? std::optional<double>() : 0.125 + 0.001 * static_cast<double>(index);
  s.json = "{\"stride\":" + std::to_string(index) + "}";
  return s;
}

// A store written at once (no batching), for tests that read what they wrote.
inline SessionStore open_store_now(const std::string& path) {
  StoreOptions o;
  o.path = path;
  o.commit_interval_s = 0.0;
  return SessionStore(o);
}

// A session of `runner` whose strides run from 0 to `running_s` (one every 0.7 s).
inline void session_with_running(SessionStore& store, const std::string& runner, double running_s) {
  SourceLayout layout;
  const std::int64_t id = store.begin_session(runner, "{}", layout).id;
  std::int64_t index = 0;
  for (double t = 0.0; t <= running_s + 1e-9; t += 0.7)
    store.add_stride(id, stride_row(index++, t));
  store.end_session(id, std::nullopt);
}

inline StoredCue cue_row(std::int64_t seq) {
  StoredCue c;
  c.seq = seq;
  c.kind = seq % 2 == 0 ? "heel_strike" : "hips";
  c.side = Side::right;
  c.contact_s = 1.5 + static_cast<double>(seq);
  c.decided_s = 1.53 + static_cast<double>(seq);
  c.reason = "rearfoot strike (index 0.12), every-stride mode";
  c.receipt_to_decision_ns = 12'345 + seq;
  c.json = "{\"cue\":" + std::to_string(seq) + "}";
  return c;
}

}  // namespace stridecue::test
