#include "store/store_backup.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <stdexcept>

#include "store/sqlite_connection.hpp"
#include "store/store_schema.hpp"

namespace stridecue {

BackupResult backup_store(const std::string& source, const std::filesystem::path& dest,
                          int busy_timeout_ms) {
  if (!std::filesystem::exists(source))
    throw std::runtime_error(fmt::format("session store {}: no such file", source));
  if (std::filesystem::exists(dest))
    throw std::runtime_error(
        fmt::format("backup {}: already exists (a backup never overwrites a file)", dest.string()));
  const std::filesystem::path partial = dest.string() + ".partial";
  std::filesystem::remove(partial);  // left by a backup that was killed
  BackupResult result;
  {
    SqliteConnection from(source, SqliteConnection::Mode::read_only, busy_timeout_ms);
    check_schema(from);
    // Created 0600 by the connection (private_file.hpp), before SQLite writes a byte into it.
    SqliteConnection to(partial.string(), SqliteConnection::Mode::read_write_create,
                        busy_timeout_ms);
    sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (backup == nullptr) throw to.error(fmt::format("backing up {}", source));
    // -1: every page in one step, one read transaction (see the header).
    int rc = sqlite3_backup_step(backup, -1);
    result.pages = sqlite3_backup_pagecount(backup);
    const int finished = sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE || finished != SQLITE_OK) {
      // BUSY / LOCKED: another connection kept a lock past busy_timeout; else the copy's disk.
      const int code = rc != SQLITE_DONE ? rc : finished;
      std::filesystem::remove(partial);
      throw SqliteError(fmt::format("session store {}: backup into {} failed: {}", source,
                                    partial.string(), sqlite3_errstr(code)),
                        code);
    }
  }  // closed: a copy in WAL mode has copied its WAL back and removed it
  std::filesystem::rename(partial, dest);
  result.bytes = std::filesystem::file_size(dest);
  return result;
}

}  // namespace stridecue
