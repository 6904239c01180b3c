// Sessions that a writer left open — killed, crashed, or stopped while its disk was too full to
// write the end — are closed by the next writer that holds the store alone (WriterLock), so a
// session always ends: at its last stored stride, with a summary that says it was recovered.
#pragma once

#include "store/sqlite_connection.hpp"

namespace stridecue {

// How many sessions it closed. Throws SqliteError as any write does.
int close_sessions_left_open(SqliteConnection& db);

}  // namespace stridecue
