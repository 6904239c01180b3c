#include "store/private_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

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

gid_t group_id(const std::string& name) {
  std::vector<char> buffer(16384);
  group entry{};
  group* found = nullptr;
  const int error = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (found == nullptr) {
    throw std::invalid_argument(
        fmt::format("store.group: no group named \"{}\" on this system{}", name,
                    error != 0 ? fmt::format(" ({})", std::strerror(error)) : std::string()));
  }
  return found->gr_gid;
}

namespace {

void give_to_group(const std::string& path, int fd, gid_t group) {
  // Both on the open descriptor: the umask may have taken the group's read bit away.
  if (::fchown(fd, static_cast<uid_t>(-1), group) != 0 || ::fchmod(fd, 0640) != 0) {
    const int error = errno;
    throw std::runtime_error(fmt::format(
        "store.group: cannot give {} to group {}: {}{}", path, group, std::strerror(error),
        error == EPERM ? " (the daemon's user must be a member of the group)" : ""));
  }
}

}  // namespace

void create_group_file_if_absent(const std::string& path, gid_t group) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return;  // as create_private_file_if_absent
  try {
    give_to_group(path, fd, group);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

void share_store_files(const std::string& path, gid_t group) {
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return;
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;  // not there (yet): SQLite creates it with the database's mode
    try {
      give_to_group(file, fd, group);
    } catch (...) {
      ::close(fd);
      throw;
    }
    ::close(fd);
  }
}

}  // namespace stridecue
