// Counts heap allocations, to prove that real-time code allocates nothing. The counting
// operator new lives in allocation_counter.cpp, which a test program links once (CMake:
// stridecue_count_allocations(target)): a program can replace operator new only once.
#pragma once

#include <cstdint>
#include <thread>

namespace stridecue::test {

// Allocations made by the calling thread between these two calls.
void start_counting_allocations();
long stop_counting_allocations();

// Allocations made by one other thread (e.g. the daemon's engine thread) from now on.
void watch_thread(std::thread::id id);
void stop_watching();
std::uint64_t watched_thread_allocations();

}  // namespace stridecue::test
