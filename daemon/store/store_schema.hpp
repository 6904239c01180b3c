// The session store's schema (docs/store.md) and its version check.
#pragma once

#include "store/sqlite_connection.hpp"

namespace stridecue {

// Creates the tables on an empty database, or checks that an existing one is a session store
// this program can write. Throws std::runtime_error naming the path otherwise.
void create_or_check_schema(SqliteConnection& db);

// For read-only connections: throws when the file is not a session store this program reads.
void check_schema(SqliteConnection& db);

}  // namespace stridecue
