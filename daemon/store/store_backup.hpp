// `stridecue sessions backup DEST`: a consistent copy of the store while the daemon writes it,
// through SQLite's online backup API (sqlite3_backup_*).
//
// The copy is made in one backup step, inside one read transaction: in WAL mode that reader sees
// one snapshot (every session as of one commit) and never blocks the writer, whose commits go on
// into the WAL meanwhile (which cannot be checkpointed past the reader, so it grows for as long
// as the copy takes). A copy in many small steps would start over at every commit of the daemon
// (four a second) and might never finish.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace stridecue {

struct BackupResult {
  std::int64_t pages = 0;
  std::uintmax_t bytes = 0;  // of the copy
};

// Copies the store at `source` to `dest`, which must not exist; written as `dest.partial` and
// renamed once complete, so that `dest` is never half a copy. The copy is a private file (0600,
// private_file.hpp) whatever the source's mode. Throws std::runtime_error naming what failed.
BackupResult backup_store(const std::string& source, const std::filesystem::path& dest,
                          int busy_timeout_ms = 5000);

}  // namespace stridecue
