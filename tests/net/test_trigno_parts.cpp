// The Trigno bridge's pure parts: row reassembly, command-port lines, the device profile and
// the back-off schedule.
#include <catch2/catch.hpp>

#include "net/command_lines.hpp"
#include "net/reconnect_backoff.hpp"
#include "net/trigno_options.hpp"
#include "net/trigno_rows.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"
#include "trigno_test_support.hpp"

using namespace stridecue;

TEST_CASE("Trigno rows: a row split across reads waits for its end", "[net]") {
  TrignoRows rows({1, 0});  // sensors 2 and 1, in that order
  const auto bytes = test::trigno_rows(0, 3);
  std::vector<float> out(4 * 2);
  // 64 + 64 + 64 bytes arrive as 10, 100, 82.
  CHECK(rows.feed(std::span(bytes).first(10), out) == 0);
  CHECK(rows.tail_bytes() == 10);
  CHECK(rows.feed(std::span(bytes).subspan(10, 100), out) == 1);
  CHECK(out[0] == test::trigno_value(0, 1));
  CHECK(out[1] == test::trigno_value(0, 0));
  CHECK(rows.tail_bytes() == 46);
  CHECK(rows.feed(std::span(bytes).subspan(110), out) == 2);
  CHECK(out[0] == test::trigno_value(1, 1));
  CHECK(out[3] == test::trigno_value(2, 0));
  CHECK(rows.tail_bytes() == 0);
}

TEST_CASE("Trigno rows: a new connection drops the half row of the old one", "[net]") {
  TrignoRows rows({0});
  const auto bytes = test::trigno_rows(5, 2);
  std::vector<float> out(3);
  CHECK(rows.feed(std::span(bytes).first(30), out) == 0);
  rows.reset();
  CHECK(rows.feed(std::span(bytes).subspan(64), out) == 1);
  CHECK(out[0] == test::trigno_value(6, 0));
}

TEST_CASE("Command lines: replies in pieces ending CR LF CR LF with blank lines skipped", "[net]") {
  CommandLines lines;
  lines.append("Delsys Trigno System Digital Protocol Version 3.6.0 \r");
  CHECK_FALSE(lines.pop());
  lines.append("\n\r\nO");
  CHECK(lines.pop() == "Delsys Trigno System Digital Protocol Version 3.6.0");
  CHECK_FALSE(lines.pop());
  lines.append("K\r\n\r\nINVALID COMMAND\r\n\r\n");
  CHECK(lines.pop() == "OK");
  CHECK(lines.pop() == "INVALID COMMAND");
  CHECK_FALSE(lines.pop());
  CHECK(trigno_command("START") == "START\r\n\r\n");
}

TEST_CASE("Command lines: numbers in replies", "[net]") {
  CHECK(first_number("1925.92592592593") == Approx(1925.92592592593));
  CHECK(first_number("RATE 2000") == Approx(2000.0));
  CHECK_FALSE(first_number("SP-W02C-1759"));
  CHECK_FALSE(first_number("INVALID COMMAND"));
}

TEST_CASE("Back-off: 100 ms doubling to 2 s and back after a good connection", "[net]") {
  ReconnectBackoff backoff(0.1, 2.0);
  const double expected[] = {0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0};
  for (const double e : expected)
    CHECK(backoff.next_delay_s() == Approx(e));
  backoff.reset();
  CHECK(backoff.next_delay_s() == Approx(0.1));
}

TEST_CASE("Trigno profile: the shipped example loads", "[net]") {
  std::string error;
  const auto o = value_or_error(
      load_trigno_profile(std::string(test::source_dir()) + "/config/devices/delsys_trigno.toml"),
      &error);
  INFO(error);
  REQUIRE(o);
  CHECK(o->command_port == 50040);
  CHECK(o->emg_port == 50043);
  REQUIRE(o->channels.size() == 2);
  CHECK(o->channels[0].sensor == 1);
  CHECK(o->channels[0].side == Side::left);
  CHECK(o->channels[1].side == Side::right);
}

TEST_CASE("Trigno profile: errors name file line column and field", "[net]") {
  struct Case {
    const char* text;
    const char* where;
    const char* what;
  };
  const Case cases[] = {
      {"host = \"x\"\n[[channel]]\nsensor = 17\nside = \"left\"\n", "t.toml:3:10", "sensor"},
      {"[[channel]]\nsensor = 1\nside = \"up\"\n", "t.toml:3:8", "side"},
      {"rate_hz = 5\n", "t.toml:1:11", "rate_hz"},
      {"emg_port = 70000\n", "t.toml:1:12", "emg_port"},
      {"colour = 1\n", "t.toml:1:1", "unknown key \"colour\""},
      {"[[channel]]\nsensor = 1\nside = \"left\"\n[[channel]]\nsensor = 1\nside = \"right\"\n",
       "t.toml:4:1", "sensor 1 is mapped twice"},
      {"[[channel]]\nsensor = 2\n", "t.toml:1:1", "needs sensor and side"},
  };
  for (const Case& c : cases) {
    std::string error;
    CAPTURE(c.text);
    CHECK_FALSE(value_or_error(parse_trigno_profile(c.text, "t.toml"), &error));
    CHECK(error.find(c.where) == 0);
    CHECK(error.find(c.what) != std::string::npos);
    INFO(error);
  }
}
