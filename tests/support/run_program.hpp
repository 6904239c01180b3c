// Runs a program through the shell for end-to-end tests, capturing its output and exit code.
#pragma once

#include <sys/wait.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
#include "support/test_paths.hpp"

namespace stridecue::test {

struct ProgramResult {
  int exit_code = -1;
  std::string out;
  std::string err;

  std::vector<std::string> out_lines() const {
    std::vector<std::string> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
      lines.push_back(line);
    return lines;
  }
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `command` is passed to /bin/sh as is: quote paths with spaces.
inline ProgramResult run_program(const std::string& command) {
  const auto err_path = std::filesystem::temp_directory_path() /
                        ("stridecue-test-stderr-" + std::to_string(::getpid()));
  ProgramResult result;
  FILE* pipe = ::popen((command + " 2>" + err_path.string()).c_str(), "r");
  if (!pipe) return result;
  std::array<char, 65536> buffer{};
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.err = read_file(err_path);
  std::filesystem::remove(err_path);
  return result;
}

// A fresh, empty directory under the system temp dir, removed when the object goes.
// A fresh directory under the system temp dir, removed at the end of the test. Unique per
// process and instance, so tests running side by side never share one.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "test")
      : path_(std::filesystem::temp_directory_path() /
              ("stridecue-" + tag + "-" + std::to_string(::getpid()) + "-" +
               std::to_string(next_number()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  static int next_number() {
    static std::atomic<int> n{0};
    return n++;
  }
  std::filesystem::path path_;
};

// Where the real recorded data live: $STRIDECUE_DATA, else ../shared/data beside the project.
inline std::filesystem::path data_dir() {
  if (const char* env = std::getenv("STRIDECUE_DATA"); env && *env) return env;
  return test::default_data_dir();
}

}  // namespace stridecue::test
