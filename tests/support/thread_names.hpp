// The threads a test sees: whose thread ran something (by the name the daemon gives its threads),
// and which threads this process has (from /proc/self/task).
#pragma once

#include <pthread.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace stridecue::test {

inline std::string this_thread_name() {
  char name[16] = {};
  pthread_getname_np(pthread_self(), name, sizeof name);
  return name;
}

inline std::vector<std::string> thread_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    std::string name;
    std::ifstream(entry.path() / "comm") >> name;
    names.push_back(name);
  }
  return names;
}

}  // namespace stridecue::test
