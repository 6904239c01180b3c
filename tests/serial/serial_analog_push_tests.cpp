// Analog force plates behind a serial DAQ (a real pty, serial/pty_daq.hpp) in the daemon's path:
// the DAQ's reader thread claims one slot of the engine's lane through AnalogPlateSource, and the
// volts are converted into it there — one hand-off, as for the other devices. The forces are
// the pull path's bit for bit; a full lane loses whole blocks and counts them; a tare requested
// while pushing takes effect from the block after its window; a failure closes the lane.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <mutex>
#include <thread>

#include "analog/analog_plate_source.hpp"
#include "analog/plate_fixtures.hpp"
#include "live/block_channel.hpp"
#include "live/source_feeder.hpp"
#include "serial/pty_daq.hpp"
#include "serial/serial_device_source.hpp"
#include "support/lane_wait.hpp"
#include "support/thread_names.hpp"

using namespace stridecue;
using namespace stridecue::test;
using namespace std::chrono_literals;

namespace {

const Vector6 kOffsetV{0.05, -0.03, 0.04, 0.02, -0.06, 0.01};

std::string link_path(std::string_view tag) {
  return fmt::format("/tmp/stridecue-daq-{}-{}", getpid(), tag);
}

AnalogPlateProfile daq_profile(double tare_window_s = 0.2) {
  AnalogPlateProfile p;
  p.name = "daq test plate";
  p.stream = "analog";
  p.plates = {test_plate()};
  p.tare_window_s = tare_window_s;
  return p;
}

// One volts row for device sample `sample`: the plate's six outputs under `load`, plus the
// amplifiers' offsets, then the DAQ's two other inputs.
std::vector<float> volts_row(const PointLoad& load, std::int64_t sample, const Vector6& offset_v) {
  const PlateCalibration plate = test_plate();
  const Vector6 v = volts_for_loads(plate, *invert(plate.matrix), loads_of(plate, load));
  std::vector<float> row;
  for (std::size_t c = 0; c < 6; ++c)
    row.push_back(static_cast<float>(v[c] + offset_v[c]));
  row.push_back(0.5f);
  row.push_back(static_cast<float>(sample) * 1e-3f);
  return row;
}

// Volts frame `seq` (device samples seq × 4 …) under a load that depends on the sample.
template <class LoadAt>
std::vector<std::uint8_t> volts_frame(std::uint32_t seq, LoadAt load_at,
                                      const Vector6& offset_v = {}) {
  std::vector<std::vector<float>> rows;
  const auto first = static_cast<std::int64_t>(seq) * kDaqRowsPerFrame;
  for (std::int64_t s = first; s < first + kDaqRowsPerFrame; ++s)
    rows.push_back(volts_row(load_at(s), s, offset_v));
  return daq_frame(0, seq, static_cast<std::uint64_t>(first), rows);
}

std::vector<std::uint8_t> sync_frame(std::uint32_t seq) {
  return daq_frame(1, seq, seq, {{seq % 2 == 0 ? 3.3f : 0.0f}});
}

// A runner's stance in miniature: unloaded (COP undefined, held), then loads that move.
PointLoad varied_load(std::int64_t s) {
  if (s < 10) return {0, 0, -5, 0, 0, 0};
  const double t = static_cast<double>(s);
  return {30.0 * std::sin(t / 7.0), -12.0 + 0.5 * t,    -(600.0 + 10.0 * t),
          0.1 - 0.004 * t,          0.02 * std::cos(t), 0.3 * std::sin(t / 3.0)};
}

PointLoad standing(std::int64_t) {
  return {0, 0, -800, 0.1, 0.05, 0};
}

PointLoad nobody(std::int64_t) {
  return {};
}

struct Block {
  std::uint16_t stream = 0;
  std::int64_t first_sample = 0;
  std::size_t frames = 0, channels = 0;
  std::vector<float> samples;
  float at(std::size_t f, std::size_t c) const { return samples[f * channels + c]; }
};

Block copy_of(const SampleBlock& b) {
  return {b.stream, b.first_sample, b.frames, b.channels, {b.samples.begin(), b.samples.end()}};
}

// Everything in the lane now, in the engine's order; each slot goes back.
std::vector<Block> drain(BlockChannel& channel, const SourceLayout& layout) {
  LaneMerge reader(channel, layout);
  std::vector<Block> out;
  std::uint16_t slot = 0;
  while (reader.pop(slot)) {
    out.push_back(copy_of(channel.pool[slot].header));
    channel.free.try_push(slot);
  }
  return out;
}

std::vector<Block> of_stream(const std::vector<Block>& blocks, std::uint16_t stream) {
  std::vector<Block> out;
  std::copy_if(blocks.begin(), blocks.end(), std::back_inserter(out),
               [&](const Block& b) { return b.stream == stream; });
  return out;
}

bool wait_until(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;  // a hang, not a speed limit
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

// In front of the lane: notes the thread of every claim and commit.
class ThreadNotingSink final : public BlockSink {
 public:
  explicit ThreadNotingSink(BlockSink& lane) : lane_(lane) {}
  std::span<float> claim(std::uint16_t stream, std::size_t frames, std::size_t channels) override {
    note();
    return lane_.claim(stream, frames, channels);
  }
  void commit(const BlockStamp& stamp) override {
    note();
    lane_.commit(stamp);
  }
  std::size_t slot_floats() const override { return lane_.slot_floats(); }
  bool has_room() const override { return lane_.has_room(); }
  void close(const std::string& failure) override { lane_.close(failure); }
  std::vector<std::string> names() const {
    std::lock_guard lock(mutex_);
    return names_;
  }

 private:
  void note() {
    std::lock_guard lock(mutex_);
    names_.push_back(this_thread_name());
  }
  BlockSink& lane_;
  mutable std::mutex mutex_;
  std::vector<std::string> names_;
};

std::unique_ptr<AnalogPlateSource> plates_on(const std::string& link,
                                             AnalogPlateProfile profile = daq_profile()) {
  serial::SerialSourceOptions options;
  options.path = link;
  auto plates = std::make_unique<AnalogPlateSource>(
      std::make_unique<serial::SerialDeviceSource>(options), std::move(profile));
  REQUIRE(plates->failure() == "");
  return plates;
}

bool same_bits(const Block& a, const Block& b) {
  return a.stream == b.stream && a.first_sample == b.first_sample && a.frames == b.frames &&
         a.channels == b.channels && a.samples.size() == b.samples.size() &&
         std::memcmp(a.samples.data(), b.samples.data(), a.samples.size() * sizeof(float)) == 0;
}

constexpr std::uint32_t kVoltsFrames = 12;
constexpr std::uint32_t kSyncFrames = 3;

void send_varied(PtyDaq& daq) {
  REQUIRE(wait_until([&] { return daq.started(); }));
  for (std::uint32_t k = 0; k < kVoltsFrames; ++k) {
    daq.send(volts_frame(k, varied_load));
    if (k % 4 == 3) daq.send(sync_frame(k / 4));
  }
}

}  // namespace

TEST_CASE("analog plates pushed by their DAQ's thread give the pull path's forces bit for bit") {
  // Pulled, as `stridecue devices` and the tests read a device.
  PtyDaq pulled_daq(link_path("pull"), daq_description());
  auto pulled = plates_on(link_path("pull"));
  send_varied(pulled_daq);
  std::vector<Block> by_pull;
  REQUIRE(wait_until([&] {
    SampleBlock b;
    if (pulled->next(b) == SourceStatus::block) by_pull.push_back(copy_of(b));
    return by_pull.size() == kVoltsFrames + kSyncFrames;
  }));

  // Pushed, as the daemon runs it: the DAQ's reader thread converts into the lane.
  BlockChannel channel(1);
  ThreadNotingSink noting(*channel.lanes[0]);
  PtyDaq pushed_daq(link_path("push"), daq_description());
  auto pushed = plates_on(link_path("push"));
  REQUIRE(pushed->pushes());
  pushed->push_into(noting);
  send_varied(pushed_daq);
  REQUIRE(wait_for_blocks(channel, kVoltsFrames + kSyncFrames) == kVoltsFrames + kSyncFrames);
  const std::vector<Block> by_push = drain(channel, pushed->layout());
  CHECK(channel.blocks_dropped.load() == 0);

  for (const std::uint16_t stream : {std::uint16_t{0}, std::uint16_t{1}}) {
    const auto pull = of_stream(by_pull, stream);
    const auto push = of_stream(by_push, stream);
    REQUIRE(pull.size() == (stream == 0 ? kVoltsFrames : kSyncFrames));
    REQUIRE(push.size() == pull.size());
    for (std::size_t i = 0; i < pull.size(); ++i) {
      INFO("stream " << stream << " block " << i);
      CHECK(same_bits(pull[i], push[i]));
    }
  }
  // The forces are forces (the plate's 6 columns, not the DAQ's 8 volts), and loaded.
  const auto forces = of_stream(by_push, 0);
  CHECK(forces.front().channels == 6);
  CHECK(forces.back().at(3, 2) == Approx(600.0 + 10.0 * 47).margin(0.05));
  CHECK(of_stream(by_push, 1)[0].at(0, 0) == 3.3f);  // sync passed through
  CHECK(of_stream(by_push, 1)[1].at(0, 0) == 0.0f);

  // Every claim and commit on the DAQ's reader thread: nothing of ours in between.
  const auto names = noting.names();
  CHECK(names.size() == 2 * (kVoltsFrames + kSyncFrames));
  CHECK(std::all_of(names.begin(), names.end(), [](const auto& n) { return n == "sc-serial"; }));
}

TEST_CASE(
    "the daemon's feeder lets analog plates behind a serial DAQ push, with no thread of its "
    "own") {
  BlockChannel channel(1);
  PtyDaq daq(link_path("feeder"), daq_description());
  auto plates = plates_on(link_path("feeder"));
  const SourceLayout layout = plates->layout();
  SourceFeeder feeder(std::move(plates), channel, 1.0, 0.0);
  feeder.start();
  send_varied(daq);
  REQUIRE(wait_for_blocks(channel, kVoltsFrames + kSyncFrames) == kVoltsFrames + kSyncFrames);
  // A pulled source would have the pacing adapter's thread, sc-source, between DAQ and lane.
  const auto names = thread_names();
  CHECK(std::count(names.begin(), names.end(), "sc-source") == 0);
  CHECK(std::count(names.begin(), names.end(), "sc-serial") == 1);
  const auto forces = of_stream(drain(channel, layout), 0);
  REQUIRE(forces.size() == kVoltsFrames);
  CHECK(forces.back().at(3, 2) == Approx(600.0 + 10.0 * 47).margin(0.05));
  feeder.stop();
}

TEST_CASE("analog plates pushing into a full lane lose whole blocks, and the lane counts them") {
  BlockChannel channel(BlockChannel::kSlots / 2);  // two slots per lane
  REQUIRE(channel.slots_per_lane == 2);
  PtyDaq daq(link_path("full"), daq_description());
  auto plates = plates_on(link_path("full"));
  plates->push_into(*channel.lanes[0]);
  REQUIRE(wait_until([&] { return daq.started(); }));
  for (std::uint32_t k = 0; k < 6; ++k)
    daq.send(volts_frame(k, standing));
  REQUIRE(
      wait_until([&] { return channel.blocks_in.load() + channel.blocks_dropped.load() == 6; }));
  CHECK(channel.blocks_in.load() == 2);
  CHECK(channel.blocks_dropped.load() == 4);
  auto kept = drain(channel, plates->layout());
  REQUIRE(kept.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(kept[i].first_sample == static_cast<std::int64_t>(4 * i));
    REQUIRE(kept[i].frames == kDaqRowsPerFrame);  // whole, not a piece
    for (std::size_t f = 0; f < kDaqRowsPerFrame; ++f)
      CHECK(kept[i].at(f, 2) == Approx(800.0).margin(0.01));
  }
  // Room again: the next blocks come whole, where their counters say.
  daq.send(volts_frame(6, standing));
  daq.send(volts_frame(7, standing));
  REQUIRE(wait_for_blocks(channel, 4) == 4);
  kept = drain(channel, plates->layout());
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].first_sample == 24);
  CHECK(kept[1].first_sample == 28);
  CHECK(kept[1].frames == kDaqRowsPerFrame);
  CHECK(channel.blocks_dropped.load() == 4);
}

TEST_CASE("a tare requested while the DAQ pushes takes effect from the block after its window") {
  BlockChannel channel(1);
  PtyDaq daq(link_path("tare"), daq_description());
  // A window of 10 samples: it starts with block 5 (samples 20-23) and ends at sample 29, in
  // the middle of block 7.
  auto plates = plates_on(link_path("tare"), daq_profile(0.010));
  plates->push_into(*channel.lanes[0]);
  REQUIRE(wait_until([&] { return daq.started(); }));
  for (std::uint32_t k = 0; k < 5; ++k)
    daq.send(volts_frame(k, nobody, kOffsetV));
  REQUIRE(wait_for_blocks(channel, 5) == 5);
  // From the control plane, while the DAQ's thread converts.
  bool accepted = false;
  std::thread([&] { accepted = plates->request_action("tare"); }).join();
  CHECK(accepted);
  // The control plane reads the outcome while the DAQ's thread publishes it.
  ActionReport seen;
  std::thread reader([&] {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (seen.completed == 0 && std::chrono::steady_clock::now() < deadline)
      seen = plates->action_report("tare");
  });
  for (std::uint32_t k = 5; k < 15; ++k)
    daq.send(volts_frame(k, nobody, kOffsetV));
  reader.join();
  CHECK(seen.state == ActionReport::State::done);
  REQUIRE(wait_for_blocks(channel, 15) == 15);
  const auto blocks = drain(channel, plates->layout());
  REQUIRE(blocks.size() == 15);

  const float offset_fz = blocks[0].at(0, 2);  // the amplifier offsets, seen as a load
  CHECK(std::abs(offset_fz) > 5.0f);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    for (std::size_t f = 0; f < blocks[i].frames; ++f) {
      INFO("block " << i << " frame " << f);
      if (i < 8) {
        CHECK(blocks[i].at(f, 2) == offset_fz);  // one zero per block: the old one to block 7
      } else {
        CHECK(std::abs(blocks[i].at(f, 2)) < 1e-6f);
      }
    }
  }
  const TareReport report = plates->tare_report();
  CHECK(report.state == TareReport::State::done);
  CHECK(report.completed == 1);
  CHECK(report.message == "tared: 10 frames averaged per channel");
  REQUIRE(report.zero_v.size() == 6);
  for (std::size_t c = 0; c < 6; ++c)
    CHECK(report.zero_v[c] == Approx(kOffsetV[c]).margin(1e-6));
}

TEST_CASE("a DAQ failing while its plates push closes the lane with the message") {
  SECTION("it comes back describing other streams") {
    BlockChannel channel(1);
    auto daq = std::make_unique<PtyDaq>(link_path("fail"), daq_description());
    auto plates = plates_on(link_path("fail"));
    plates->push_into(*channel.lanes[0]);
    REQUIRE(wait_until([&] { return daq->started(); }));
    daq->send(volts_frame(0, standing));
    REQUIRE(wait_for_blocks(channel, 1) == 1);
    daq->unplug();
    daq = std::make_unique<PtyDaq>(link_path("fail"), daq_description(10));
    REQUIRE(wait_until([&] { return channel.source_failed(); }));
    CHECK_THAT(channel.failure(), Catch::Contains("came back describing different streams"));
    CHECK(channel.source_ended());
  }
  SECTION("the profile does not fit the DAQ: nothing pushes, the lane closes at once") {
    BlockChannel channel(1);
    PtyDaq daq(link_path("misfit"), daq_description(4));
    serial::SerialSourceOptions options;
    options.path = link_path("misfit");
    AnalogPlateSource plates(std::make_unique<serial::SerialDeviceSource>(options), daq_profile());
    CHECK_THAT(plates.failure(), Catch::Contains("needs raw channels 0-5"));
    CHECK_FALSE(plates.pushes());
    plates.push_into(*channel.lanes[0]);
    CHECK(channel.source_failed());
    CHECK_THAT(channel.failure(), Catch::Contains("needs raw channels 0-5"));
  }
}
