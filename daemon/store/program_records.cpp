#include "store/program_records.hpp"

#include <fmt/format.h>

#include "store/store_schema.hpp"

namespace stridecue {
namespace {

bool has_programs(SqliteConnection& db) {
  return db.query_int64("PRAGMA user_version") >= kFirstProgramSchema;
}

StoredProgram program_from(const SqliteStatement& row, const std::string& path) {
  StoredProgram p;
  p.name = row.text(0);
  p.description = row.text(1);
  try {
    p.settings = nlohmann::json::parse(row.text(2));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(
        fmt::format("session store {}: program '{}' holds settings that are "
                    "not JSON ({})",
                    path, p.name, e.what()));
  }
  p.created_utc = row.text(3);
  p.updated_utc = row.text(4);
  return p;
}

constexpr const char* kColumns = "name, description, settings_json, created_utc, updated_utc";

}  // namespace

std::vector<StoredProgram> list_programs(SqliteConnection& db) {
  std::vector<StoredProgram> out;
  if (!has_programs(db)) return out;
  SqliteStatement q(db, fmt::format("SELECT {} FROM programs ORDER BY name", kColumns));
  while (q.step())
    out.push_back(program_from(q, db.path()));
  return out;
}

std::optional<StoredProgram> read_program(SqliteConnection& db, const std::string& name) {
  if (!has_programs(db)) return std::nullopt;
  SqliteStatement q(db, fmt::format("SELECT {} FROM programs WHERE name = ?1", kColumns));
  q.bind(1, std::string_view(name));
  if (!q.step()) return std::nullopt;
  return program_from(q, db.path());
}

void save_program(SqliteConnection& db, const StoredProgram& p) {
  constexpr const char* kNow = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  SqliteStatement q(db, fmt::format("INSERT INTO programs ({0}) VALUES (?1, ?2, ?3, {1}, {1}) "
                                    "ON CONFLICT (name) DO UPDATE SET description = ?2, "
                                    "settings_json = ?3, updated_utc = {1}",
                                    kColumns, kNow));
  q.bind(1, std::string_view(p.name))
      .bind(2, std::string_view(p.description))
      .bind(3, std::string_view(p.settings.dump()));
  q.run();
}

bool delete_program(SqliteConnection& db, const std::string& name) {
  if (!has_programs(db)) return false;
  SqliteStatement q(db, "DELETE FROM programs WHERE name = ?1");
  q.bind(1, std::string_view(name));
  q.run();
  return db.changes() > 0;
}

}  // namespace stridecue
