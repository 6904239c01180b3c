// Which process writes a store. SQLite lets several connections write one file in turn, so it
// cannot say whether a session left open belongs to a writer still running or to one that died;
// a lock beside the database (`<store>-writer`, flock(2): the kernel drops it when its holder
// exits, however it exits) can. Only the holder may close sessions that others left open.
#pragma once

#include <string>

namespace stridecue {

class WriterLock {
 public:
  // Tries to take the lock without waiting. A path SQLite keeps in memory has no lock file:
  // the lock is then held (no other process can see such a store).
  explicit WriterLock(const std::string& store_path);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

  // Whether this process is the store's only writer now.
  bool held() const { return held_; }

 private:
  int fd_ = -1;
  bool held_ = false;
};

}  // namespace stridecue
