// DelsysTrignoSource against a fake Trigno SDK server on loopback: the command exchange, rows
// reassembled from awkward pieces, the server dying mid-stream and coming back, and a server
// that never answers.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <thread>

#include "fake_trigno_server.hpp"
#include "net/delsys_trigno_source.hpp"
#include "trigno_test_support.hpp"

using namespace stridecue;
using namespace std::chrono_literals;
using test::Drained;
using test::FakeTrignoServer;

namespace {

// Every value of every block is the one the server sent for that row and sensor column.
void check_values(const Drained& d, std::int64_t first_row_sent_at_counter,
                  std::int64_t counter_offset = 0) {
  const std::size_t columns[] = {0, 2, 15};  // sensors 1, 3, 16
  for (const auto& b : d.blocks) {
    REQUIRE(b.channels == 3);
    for (std::size_t f = 0; f < b.frames; ++f) {
      const std::int64_t row = b.first_sample + static_cast<std::int64_t>(f) - counter_offset +
                               first_row_sent_at_counter;
      for (std::size_t c = 0; c < 3; ++c) {
        INFO("counter " << b.first_sample + static_cast<std::int64_t>(f) << " channel " << c);
        REQUIRE(b.samples[f * 3 + c] == test::trigno_value(row, columns[c]));
      }
    }
  }
}

}  // namespace

TEST_CASE("Trigno: the command exchange and the layout and exact samples in order", "[net]") {
  FakeTrignoServer server;
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  REQUIRE(source.failure().empty());
  CHECK(source.is_live());

  const SourceLayout& layout = source.layout();
  REQUIRE(layout.streams.size() == 1);
  const StreamInfo& emg = layout.streams[0];
  CHECK(emg.name == "emg");
  CHECK(emg.rate_hz == Approx(1925.926).epsilon(1e-5));
  REQUIRE(emg.channels.size() == 3);
  CHECK(emg.channels[0].name == "emg_gmed_left_v");
  CHECK(emg.channels[1].side == Side::right);
  CHECK(emg.channels[1].muscle == "gmed");
  CHECK(emg.channels[2].muscle == "tfl");
  for (const auto& ch : emg.channels)
    CHECK(ch.quantity == Quantity::emg);

  Drained d;
  // Nothing streams before START: the source waits and says so.
  test::drain(source, 1, d, 50ms);
  REQUIRE(FakeTrignoServer::wait_for([&] {
    SampleBlock b;
    source.next(b);  // drives the connection
    return server.starts() == 1;
  }));
  CHECK(server.commands() == std::vector<std::string>{"SENSOR 1 PAIRED?", "SENSOR 3 PAIRED?",
                                                      "SENSOR 16 PAIRED?",
                                                      "SENSOR 1 CHANNEL 1 RATE?", "START"});

  server.stream(test::trigno_rows(0, 500), {1, 7, 63, 64, 200, 3, 129, 4096});
  test::drain(source, 500, d);
  REQUIRE(d.frames == 500);
  CHECK(d.blocks.size() > 5);  // the pieces arrived as separate reads
  std::int64_t expected_first = 0;
  std::int64_t last_receipt = 0;
  for (const auto& b : d.blocks) {
    CHECK(b.first_sample == expected_first);
    expected_first += static_cast<std::int64_t>(b.frames);
    CHECK(b.receipt_ns >= last_receipt);
    CHECK(b.receipt_ns > 0);
    last_receipt = b.receipt_ns;
  }
  check_values(d, 0);
  REQUIRE(d.events.size() == 1);
  CHECK(d.events[0].kind == SourceEvent::Kind::connected);
  CHECK(d.events[0].device == "tcp 127.0.0.1:" + std::to_string(server.emg_port()));
  CHECK(source.banner().find("Delsys Trigno") != std::string::npos);
  CHECK(source.status().find("streaming") == 0);
}

TEST_CASE("Trigno: rows split at every byte offset are reassembled", "[net]") {
  FakeTrignoServer server;
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  REQUIRE(FakeTrignoServer::wait_for([&] {
    SampleBlock b;
    source.next(b);
    return server.starts() == 1;
  }));
  // Piece sizes 1 … 65 then 127: every split point inside a 64-byte row comes up.
  std::vector<std::size_t> pieces;
  for (std::size_t n = 1; n <= 65; ++n)
    pieces.push_back(n);
  pieces.push_back(127);
  server.stream(test::trigno_rows(0, 80), pieces);
  Drained d;
  test::drain(source, 80, d);
  REQUIRE(d.frames == 80);
  check_values(d, 0);
}

TEST_CASE("Trigno: the server dies mid-stream and comes back and the gap stays on the timeline",
          "[net]") {
  FakeTrignoServer server;
  auto options = test::options_for(server.command_port(), server.emg_port());
  DelsysTrignoSource source(options);
  REQUIRE(FakeTrignoServer::wait_for([&] {
    SampleBlock b;
    source.next(b);
    return server.starts() == 1;
  }));
  server.stream(test::trigno_rows(0, 300), {64 * 7 + 5, 300});
  Drained d;
  test::drain(source, 300, d);
  REQUIRE(d.frames == 300);

  server.die();
  const auto died = std::chrono::steady_clock::now();
  Drained down;
  test::drain(source, 1, down, 400ms);  // the source notices, and retries against nothing
  CHECK(down.frames == 0);
  REQUIRE(down.events.size() == 1);
  CHECK(down.events[0].kind == SourceEvent::Kind::lost);
  CHECK(!down.events[0].detail.empty());
  CHECK(source.status().find("attempt") != std::string::npos);
  CHECK(down.longest_call_s < 0.5);  // it never held the caller (the contract is ~50 ms)

  server.revive();
  REQUIRE(FakeTrignoServer::wait_for([&] {
    SampleBlock b;
    source.next(b);
    return server.starts() == 2;  // START sent again on the new connection
  }));
  const double down_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - died).count();
  server.stream(test::trigno_rows(300, 200), {100, 64, 1000});
  Drained after;
  test::drain(source, 200, after);
  REQUIRE(after.frames == 200);
  REQUIRE(after.events.size() == 1);
  const SourceEvent& resumed = after.events[0];
  CHECK(resumed.kind == SourceEvent::Kind::resumed);
  // At least the time the server was away, less the rows of the first block back (they
  // fill the end of the gap), and never more than the whole wait.
  const double first_block_s = static_cast<double>(after.blocks.front().frames) / 1925.926;
  CHECK(resumed.gap_s >= down_s - first_block_s - 0.05);
  CHECK(resumed.gap_s < down_s + 5.0);
  const auto gap_frames = static_cast<std::int64_t>(std::llround(resumed.gap_s * 1925.926));
  CHECK(after.blocks.front().first_sample == 300 + gap_frames);
  check_values(after, 300, 300 + gap_frames);
  for (std::size_t i = 1; i < after.blocks.size(); ++i) {
    CHECK(after.blocks[i].first_sample ==
          after.blocks[i - 1].first_sample + static_cast<std::int64_t>(after.blocks[i - 1].frames));
  }
  const auto commands = server.commands();
  CHECK(std::count(commands.begin(), commands.end(), "START") == 2);
  CHECK(source.connections() == 2);
}

TEST_CASE("Trigno: a server that never greets keeps the source waiting but never the caller",
          "[net]") {
  test::FakeTrignoBehaviour mute;
  mute.greet = false;
  FakeTrignoServer server(mute);
  auto options = test::options_for(server.command_port(), server.emg_port());
  options.reply_timeout_s = 0.2;
  DelsysTrignoSource source(options);
  Drained d;
  test::drain(source, 1, d, 1200ms);
  CHECK(d.frames == 0);
  CHECK(d.last == SourceStatus::waiting);
  CHECK(d.events.empty());
  CHECK(d.longest_call_s < 0.5);
  CHECK(source.status().find("no banner") != std::string::npos);
  CHECK(source.status().find("attempt") != std::string::npos);
  CHECK(source.connections() == 0);
  CHECK(source.failure().empty());
}

TEST_CASE("Trigno: a server that greets but never answers a command", "[net]") {
  test::FakeTrignoBehaviour silent;
  silent.answer = false;
  FakeTrignoServer server(silent);
  auto options = test::options_for(server.command_port(), server.emg_port());
  options.reply_timeout_s = 0.2;
  DelsysTrignoSource source(options);
  Drained d;
  test::drain(source, 1, d, 800ms);
  CHECK(d.frames == 0);
  CHECK(d.longest_call_s < 0.5);
  INFO(source.status());
  CHECK(source.status().find("no answer to SENSOR 1 PAIRED?") != std::string::npos);
  CHECK(server.starts() == 0);
}

TEST_CASE("Trigno: a rate the server states must match the configured one", "[net]") {
  test::FakeTrignoBehaviour fast;
  fast.sensor_rate = "2148.14814814815";
  FakeTrignoServer server(fast);
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  Drained d;
  test::drain(source, 1, d, 3000ms);
  REQUIRE(d.last == SourceStatus::failed);
  CHECK(source.failure().find("2148.148") != std::string::npos);
  CHECK(source.failure().find("rate_hz") != std::string::npos);
  SampleBlock b;
  CHECK(source.next(b) == SourceStatus::failed);  // for good
  CHECK(server.starts() == 0);
}

TEST_CASE("Trigno: an old server without rate queries: the configured rate is used", "[net]") {
  test::FakeTrignoBehaviour old;
  old.sensor_rate = "INVALID COMMAND";
  old.base_rate = "INVALID COMMAND";
  old.paired = "NO";
  FakeTrignoServer server(old);
  DelsysTrignoSource source(test::options_for(server.command_port(), server.emg_port()));
  REQUIRE(FakeTrignoServer::wait_for([&] {
    SampleBlock b;
    source.next(b);
    return server.starts() == 1;
  }));
  const auto commands = server.commands();
  REQUIRE(commands.size() == 6);
  CHECK(commands[3] == "SENSOR 1 CHANNEL 1 RATE?");
  CHECK(commands[4] == "RATE?");
  CHECK(source.status().find("did not state its rate") != std::string::npos);
  CHECK(source.status().find("SENSOR 3 PAIRED? answered NO") != std::string::npos);
  server.stream(test::trigno_rows(0, 10), {640});
  Drained d;
  test::drain(source, 10, d);
  CHECK(d.frames == 10);
}

TEST_CASE("Trigno: a bad configuration fails at construction naming the field", "[net]") {
  DelsysTrignoOptions o;
  CHECK_FALSE(validate(o).empty());  // no channel mapped
  o.channels = {{17, Side::left, "gmed"}};
  DelsysTrignoSource source(o);
  CHECK(source.failure().find("sensor must be 1") != std::string::npos);
  SampleBlock b;
  CHECK(source.next(b) == SourceStatus::failed);
}
