// The retraining program templates a clinic made, kept in the store (table `programs`) beside
// the built-in ones (live/program_templates.hpp, which checks their settings). Plain functions
// on a connection, so that the daemon's recorder thread and `stridecue programs` use one SQL.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace stridecue {

struct StoredProgram {
  std::string name;
  std::string description;
  nlohmann::json settings = nlohmann::json::object();  // flat, dotted keys: checked when saved
  std::string created_utc, updated_utc;                // set by the store
};

// Empty for a store older than schema 4 (it has no table yet).
std::vector<StoredProgram> list_programs(SqliteConnection& db);
std::optional<StoredProgram> read_program(SqliteConnection& db, const std::string& name);
// Inserts the template or replaces one of that name; stamps the times. Needs schema 4.
void save_program(SqliteConnection& db, const StoredProgram& program);
// False when there was none of that name. Runners keep their copy of it.
bool delete_program(SqliteConnection& db, const std::string& name);

}  // namespace stridecue
