// The mapping from session time to host time that cue targets are computed with: the lower
// envelope of (receipt − block end), so that a block delayed in transport or by the scheduler
// does not move the contact a cue is timed from.
#include <catch2/catch.hpp>

#include <random>

#include "live/session_host_clock.hpp"

using namespace stridecue;

TEST_CASE("session time maps onto the receipts that waited least", "[live][clock]") {
  SessionHostClock clock;
  CHECK_FALSE(clock.known());
  CHECK(clock.host_ns(1.0) == 0);
  clock.observe(0.010, 0);  // an offline block: no receipt time, no mapping
  CHECK_FALSE(clock.known());

  // Session time 0 is host time 7 s; each 2 ms block arrives 50 µs after its last sample,
  // plus up to 3 ms more now and then (a busy machine).
  constexpr std::int64_t t0 = 7'000'000'000;
  std::mt19937 rng(18);
  std::uniform_int_distribution<int> extra_us(0, 3000);
  for (int i = 1; i <= 1000; ++i) {
    const double end_s = 0.002 * i;
    const std::int64_t delay = 50'000 + (i % 7 == 0 ? extra_us(rng) * 1000 : 0);
    clock.observe(end_s, t0 + static_cast<std::int64_t>(end_s * 1e9 + 0.5) + delay);
  }
  REQUIRE(clock.known());
  // The contact at 1.5 s: the least delay, not the last block's or the mean.
  CHECK(clock.host_ns(1.5) == t0 + 1'500'000'000 + 50'000);

  // A block 2 ms late moves it by the rise allowed in one block (1000 ppm of 2 ms = 2 µs),
  // not by its delay.
  clock.observe(2.002, t0 + 2'002'000'000 + 2'000'000);
  CHECK(clock.host_ns(1.5) == t0 + 1'500'000'000 + 52'000);
  // An earlier one lowers it at once.
  clock.observe(2.004, t0 + 2'004'000'000 + 20'000);
  CHECK(clock.host_ns(1.5) == t0 + 1'500'000'000 + 20'000);
}

TEST_CASE("a slow device clock is followed, and a jump re-anchors", "[live][clock]") {
  SessionHostClock clock;
  constexpr std::int64_t t0 = 1'000'000'000;
  // The device's clock runs 200 ppm slow against the host's: its samples arrive later and
  // later. After 10 s the mapping must have followed (within the 1000 ppm it may rise).
  for (int i = 1; i <= 5000; ++i) {
    const double end_s = 0.002 * i;
    const auto host = t0 + static_cast<std::int64_t>(end_s * (1.0 + 200e-6) * 1e9) + 100'000;
    clock.observe(end_s, host);
  }
  const auto expected = t0 + static_cast<std::int64_t>(10.0 * (1.0 + 200e-6) * 1e9) + 100'000;
  CHECK(std::llabs(clock.host_ns(10.0) - expected) <= 1'000);

  // The device came back after a gap the timeline did not mark: the offset rose by 2 s.
  clock.observe(10.002, expected + 2'000'000 + 2'000'000'000);
  CHECK(std::llabs(clock.host_ns(10.002) - (expected + 2'000'000 + 2'000'000'000)) <= 1'000);
}
