// The read queries, shared by the writer (SessionStore) and read-only connections.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite_connection.hpp"
#include "store/store_rows.hpp"

namespace stridecue::store_queries {

std::vector<SessionSummary> list_sessions(SqliteConnection& db);
std::optional<SessionDetails> find_session(SqliteConnection& db, std::int64_t session_id);
int runner_session_count(SqliteConnection& db, const std::string& runner_id);
std::vector<StoredStride> strides(SqliteConnection& db, std::int64_t session_id);
std::vector<StoredCue> cues(SqliteConnection& db, std::int64_t session_id);
std::vector<StoredSettingsChange> settings_changes(SqliteConnection& db, std::int64_t session_id);
std::vector<StoredEvent> events(SqliteConnection& db, std::int64_t session_id);

// Text columns back to enums, with an error naming the table and the value.
Side side_column(const SqliteConnection& db, const std::string& text, const char* table);

}  // namespace stridecue::store_queries
