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

// A config file must be a file: says "no such file", "is a directory" or "not a regular file"
// (a fifo, a device) rather than one word for all three.
inline void check_config_path(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_regular_file(status)) return;
  if (std::filesystem::is_directory(status))
    throw ConfigError(path.string() + ": is a directory, not a config file");
  if (std::filesystem::exists(status)) throw ConfigError(path.string() + ": not a regular file");
  throw ConfigError(path.string() + ": no such file");
}

}  // namespace stridecue
