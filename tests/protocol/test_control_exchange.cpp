// The control exchange both transports share: the description read request by request, and
// the rates set before START, each transport supplying only the one-request step.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "frame_fixtures.hpp"
#include "protocol/control_exchange.hpp"

using namespace stridecue;
using namespace stridecue::protocol;
using stridecue::test::split_belt_description;

namespace {

// Answers from `device`, logging every request; `broken` names the one request whose reply
// does not parse, `failing` the one whose transport fails (writing its own error).
struct FakeDevice {
  DeviceDescription device = split_belt_description();
  std::vector<std::string> asked;
  std::string broken;
  std::string failing;
  std::string error;

  DescriptionRequests requests() {
    return {
        [this](std::uint8_t s) -> std::optional<ParseResult<StreamDescriptor>> {
          asked.push_back(fmt::format("GET_STREAM {}", s));
          if (asked.back() == failing) {
            error = "transport: timed out";
            return std::nullopt;
          }
          if (asked.back() == broken) return ParseResult<StreamDescriptor>{{}, "bad stream"};
          return ParseResult<StreamDescriptor>{device.streams[s], {}};
        },
        [this](std::uint8_t s, std::uint16_t c) -> std::optional<ParseResult<ChannelDescriptor>> {
          asked.push_back(fmt::format("GET_CHANNEL {} {}", s, c));
          if (asked.back() == failing) {
            error = "transport: timed out";
            return std::nullopt;
          }
          if (asked.back() == broken) return ParseResult<ChannelDescriptor>{{}, "bad channel"};
          return ParseResult<ChannelDescriptor>{device.channels[s][c], {}};
        }};
  }
};

}  // namespace

TEST_CASE("the description is read stream by stream, then each stream's channels",
          "[protocol][exchange]") {
  FakeDevice fake;
  const auto read = read_description(fake.device.identity, "dev", fake.requests(), fake.error);
  REQUIRE(read);
  CHECK(fake.error.empty());
  CHECK(fake.asked ==
        std::vector<std::string>{"GET_STREAM 0", "GET_CHANNEL 0 0", "GET_CHANNEL 0 1"});
  CHECK(read->identity.serial == "0042");
  REQUIRE(read->streams.size() == 1);
  CHECK(read->streams[0].name == "force");
  REQUIRE(read->channels.size() == 1);
  REQUIRE(read->channels[0].size() == 2);
  CHECK(read->channels[0][1].name == "right_fz");
  CHECK(read->channels[0][1].plate == Plate::right);
}

TEST_CASE(
    "a reply that does not parse stops the exchange and is named with "
    "its request",
    "[protocol][exchange]") {
  FakeDevice fake;
  fake.broken = "GET_CHANNEL 0 0";
  CHECK_FALSE(read_description(fake.device.identity, "dev", fake.requests(), fake.error));
  CHECK(fake.error == "dev: GET_CHANNEL 0 0 reply: bad channel");
  CHECK(fake.asked.size() == 2);

  FakeDevice stream;
  stream.broken = "GET_STREAM 0";
  CHECK_FALSE(read_description(stream.device.identity, "dev", stream.requests(), stream.error));
  CHECK(stream.error == "dev: GET_STREAM 0 reply: bad stream");
}

TEST_CASE("a failed request keeps the transport's own error", "[protocol][exchange]") {
  FakeDevice fake;
  fake.failing = "GET_CHANNEL 0 1";
  CHECK_FALSE(read_description(fake.device.identity, "dev", fake.requests(), fake.error));
  CHECK(fake.error == "transport: timed out");
}

TEST_CASE("a description that does not hold together is refused", "[protocol][exchange]") {
  FakeDevice fake;
  fake.device.channels[0][1].name = "left_fz";
  CHECK_FALSE(read_description(fake.device.identity, "dev", fake.requests(), fake.error));
  CHECK_THAT(fake.error, Catch::StartsWith("dev: the device describes itself inconsistently: "));
}

TEST_CASE("every stream's rate is set, given or described, before START", "[protocol][exchange]") {
  auto d = split_belt_description();
  d.streams.push_back(d.streams[0]);
  d.streams[1].rate_hz = 2000.4f;
  std::vector<std::string> sent;
  const auto record = [&](const Command& c) {
    sent.push_back(command_text(c));
    return true;
  };
  const std::vector<std::uint16_t> rates{500};
  CHECK(start_streams(d, rates, record));
  CHECK(sent == std::vector<std::string>{"SET_RATE 0 500", "SET_RATE 1 2000", "START"});

  sent.clear();
  const auto refuse_second = [&](const Command& c) {
    sent.push_back(command_text(c));
    return sent.size() < 2;
  };
  CHECK_FALSE(start_streams(d, {}, refuse_second));
  CHECK(sent == std::vector<std::string>{"SET_RATE 0 1000", "SET_RATE 1 2000"});
}
