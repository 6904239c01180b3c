// The session store's schema (docs/store.md), its version check and its migrations.
#pragma once

#include <cstdint>

#include "store/sqlite_connection.hpp"

namespace stridecue {

// Schema 1 kept one row per raw sample block (`blocks`); schema 2 adds `block_chunks`, where
// the writer now puts them. A store of schema 1 is still read, and the writer migrates it by
// adding the table: its old sessions stay in `blocks`, where the readers find them.
inline constexpr std::int64_t kFirstChunkedSchema = 2;
// Schema 3 adds the runner's record (name, mass, foot length, shoe, affected side, notes) as
// columns of `runners`; older stores get them, empty, when a writer opens them.
inline constexpr std::int64_t kFirstRunnerProfileSchema = 3;
// Schema 4 adds the `programs` table (the clinic's program templates) and the runner's own
// program (`runners.program_json`).
inline constexpr std::int64_t kFirstProgramSchema = 4;

// Creates the tables on an empty database, migrates a store of an older schema, or checks that
// an existing one is a session store this program can write. Throws std::runtime_error naming
// the path otherwise.
void create_or_check_schema(SqliteConnection& db);

// For read-only connections: throws when the file is not a session store this program reads;
// else returns its schema version (kStoreSchemaVersion or an older one it reads).
std::int64_t check_schema(SqliteConnection& db);

}  // namespace stridecue
