// trigger() runs on the engine thread, which must never allocate: count every operator new made
// by the calling thread around it. (This replaces global operator new for test_audio only.)
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>

#include "disk_capture.hpp"

namespace {
thread_local std::size_t allocations_on_this_thread = 0;
}

void* operator new(std::size_t size) {
  ++allocations_on_this_thread;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return ::operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  ++allocations_on_this_thread;
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t& tag) noexcept {
  return ::operator new(size, tag);
}
// The whole family is replaced so that every delete meets the allocator of its new (ASan checks).
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("trigger and poll_started do not allocate", "[audio][disk]") {
  TempDir dir;
  CuePlayer player(disk_options(dir.path() / "out.raw"));

  // The counter sees an allocation when there is one.
  // (A direct call: the compiler may elide a new-expression, never this. Counts are copied
  // before Catch's macros run, since those may allocate.)
  const std::size_t before_probe = allocations_on_this_thread;
  ::operator delete(::operator new(16));
  const std::size_t after_probe = allocations_on_this_thread;
  REQUIRE(after_probe == before_probe + 1);

  const std::size_t before = allocations_on_this_thread;
  std::size_t accepted = 0;
  // More than the ring holds, so the drop path runs too.
  for (std::uint64_t i = 0; i < 2 * CuePlayer::kPendingCapacity; ++i) {
    if (player.trigger(i % 2 == 0 ? CueKind::heel_strike : CueKind::hips, i, 0)) ++accepted;
  }
  CueStarted s;
  while (player.poll_started(s)) {
  }
  player.set_volume(0.5);
  const std::size_t after = allocations_on_this_thread;
  CHECK(after == before);
  CHECK(accepted > 0);
}
