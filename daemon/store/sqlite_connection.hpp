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

  // Throws std::runtime_error naming `path` when SQLite cannot open it.
  SqliteConnection(std::string path, Mode mode, int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more statements that return no rows.
  void exec(std::string_view sql);
  // The first column of the first row of a one-row query, as text / integer.
  std::string query_text(std::string_view sql);
  std::int64_t query_int64(std::string_view sql);

  std::int64_t last_insert_rowid() const;
  // Whether a transaction is open (SQLite may end one by itself after some errors).
  bool in_transaction() const;

  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }
  // "session store PATH: WHAT: <sqlite's message>".
  std::runtime_error error(std::string_view what) const;

 private:
  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace stridecue
