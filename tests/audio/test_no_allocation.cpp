// trigger() and set_metronome() run on the engine thread, which must never allocate: count every
// operator new made by the calling thread around it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

#include "disk_capture.hpp"
#include "support/allocation_counter.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("trigger and poll_started and set_metronome do not allocate", "[audio][disk]") {
  TempDir dir;
  CuePlayer player(disk_options(dir.path() / "out.raw"));

  // The counter sees an allocation when there is one.
  // (A direct call: the compiler may elide a new-expression, never this. Counts are copied
  // before Catch's macros run, since those may allocate.)
  start_counting_allocations();
  ::operator delete(::operator new(16));
  const long probe = stop_counting_allocations();
  REQUIRE(probe == 1);

  start_counting_allocations();
  std::size_t accepted = 0;
  // More than the ring holds, so the drop path runs too.
  for (std::uint64_t i = 0; i < 2 * CuePlayer::kPendingCapacity; ++i) {
    if (player.trigger(i % 2 == 0 ? CueKind::heel_strike : CueKind::hips, i, 0)) ++accepted;
  }
  CueStarted s;
  while (player.poll_started(s)) {
  }
  player.set_volume(0.5);
  // The metronome's rate, set by the engine thread too.
  player.set_metronome(180.0);
  player.set_metronome_volume(0.3);
  player.set_metronome(0.0);
  const long allocations = stop_counting_allocations();
  CHECK(allocations == 0);
  CHECK(accepted > 0);
}
