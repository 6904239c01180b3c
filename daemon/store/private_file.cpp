#include "store/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace stridecue {

void create_private_file_if_absent(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  // EEXIST: an existing store keeps its mode; any other failure is SQLite's to report, with
  // the path, when it opens the file.
  if (fd >= 0) ::close(fd);
}

void make_private_file(const std::filesystem::path& path) {
  // A failure here (no such directory, no permission) is the writer's to report when it opens.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::fchmod(fd, 0600);
    ::close(fd);
  }
}

std::ofstream open_private_for_writing(const std::filesystem::path& path) {
  make_private_file(path);
  return std::ofstream(path, std::ios::binary | std::ios::trunc);
}

}  // namespace stridecue
