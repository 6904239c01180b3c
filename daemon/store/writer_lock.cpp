#include "store/writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/private_file.hpp"

namespace stridecue {

WriterLock::WriterLock(const std::string& store_path) {
  if (store_path.empty() || store_path == ":memory:" || store_path.rfind("file:", 0) == 0) {
    held_ = true;
    return;
  }
  const std::string path = store_path + "-writer";
  create_private_file_if_absent(path);
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  // Not on the database file itself: on NFS flock is emulated with the byte-range locks that
  // SQLite takes there.
  held_ = fd_ >= 0 && ::flock(fd_, LOCK_EX | LOCK_NB) == 0;
}

WriterLock::~WriterLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

}  // namespace stridecue
