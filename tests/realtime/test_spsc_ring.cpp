#include <catch2/catch.hpp>
#include <thread>

#include "realtime/spsc_ring.hpp"

using namespace stridecue;

TEST_CASE("The ring hands values over in order and refuses when full", "[ring]") {
  SpscRing<int, 4> ring;
  int out = 0;
  CHECK_FALSE(ring.try_pop(out));
  for (int i = 0; i < 4; ++i)
    CHECK(ring.try_push(i));
  CHECK_FALSE(ring.try_push(99));
  CHECK(ring.size() == 4);
  for (int i = 0; i < 4; ++i) {
    REQUIRE(ring.try_pop(out));
    CHECK(out == i);
  }
  CHECK_FALSE(ring.try_pop(out));
  CHECK(ring.try_push(5));  // wraps around
  REQUIRE(ring.try_pop(out));
  CHECK(out == 5);
}

TEST_CASE("Two threads: a million values arrive once each, in order", "[ring][threads]") {
  SpscRing<std::uint64_t, 256> ring;
  constexpr std::uint64_t kCount = 1'000'000;
  std::thread producer([&] {
    for (std::uint64_t i = 0; i < kCount;) {
      if (ring.try_push(i)) ++i;
    }
  });
  std::uint64_t expected = 0, wrong = 0, value = 0;
  while (expected < kCount) {
    if (!ring.try_pop(value)) continue;
    wrong += value != expected;
    ++expected;
  }
  producer.join();
  CHECK(wrong == 0);
  CHECK(ring.size() == 0);
}
