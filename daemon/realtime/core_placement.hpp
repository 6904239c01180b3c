// One core for the sample path: the threads that hand blocks over (a device's transport thread,
// the pacing thread of a file or the simulator) and the engine thread that takes them.
//
// Why: a commit wakes the engine with a futex. On another core that core is usually idle, and
// waking an idle core costs an interrupt, and on a virtual machine an exit to the host that
// schedules the virtual CPU again: 5-20 µs typically and 100-300 µs in the tail (measured in
// bench/RESULTS.md, 2026-12-03). On the producer's own core the SCHED_FIFO engine preempts the
// producer at once, with no idle core to wake. The producers do little work per block (decode
// and copy), so one core holds them all.
#pragma once

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <cstdint>
#include <string>

namespace stridecue {

// A number for the calling thread, never given to another thread of the process (a pthread_t
// or a kernel thread id is reused once its thread ends): 1, 2, 3 …
inline std::uint64_t this_thread_serial() {
  static std::atomic<std::uint64_t> next{1};
  thread_local const std::uint64_t serial = next.fetch_add(1, std::memory_order_relaxed);
  return serial;
}

struct CorePlacement {
  int core = -1;        // the core of the sample path; -1: the scheduler places the threads
  std::string refusal;  // why the core asked for could not be used; empty otherwise
};

// The cores this process may run on, as "0-3" or "0,2", for messages.
inline std::string allowed_cores_text() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return "unknown";
  std::string text;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &set)) continue;
    int last = c;
    while (last + 1 < CPU_SETSIZE && CPU_ISSET(last + 1, &set))
      ++last;
    if (!text.empty()) text += ',';
    text += last > c ? std::to_string(c) + '-' + std::to_string(last) : std::to_string(c);
    c = last;
  }
  return text;
}

// `share` false: no placement. `wanted` -1: the last core the process may use (the first
// usually takes more of the machine's interrupts); otherwise that core, when the process may
// use it.
inline CorePlacement choose_sample_core(bool share, int wanted) {
  CorePlacement p;
  if (!share) return p;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) {
    p.refusal = "the cores this process may use could not be read";
    return p;
  }
  if (wanted >= 0) {
    if (wanted < CPU_SETSIZE && CPU_ISSET(wanted, &set)) {
      p.core = wanted;
    } else {
      p.refusal = "core " + std::to_string(wanted) + " is not one this process may use (" +
                  allowed_cores_text() + ")";
    }
    return p;
  }
  for (int c = CPU_SETSIZE - 1; c >= 0; --c) {
    if (CPU_ISSET(c, &set)) {
      p.core = c;
      break;
    }
  }
  return p;
}

// Keeps `thread` on `core` alone; false when the kernel refuses. A negative core does nothing.
inline bool pin_thread(pthread_t thread, int core) {
  if (core < 0) return true;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(core, &set);
  return pthread_setaffinity_np(thread, sizeof set, &set) == 0;
}

}  // namespace stridecue
