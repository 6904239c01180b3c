#include "store/sqlite_connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "store/private_file.hpp"

namespace stridecue {

namespace {

// SQLite reports a write past the file-size limit (ulimit -f, LimitFSIZE=: EFBIG) as a plain
// I/O error: a database or WAL that has reached the limit tells it apart.
bool at_file_size_limit(const std::string& path) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return false;
  for (const std::string& file : {path, path + "-wal", path + "-journal"}) {
    struct stat st {};
    // Within a page or two of it: SQLite writes whole pages.
    if (::stat(file.c_str(), &st) == 0 && static_cast<rlim_t>(st.st_size) + 65536 >= limit.rlim_cur)
      return true;
  }
  return false;
}

// SQLite's own words for a lock ("database is locked") name neither the file nor who holds it.
std::string explained(const std::string& path, int code, const std::string& message) {
  if ((code & 0xff) != SQLITE_BUSY && (code & 0xff) != SQLITE_LOCKED) return message;
  return fmt::format(
      "{}: another process holds a lock on {} (`fuser -v {}` names it; is another stridecued "
      "or a sqlite3 shell writing to it?)",
      message, path, path);
}

}  // namespace

std::string SqliteError::reason() const {
  if (errno_ == ENOSPC || errno_ == EDQUOT) return "disk full";
  if (errno_ == EFBIG) return "disk full (file size limit)";
  switch (primary()) {
    case SQLITE_FULL: return "disk full";
    case SQLITE_IOERR: return "disk I/O error";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "database locked by another process";
    case SQLITE_READONLY: return "database is read-only";
    case SQLITE_CANTOPEN: return "database file cannot be opened";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return "database is damaged";
    default: return sqlite3_errstr(code_);
  }
}

bool SqliteError::storage_fault() const {
  switch (primary()) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL: return true;
    default: return false;
  }
}

SqliteConnection::SqliteConnection(std::string path, Mode mode, int busy_timeout_ms,
                                   const std::string& vfs)
    : path_(std::move(path)) {
  const int flags =
      mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  // SQLite would create it 0644: a store holds health data (private_file.hpp).
  if (mode != Mode::read_only) create_private_file_if_absent(path_);
  const int rc = sqlite3_open_v2(path_.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX,
                                 vfs.empty() ? nullptr : vfs.c_str());
  if (rc != SQLITE_OK) {
    // sqlite3_open_v2 hands out a handle even on failure, for the message.
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(
        fmt::format("session store {}: cannot open: {}", path_, explained(path_, rc, message)), rc);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, busy_timeout_ms);
}

SqliteConnection::~SqliteConnection() {
  // Statements are finalised by their owners first (members declared after the connection).
  sqlite3_close_v2(db_);
}

std::int64_t SqliteConnection::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

int SqliteConnection::changes() const {
  return sqlite3_changes(db_);
}

bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

SqliteError SqliteConnection::error(std::string_view what) const {
  if (!db_)
    return SqliteError(fmt::format("session store {}: {}: closed", path_, what), SQLITE_MISUSE);
  const int code = sqlite3_extended_errcode(db_);
  // SQLite's message for a failed write is "disk I/O error" whatever the cause: the system's
  // says which (No space left on device, File too large …).
  int system =
      (code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL ? sqlite3_system_errno(db_) : 0;
  if (system == 0 && (code & 0xff) == SQLITE_IOERR && at_file_size_limit(path_)) system = EFBIG;
  std::string message = explained(path_, code, sqlite3_errmsg(db_));
  if (system != 0) message += fmt::format(" ({})", std::strerror(system));
  return SqliteError(fmt::format("session store {}: {}: {}", path_, what, message), code, system);
}

void SqliteConnection::exec(std::string_view sql) {
  const std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    sqlite3_free(message);  // sqlite3_errmsg says the same; error() adds the system's cause
    throw error(text);
  }
}

std::string SqliteConnection::query_text(std::string_view sql) {
  SqliteStatement statement(*this, sql);
  if (!statement.step()) throw error(fmt::format("{}: no row", sql));
  return statement.text(0);
}

std::int64_t SqliteConnection::query_int64(std::string_view sql) {
  SqliteStatement statement(*this, sql);
  if (!statement.step()) throw error(fmt::format("{}: no row", sql));
  return statement.int64(0);
}

SqliteStatement::SqliteStatement(SqliteConnection& db, std::string_view sql) : db_(&db) {
  if (sqlite3_prepare_v3(db.handle(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
    throw db.error(fmt::format("preparing \"{}\"", sql));
  }
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), stmt_(std::exchange(other.stmt_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(other.db_, nullptr);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

namespace {
std::string sql_of(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  return sql ? sql : "?";
}
}  // namespace

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK)
    throw db_->error(fmt::format("binding parameter {} of \"{}\"", index, sql_of(stmt_)));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
  if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK)
    throw db_->error(fmt::format("binding parameter {} of \"{}\"", index, sql_of(stmt_)));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
      SQLITE_OK)
    throw db_->error(fmt::format("binding parameter {} of \"{}\"", index, sql_of(stmt_)));
  return *this;
}

SqliteStatement& SqliteStatement::bind_blob(int index, std::span<const unsigned char> bytes) {
  // A zero-length blob, not NULL, for an empty block.
  static const unsigned char none = 0;
  if (sqlite3_bind_blob64(stmt_, index, bytes.empty() ? &none : bytes.data(), bytes.size(),
                          SQLITE_TRANSIENT) != SQLITE_OK)
    throw db_->error(fmt::format("binding parameter {} of \"{}\"", index, sql_of(stmt_)));
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK)
    throw db_->error(fmt::format("binding parameter {} of \"{}\"", index, sql_of(stmt_)));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<double>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

SqliteStatement& SqliteStatement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind_null(index);
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const SqliteError e = db_->error(fmt::format("running \"{}\"", sql_of(stmt_)));
  sqlite3_reset(stmt_);
  throw e;
}

void SqliteStatement::run() {
  while (step()) {
  }
  reset();
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double SqliteStatement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string SqliteStatement::text(int column) const {
  const auto* chars = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return chars ? std::string(chars, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
               : std::string();
}

std::optional<std::int64_t> SqliteStatement::maybe_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<double> SqliteStatement::maybe_real(int column) const {
  if (is_null(column)) return std::nullopt;
  return real(column);
}

std::optional<std::string> SqliteStatement::maybe_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::span<const unsigned char> SqliteStatement::blob(int column) const {
  const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, column));
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  return bytes ? std::span<const unsigned char>(bytes, size) : std::span<const unsigned char>();
}

std::string quoted_identifier(const std::string& name) {
  std::string out = "\"";
  for (const char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace stridecue
