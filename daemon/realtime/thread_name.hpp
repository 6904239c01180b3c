// Names the calling thread for top -H, perf, gdb and the benchmarks' per-thread CPU figures
// ("sc-engine", "sc-recorder" …). Linux keeps at most 15 characters; longer names are cut.
#pragma once

#include <pthread.h>

#include <string>

namespace stridecue {

inline void name_this_thread(const std::string& name) {
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace stridecue
