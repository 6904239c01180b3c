// The error every config reader throws: its message names the file, line and column.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace stridecue {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A config file is read whole: one far larger than any config (a log or a disk image named by
// mistake) is refused by its size before it takes the memory.
inline constexpr std::uintmax_t kMaxConfigBytes = std::uintmax_t{1} << 20;

inline void check_config_size(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxConfigBytes) {
    throw ConfigError(path.string() + ": " + std::to_string(size) +
                      " bytes; a config file is at most 1 MiB (1048576 bytes)");
  }
}

}  // namespace stridecue
