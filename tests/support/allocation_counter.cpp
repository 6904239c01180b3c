#include "support/allocation_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace stridecue::test {
namespace {
thread_local bool counting_this_thread = false;
thread_local long counted_this_thread = 0;
std::atomic<std::thread::id> watched{};
std::atomic<std::uint64_t> counted_watched{0};

void* counted(std::size_t size) noexcept {
  if (counting_this_thread) ++counted_this_thread;
  if (watched.load(std::memory_order_relaxed) == std::this_thread::get_id()) {
    counted_watched.fetch_add(1, std::memory_order_relaxed);
  }
  return std::malloc(size == 0 ? 1 : size);
}

// Out of line: once inlined into a caller, GCC sees free() meet a pointer from operator new
// and warns (-Wmismatched-new-delete), although the pair is ours and matches.
[[gnu::noinline]] void release(void* p) noexcept {
  std::free(p);
}
}  // namespace

void start_counting_allocations() {
  counted_this_thread = 0;
  counting_this_thread = true;
}

long stop_counting_allocations() {
  counting_this_thread = false;
  return counted_this_thread;
}

void watch_thread(std::thread::id id) {
  counted_watched.store(0);
  watched.store(id);
}

void stop_watching() {
  watched.store(std::thread::id{});
}

std::uint64_t watched_thread_allocations() {
  return counted_watched.load();
}

}  // namespace stridecue::test

using stridecue::test::counted;
using stridecue::test::release;

void* operator new(std::size_t size) {
  if (void* p = counted(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  return ::operator new(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted(size);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  release(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  release(p);
}
