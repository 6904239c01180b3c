// A thin RAII layer over the SQLite C API for the session store: one connection, prepared
// statements, and errors that name the database file and what failed (sqlite3_errmsg).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace stridecue {

class SqliteConnection;

// What SQLite refused, with its (extended) result code, so that a caller can tell a full or
// failing disk (SQLITE_FULL, SQLITE_IOERR_*) or another program's lock (SQLITE_BUSY) from a bug.
class SqliteError : public std::runtime_error {
 public:
  SqliteError(const std::string& message, int code, int system_errno = 0)
      : std::runtime_error(message), code_(code), errno_(system_errno) {}
  int code() const { return code_; }            // extended, e.g. SQLITE_IOERR_WRITE
  int primary() const { return code_ & 0xff; }  // e.g. SQLITE_IOERR
  int system_errno() const { return errno_; }   // of the failed system call, if one failed
  // A few words for people and the status: "disk full", "disk I/O error", "database locked
  // by another process" …; SQLite's own for the rest.
  // A write past a file-size limit (EFBIG) or quota (EDQUOT) is a full disk too, though SQLite
  // calls it an I/O error.
  std::string reason() const;
  // Whether the fault is the disk's or another program's (full, I/O error, locked, read-only,
  // gone): a later try may succeed. Else it is this statement's (a constraint, a bug).
  bool storage_fault() const;

 private:
  int code_;
  int errno_;
};

// `name` as an SQL identifier ("name", a '"' doubled), for tables and columns found at run time.
std::string quoted_identifier(const std::string& name);

// A prepared statement, reused: bind, step until done, reset.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(SqliteConnection& db, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters count from 1, as in SQLite.
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind_blob(int index, std::span<const unsigned char> bytes);
  SqliteStatement& bind_null(int index);
  SqliteStatement& bind(int index, const std::optional<std::int64_t>& value);
  SqliteStatement& bind(int index, const std::optional<double>& value);
  SqliteStatement& bind(int index, const std::optional<std::string>& value);

  // True while there is a row to read; false when done. Throws on errors.
  bool step();
  // Runs a statement that returns no rows, then resets it.
  void run();
  // Ready for the next bind and step (keeps the compiled statement).
  void reset();

  // Columns count from 0, as in SQLite.
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::optional<std::int64_t> maybe_int64(int column) const;
  std::optional<double> maybe_real(int column) const;
  std::optional<std::string> maybe_text(int column) const;
  std::span<const unsigned char> blob(int column) const;  // valid until the next step/reset

 private:
  SqliteConnection* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection {
 public:
  enum class Mode { read_write_create, read_only };

  // Throws SqliteError naming `path` when SQLite cannot open it. `vfs` names a VFS registered
  // by the caller (tests register one that fails writes on demand); empty: SQLite's default.
  SqliteConnection(std::string path, Mode mode, int busy_timeout_ms, const std::string& vfs = {});
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  // The first column of the first row of a one-row query, as text / integer.
  std::string query_text(std::string_view sql);
  std::int64_t query_int64(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  // Rows the last INSERT, UPDATE or DELETE changed.
  int changes() const;
  // Whether a transaction is open (SQLite may end one by itself after some errors).
  bool in_transaction() const;

  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  // "session store PATH: WHAT: <sqlite's message>", with SQLite's last result code. A lock held
  // by another connection (SQLITE_BUSY, after busy_timeout) says so and how to find the holder.
  SqliteError error(std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace stridecue
