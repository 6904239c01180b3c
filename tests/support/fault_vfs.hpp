// A SQLite VFS that fails writes on demand, registered by a test: SQLite's real I/O layer (the
// default "unix" VFS) underneath, with each file's xWrite and xSync answering the chosen error
// instead while `fail_with` is set. SQLITE_FULL is what SQLite itself returns on ENOSPC/EFBIG, so
// the store above it sees a full disk exactly as it would; SQLITE_IOERR_WRITE a failing one.
// Clearing `fail_with` is the disk getting its space (or its health) back.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

namespace stridecue::test {

class FaultVfs {
 public:
  static constexpr const char* kName = "stridecue-fault";

  // Registers the VFS once per process (not as the default); returns its name.
  static const char* install() {
    static const bool installed = [] {
      sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
      if (real == nullptr) throw std::runtime_error("no default SQLite VFS");
      static sqlite3_vfs vfs = *real;
      vfs.zName = kName;
      vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
      vfs.pAppData = real;
      vfs.xOpen = &open;
      if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
        throw std::runtime_error("cannot register the fault VFS");
      return true;
    }();
    (void)installed;
    return kName;
  }

  // 0: writes go through; else every write and sync answers this code (SQLITE_FULL,
  // SQLITE_IOERR_WRITE …). Any thread.
  static std::atomic<int>& fail_with() {
    static std::atomic<int> code{0};
    return code;
  }
  // Writes refused so far.
  static std::atomic<long>& refused() {
    static std::atomic<long> n{0};
    return n;
  }

 private:
  struct File {
    sqlite3_file base;  // first: SQLite sees a File as a sqlite3_file
    sqlite3_file* real;
  };

  static sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  static int open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags,
                  int* out_flags) {
    auto* real_vfs = static_cast<sqlite3_vfs*>(vfs->pAppData);
    auto* f = reinterpret_cast<File*>(file);
    f->real = reinterpret_cast<sqlite3_file*>(f + 1);
    std::memset(f->real, 0, static_cast<std::size_t>(real_vfs->szOsFile));
    const int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
    // The unix VFS gives the database and its journals different method tables: ours forwards
    // each call to the file's own.
    f->base.pMethods = f->real->pMethods ? methods() : nullptr;
    return rc;
  }

  static int version_of(sqlite3_file* f) { return real_of(f)->pMethods->iVersion; }

  static const sqlite3_io_methods* methods() {
    static const sqlite3_io_methods wrapped = [] {
      sqlite3_io_methods m{};
      m.iVersion = 3;
      m.xClose = [](sqlite3_file* f) {
        sqlite3_file* r = real_of(f);
        return r->pMethods->xClose(r);
      };
      m.xRead = [](sqlite3_file* f, void* buf, int n, sqlite3_int64 at) {
        return real_of(f)->pMethods->xRead(real_of(f), buf, n, at);
      };
      m.xWrite = [](sqlite3_file* f, const void* buf, int n, sqlite3_int64 at) {
        if (const int code = fail_with().load()) {
          ++refused();
          return code;
        }
        return real_of(f)->pMethods->xWrite(real_of(f), buf, n, at);
      };
      m.xTruncate = [](sqlite3_file* f, sqlite3_int64 size) {
        return real_of(f)->pMethods->xTruncate(real_of(f), size);
      };
      m.xSync = [](sqlite3_file* f, int flags) {
        if (const int code = fail_with().load()) {
          ++refused();
          return code == SQLITE_FULL ? SQLITE_FULL : SQLITE_IOERR_FSYNC;
        }
        return real_of(f)->pMethods->xSync(real_of(f), flags);
      };
      m.xFileSize = [](sqlite3_file* f, sqlite3_int64* size) {
        return real_of(f)->pMethods->xFileSize(real_of(f), size);
      };
      m.xLock = [](sqlite3_file* f, int level) {
        return real_of(f)->pMethods->xLock(real_of(f), level);
      };
      m.xUnlock = [](sqlite3_file* f, int level) {
        return real_of(f)->pMethods->xUnlock(real_of(f), level);
      };
      m.xCheckReservedLock = [](sqlite3_file* f, int* out) {
        return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
      };
      m.xFileControl = [](sqlite3_file* f, int op, void* arg) {
        return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
      };
      m.xSectorSize = [](sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); };
      m.xDeviceCharacteristics = [](sqlite3_file* f) {
        return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
      };
      // WAL's shared memory (version 2) and memory-mapped pages (version 3).
      m.xShmMap = [](sqlite3_file* f, int page, int size, int extend, void volatile** out) {
        if (version_of(f) < 2) return SQLITE_IOERR_SHMMAP;
        return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
      };
      m.xShmLock = [](sqlite3_file* f, int offset, int n, int flags) {
        if (version_of(f) < 2) return SQLITE_IOERR_SHMLOCK;
        return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
      };
      m.xShmBarrier = [](sqlite3_file* f) {
        if (version_of(f) >= 2) real_of(f)->pMethods->xShmBarrier(real_of(f));
      };
      m.xShmUnmap = [](sqlite3_file* f, int delete_flag) {
        if (version_of(f) < 2) return SQLITE_OK;
        return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
      };
      m.xFetch = [](sqlite3_file* f, sqlite3_int64 at, int n, void** out) {
        *out = nullptr;  // no memory map: SQLite reads instead
        if (version_of(f) < 3) return SQLITE_OK;
        return real_of(f)->pMethods->xFetch(real_of(f), at, n, out);
      };
      m.xUnfetch = [](sqlite3_file* f, sqlite3_int64 at, void* p) {
        if (version_of(f) < 3) return SQLITE_OK;
        return real_of(f)->pMethods->xUnfetch(real_of(f), at, p);
      };
      return m;
    }();
    return &wrapped;
  }
};

}  // namespace stridecue::test
