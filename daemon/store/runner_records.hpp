// The runners of a store: their records (store/runner_profile.hpp) and how many of their
// sessions count in a retraining program. Plain functions on a connection, so that the
// daemon's recorder thread (which owns the writer) and `stridecue runners` use the same SQL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/runner_profile.hpp"
#include "store/sqlite_connection.hpp"

namespace stridecue {

// A runner as `stridecue runners list` shows them: the record and their sessions.
struct RunnerListing {
  RunnerProfile profile;
  int sessions = 0;                     // every session stored
  std::optional<std::string> last_utc;  // when the last one started
};

std::optional<RunnerProfile> read_runner(SqliteConnection& db, const std::string& id);
std::vector<RunnerListing> list_runners(SqliteConnection& db);
// Inserts the runner, or replaces the record of one that exists (their sessions stay); stamps
// updated_utc (and created_utc when new). Needs a store of schema 3 (a writer's connection).
void save_runner(SqliteConnection& db, const RunnerProfile& profile);

// The runner's sessions in which they ran at least `min_running_s` (first to last contact of
// the session's strides): a session begun and stopped at once, or one in which nobody ran, is
// not a session of the program. `before_session`: only those with a smaller id (0: all);
// `after_session`: only those with a larger one (a program assigned after that session).
int counted_sessions(SqliteConnection& db, const std::string& runner_id, double min_running_s,
                     std::int64_t before_session = 0, std::int64_t after_session = 0);

// The store's last session id (0 when it has none): a program assigned now counts the sessions
// after it.
std::int64_t last_session_id(SqliteConnection& db);

}  // namespace stridecue
