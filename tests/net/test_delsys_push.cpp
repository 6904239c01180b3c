// DelsysTrignoSource pushing into the engine's lane (PushSource), as the daemon runs it: its own
// thread runs the sockets and decodes each read's rows straight into a claimed slot; the rows,
// counters and receipt times are the ones next() gives; a rate the server states wrongly closes
// the lane with the message.
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "fake_trigno_server.hpp"
#include "live/block_channel.hpp"
#include "net/delsys_trigno_source.hpp"
#include "support/lane_wait.hpp"
#include "support/thread_names.hpp"
#include "trigno_test_support.hpp"

using namespace stridecue;
using namespace std::chrono_literals;
using test::FakeTrignoServer;
using test::thread_names;

TEST_CASE("Trigno pushing: rows decoded into the lane on the source's own thread", "[net]") {
  FakeTrignoServer server;
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  BlockChannel channel(1);
  source.push_into(*channel.lanes[0]);
  // Nobody calls next(): the source's thread connects and starts the server by itself.
  REQUIRE(FakeTrignoServer::wait_for([&] { return server.starts() == 1; }));
  const auto names = thread_names();
  // Asio's resolver thread, started from it, inherits its name: at least one.
  CHECK(std::count(names.begin(), names.end(), "sc-delsys") >= 1);

  server.stream(test::trigno_rows(0, 500), {1, 7, 63, 64, 200, 3, 129, 4096});
  LaneMerge reader(channel, source.layout());
  const std::size_t columns[] = {0, 2, 15};  // sensors 1, 3, 16
  std::size_t frames = 0;
  std::size_t blocks = 0;
  std::int64_t expected_first = 0;
  std::int64_t last_receipt = 0;
  const auto end = std::chrono::steady_clock::now() + 10s;
  while (frames < 500 && std::chrono::steady_clock::now() < end) {
    std::uint16_t slot = 0;
    if (!reader.pop(slot)) {
      std::this_thread::sleep_for(1ms);
      continue;
    }
    const SampleBlock& b = channel.pool[slot].header;
    REQUIRE(b.channels == 3);
    CHECK(b.stream == 0);
    CHECK(b.first_sample == expected_first);
    CHECK(b.receipt_ns >= last_receipt);
    CHECK(b.receipt_ns > 0);
    last_receipt = b.receipt_ns;
    for (std::size_t f = 0; f < b.frames; ++f) {
      for (std::size_t c = 0; c < 3; ++c) {
        REQUIRE(b.at(f, c) ==
                test::trigno_value(b.first_sample + static_cast<std::int64_t>(f), columns[c]));
      }
    }
    expected_first += static_cast<std::int64_t>(b.frames);
    frames += b.frames;
    ++blocks;
    channel.free.try_push(slot);
  }
  CHECK(frames == 500);
  CHECK(blocks > 5);  // the pieces arrived as separate reads, each its own block
  CHECK(channel.blocks_dropped.load() == 0);
  const auto events = source.take_events();  // from this thread while the source pushes
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == SourceEvent::Kind::connected);
}

TEST_CASE("Trigno pushing: a lane with no free slot loses whole reads and the counter moves on",
          "[net]") {
  FakeTrignoServer server;
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  BlockChannel channel(1);
  source.push_into(*channel.lanes[0]);
  REQUIRE(FakeTrignoServer::wait_for([&] { return server.starts() == 1; }));
  // Nobody frees a slot: after slots_per_lane reads the lane is full. Twice as many one-row
  // pieces as slots, 0.3 ms apart: TCP may join a few into one read, not half of them.
  const std::size_t slots = channel.slots_per_lane;
  const auto rows = static_cast<std::int64_t>(2 * slots);
  server.stream(test::trigno_rows(0, rows), std::vector<std::size_t>(2 * slots, 64));
  REQUIRE(FakeTrignoServer::wait_for([&] { return server.streams_written() == 1; }));
  REQUIRE(test::wait_for_blocks(channel, slots) == slots);
  std::this_thread::sleep_for(50ms);  // the last read decoded
  CHECK(channel.blocks_in.load() == slots);
  LaneMerge reader(channel, source.layout());
  std::uint16_t slot = 0;
  std::int64_t next_first = 0;
  while (reader.pop(slot)) {
    CHECK(channel.pool[slot].header.first_sample == next_first);
    next_first += static_cast<std::int64_t>(channel.pool[slot].header.frames);
    channel.free.try_push(slot);
  }
  CHECK(channel.blocks_dropped.load() > 0);
  // Room again: the next rows carry their own counters, past the lost ones.
  server.stream(test::trigno_rows(rows, 1), {64});
  REQUIRE(test::wait_for_blocks(channel, channel.blocks_in.load() + 1) > 0);
  bool found = false;
  for (int i = 0; i < 1000 && !found; ++i) {
    if (reader.pop(slot)) {
      CHECK(channel.pool[slot].header.first_sample == rows);
      CHECK(channel.pool[slot].header.at(0, 0) == test::trigno_value(rows, 0));
      found = true;
    } else {
      std::this_thread::sleep_for(2ms);
    }
  }
  CHECK(found);
}

TEST_CASE("Trigno pushing: a rate the server states wrongly closes the lane with the message",
          "[net]") {
  test::FakeTrignoBehaviour fast;
  fast.sensor_rate = "2148.14814814815";
  FakeTrignoServer server(fast);
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  BlockChannel channel(1);
  source.push_into(*channel.lanes[0]);
  REQUIRE(FakeTrignoServer::wait_for([&] { return channel.source_failed(); }));
  CHECK(channel.failure().find("2148.148") != std::string::npos);
  CHECK(channel.failure().find("rate_hz") != std::string::npos);
  CHECK(server.starts() == 0);
}
